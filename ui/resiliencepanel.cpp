#include "resiliencepanel.h"

#include "breakermonitor.h"
#include "breakerstatuswidget.h"
#include "readonlytable.h"
#include "resilienceeventmodel.h"
#include "resiliencesettingsform.h"
#include "theme.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace oilwatch::ui {

using resilience::BreakerState;

namespace {

// What the state means for the user's requests; the window's counts only while they decide anything.
QString stateExplanation(const BreakerSnapshot& s)
{
    switch (s.state) {
    case BreakerState::Closed:
        return QStringLiteral("· in its window: %1 calls, %2 failed · %3 failures in a row")
            .arg(s.calls)
            .arg(s.failures)
            .arg(s.consecutiveFailures);
    case BreakerState::Open:
        return QStringLiteral("· requests fail at once until a probe is let through");
    case BreakerState::HalfOpen:
        return QStringLiteral("· a few probe requests test the host");
    case BreakerState::ForcedOpen:
        return QStringLiteral("· every request fails at once until Reset");
    case BreakerState::Disabled:
        return QStringLiteral("· every request goes through, nothing is counted, until Reset");
    }
    return {};
}

} // namespace

ResiliencePanel::ResiliencePanel(
    BreakerMonitor& monitor, const resilience::ResilienceSettings& running, QWidget* parent)
    : QWidget(parent)
    , m_monitor(monitor)
{
    setObjectName(QStringLiteral("resiliencePanel"));

    m_model = new ResilienceEventModel(ResilienceEventModel::kDefaultCapacity, this);
    connect(&m_monitor, &BreakerMonitor::eventSeen, m_model, &ResilienceEventModel::addEvent);

    m_timeline = new QTableView;
    m_timeline->setObjectName(QStringLiteral("resilienceTimeline"));
    m_timeline->setModel(m_model);
    setUpReadOnlyTable(m_timeline);
    QHeaderView* header = m_timeline->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::Interactive);
    // Sized for their content once, not per row: 500 rows of ResizeToContents would re-measure on every
    // event.
    const QFontMetrics metrics = fontMetrics();
    header->resizeSection(
        ResilienceEventModel::TimeColumn, metrics.horizontalAdvance(QStringLiteral("00:00:00.000")) + 24);
    header->resizeSection(ResilienceEventModel::HostColumn,
        metrics.horizontalAdvance(QStringLiteral("api.oilpriceapi.com")) + 24);
    header->resizeSection(
        ResilienceEventModel::TypeColumn, metrics.horizontalAdvance(QStringLiteral("Rejected")) + 32);

    m_form = new ResilienceSettingsForm(running);

    m_pages = new QTabWidget;
    m_pages->setObjectName(QStringLiteral("resiliencePages"));
    m_pages->setDocumentMode(true);
    m_pages->addTab(m_timeline, QStringLiteral("Timeline"));
    m_pages->addTab(m_form, QStringLiteral("Settings"));

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->setSpacing(6);
    layout->addWidget(buildBreakerRow());
    layout->addWidget(m_pages, 1);

    connect(&m_monitor, &BreakerMonitor::changed, this, &ResiliencePanel::refresh);
    refresh();
}

QWidget* ResiliencePanel::buildBreakerRow()
{
    auto* row = new QWidget;
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(8);

    auto* title = new QLabel(QStringLiteral("Circuit breaker"));
    QFont bold = title->font();
    bold.setBold(true);
    title->setFont(bold);

    m_breakerState = new QLabel;
    m_breakerState->setObjectName(QStringLiteral("panelBreakerState"));
    m_breakerState->setFont(bold);
    m_breakerMetrics = new QLabel;
    m_breakerMetrics->setObjectName(QStringLiteral("panelBreakerMetrics"));

    m_forceOpen = new QPushButton(QStringLiteral("Force open"));
    m_forceOpen->setObjectName(QStringLiteral("breakerForceOpen"));
    m_forceOpen->setToolTip(
        QStringLiteral("Fail every request to this host at once, without probing, until Reset"));
    m_disable = new QPushButton(QStringLiteral("Disable"));
    m_disable->setObjectName(QStringLiteral("breakerDisable"));
    m_disable->setToolTip(
        QStringLiteral("Let every request through and stop counting failures, until Reset"));
    m_reset = new QPushButton(QStringLiteral("Reset"));
    m_reset->setObjectName(QStringLiteral("breakerReset"));
    m_reset->setToolTip(QStringLiteral("Back to closed with an empty window and the shortest open time"));
    connect(m_forceOpen, &QPushButton::clicked, &m_monitor, &BreakerMonitor::forceOpen);
    connect(m_disable, &QPushButton::clicked, &m_monitor, &BreakerMonitor::disable);
    connect(m_reset, &QPushButton::clicked, &m_monitor, &BreakerMonitor::reset);

    layout->addWidget(title);
    layout->addWidget(m_breakerState);
    layout->addWidget(m_breakerMetrics, 1);
    layout->addWidget(m_forceOpen);
    layout->addWidget(m_disable);
    layout->addWidget(m_reset);
    return row;
}

void ResiliencePanel::refresh()
{
    const BreakerSnapshot s = m_monitor.snapshot();
    m_breakerState->setText(QStringLiteral("● ") + breakerStatusText(s));
    QPalette p = m_breakerState->palette();
    p.setColor(QPalette::WindowText, breakerStateColour(s.state, palette()));
    m_breakerState->setPalette(p);
    m_breakerMetrics->setText(stateExplanation(s));
    m_forceOpen->setEnabled(s.state != BreakerState::ForcedOpen);
    m_disable->setEnabled(s.state != BreakerState::Disabled);
}

QString ResiliencePanel::breakerText() const
{
    return m_breakerState->text();
}

void ResiliencePanel::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && m_breakerState)
        refresh();
}

} // namespace oilwatch::ui
