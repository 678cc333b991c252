#include "alertspanel.h"

#include "alerthistorymodel.h"
#include "alerthistoryview.h"
#include "alertruleseditor.h"
#include "alerts/alertengine.h"
#include "traynotifier.h"

#include <QTabWidget>
#include <QVBoxLayout>

namespace oilwatch::ui {

AlertsPanel::AlertsPanel(alerts::AlertEngine& engine, const alerts::AlertRuleStore& store,
    const QStringList& codes, QSystemTrayIcon* trayIcon, QWidget* parent)
    : QWidget(parent)
    , m_engine(engine)
    , m_model(new AlertHistoryModel(alerts::AlertEngine::kDefaultHistoryCapacity, this))
    , m_notifier(new TrayNotifier(trayIcon, this))
{
    m_editor = new AlertRulesEditor(store, this);
    m_editor->setObjectName(QStringLiteral("alertRulesEditor"));
    m_editor->setKnownCodes(codes);
    m_history = new AlertHistoryView(m_model, this);
    m_history->setObjectName(QStringLiteral("alertHistory"));
    m_history->setNote(m_notifier->unavailableNote());
    m_model->setHistory(engine.history());

    // What happened first, how to change it second, as the Resilience tab's timeline and settings: each
    // gets the tab's whole width, which the history's messages and the editor's list and form both need.
    m_pages = new QTabWidget(this);
    m_pages->setObjectName(QStringLiteral("alertPages"));
    m_pages->addTab(m_history, QStringLiteral("History"));
    m_pages->addTab(m_editor, QStringLiteral("Rules"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_pages);

    engine.addNotifier(m_notifier);
    connect(m_editor, &AlertRulesEditor::rulesSaved, &engine, &alerts::AlertEngine::setRules);
    connect(&engine, &alerts::AlertEngine::transitioned, m_model, &AlertHistoryModel::addEvent);
    connect(&engine, &alerts::AlertEngine::transitioned, this, &AlertsPanel::countFiring);
    connect(&engine, &alerts::AlertEngine::rulesChanged, this, &AlertsPanel::countFiring);
    countFiring();
}

void AlertsPanel::showRules()
{
    m_pages->setCurrentWidget(m_editor);
}

AlertsPanel::~AlertsPanel()
{
    m_engine.removeNotifier(m_notifier);
}

void AlertsPanel::countFiring()
{
    int firing = 0;
    for (const alerts::AlertRule& rule : m_engine.rules())
        firing += m_engine.stateOf(rule.id) == alerts::AlertState::Firing ? 1 : 0;
    if (firing == m_firing)
        return;
    m_firing = firing;
    Q_EMIT firingCountChanged(firing);
}

} // namespace oilwatch::ui
