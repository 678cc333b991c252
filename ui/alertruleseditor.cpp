#include "alertruleseditor.h"

#include "alertruleform.h"
#include "theme.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSignalBlocker>
#include <QUuid>
#include <QVBoxLayout>

namespace oilwatch::ui {

using alerts::AlertRule;

AlertRulesEditor::AlertRulesEditor(const alerts::AlertRuleStore& store, QWidget* parent)
    : QWidget(parent)
    , m_store(store)
    , m_list(new QListWidget(this))
    , m_form(new AlertRuleForm(this))
    , m_add(new QPushButton(QStringLiteral("Add"), this))
    , m_remove(new QPushButton(QStringLiteral("Remove"), this))
    , m_save(new QPushButton(QStringLiteral("Save"), this))
    , m_revert(new QPushButton(QStringLiteral("Revert"), this))
    , m_status(new QLabel(this))
{
    m_list->setObjectName(QStringLiteral("alertRuleList"));
    // Wide enough for "BRENT_CRUDE_USD moves 5 % in 15 min" without eliding.
    m_list->setMinimumWidth(
        fontMetrics().horizontalAdvance(QStringLiteral("BRENT_CRUDE_USD moves 10 % in 15 min")) + 24);
    m_status->setTextFormat(Qt::PlainText);
    m_status->setWordWrap(true);

    auto* listButtons = new QHBoxLayout;
    listButtons->addWidget(m_add);
    listButtons->addWidget(m_remove);
    listButtons->addStretch(1);
    auto* left = new QVBoxLayout;
    left->addWidget(m_list, 1);
    left->addLayout(listButtons);

    auto* top = new QHBoxLayout;
    top->addLayout(left, 2);
    top->addWidget(m_form, 3);

    auto* bottom = new QHBoxLayout;
    bottom->addWidget(m_status, 1);
    bottom->addWidget(m_revert);
    bottom->addWidget(m_save);
    m_save->setDefault(true);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top, 1);
    layout->addLayout(bottom);

    connect(m_add, &QPushButton::clicked, this, &AlertRulesEditor::addRule);
    connect(m_remove, &QPushButton::clicked, this, &AlertRulesEditor::removeSelected);
    connect(m_save, &QPushButton::clicked, this, &AlertRulesEditor::save);
    connect(m_revert, &QPushButton::clicked, this, &AlertRulesEditor::revert);
    connect(m_list, &QListWidget::currentRowChanged, this, &AlertRulesEditor::onSelectionChanged);
    connect(m_form, &AlertRuleForm::edited, this, &AlertRulesEditor::onFormEdited);
    revert();
}

void AlertRulesEditor::setKnownCodes(const QStringList& codes)
{
    m_codes = codes;
    m_form->setKnownCodes(codes);
    if (currentRow() >= 0)
        m_form->setRule(m_rules.at(currentRow()));
}

QString AlertRulesEditor::statusText() const
{
    return m_status->text();
}

int AlertRulesEditor::currentRow() const
{
    return m_list->currentRow();
}

void AlertRulesEditor::selectRow(int row)
{
    m_list->setCurrentRow(row);
}

void AlertRulesEditor::addRule()
{
    AlertRule rule;
    rule.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    rule.code = m_codes.value(0);
    m_rules.append(rule);
    refreshList();
    selectRow(int(m_rules.size()) - 1);
    setDirty(true);
}

void AlertRulesEditor::removeSelected()
{
    const int row = currentRow();
    if (row < 0)
        return;
    m_rules.removeAt(row);
    refreshList();
    selectRow(std::min(row, int(m_rules.size()) - 1));
    setDirty(true);
}

bool AlertRulesEditor::save()
{
    for (int row = 0; row < m_rules.size(); ++row) {
        const QList<alerts::RuleProblem> problems = alerts::validateRule(m_rules.at(row));
        if (problems.isEmpty())
            continue;
        selectRow(row);
        setStatus(
            QStringLiteral("Not saved: “%1” has a problem: %2 %3.")
                .arg(alerts::displayName(m_rules.at(row)), problems.first().field, problems.first().message),
            true);
        return false;
    }
    if (const std::optional<alerts::RuleStoreError> error = m_store.save(m_rules)) {
        setStatus(QStringLiteral("Not saved: %1.").arg(error->message), true);
        return false;
    }
    setDirty(false);
    setStatus(
        QStringLiteral("Saved %1 rule%2.").arg(m_rules.size()).arg(m_rules.size() == 1 ? "" : "s"), false);
    Q_EMIT rulesSaved(m_rules);
    return true;
}

void AlertRulesEditor::revert()
{
    const alerts::LoadedRules loaded = m_store.load();
    m_rules = loaded.rules;
    refreshList();
    selectRow(m_rules.isEmpty() ? -1 : 0);
    onSelectionChanged(); // the row may not have changed (-1 to -1), the rule under it has
    setDirty(false);
    QStringList messages;
    for (const alerts::RuleStoreError& error : loaded.errors)
        messages << error.message;
    if (!messages.isEmpty())
        setStatus(messages.join(QLatin1Char('\n')), true);
    else if (m_rules.isEmpty())
        setStatus(QStringLiteral("No alert rules yet: Add one."), false);
    else
        setStatus(QString(), false);
}

void AlertRulesEditor::onSelectionChanged()
{
    const int row = currentRow();
    m_form->setEnabled(row >= 0);
    m_remove->setEnabled(row >= 0);
    if (row >= 0)
        m_form->setRule(m_rules.at(row));
    else
        m_form->setRule(AlertRule {});
}

void AlertRulesEditor::onFormEdited()
{
    const int row = currentRow();
    if (row < 0)
        return;
    m_rules[row] = m_form->rule();
    m_list->item(row)->setText(itemText(m_rules.at(row)));
    setDirty(true);
}

void AlertRulesEditor::refreshList()
{
    const QSignalBlocker blocker(m_list);
    m_list->clear();
    for (const AlertRule& rule : std::as_const(m_rules))
        m_list->addItem(itemText(rule));
}

QString AlertRulesEditor::itemText(const AlertRule& rule) const
{
    // List items are drawn as plain text; marks say what the form would say in detail.
    QString text = alerts::displayName(rule);
    if (!rule.enabled)
        text += QStringLiteral(" (off)");
    if (!alerts::validateRule(rule).isEmpty())
        text = QStringLiteral("⚠ ") + text;
    return text;
}

void AlertRulesEditor::setStatus(const QString& text, bool warning)
{
    m_status->setText(text);
    setTextColour(m_status, warning ? errorColour(palette()) : palette().color(QPalette::WindowText));
}

void AlertRulesEditor::setDirty(bool dirty)
{
    m_dirty = dirty;
    m_save->setEnabled(dirty);
    m_revert->setEnabled(dirty);
    if (dirty)
        setStatus(QStringLiteral("Unsaved changes."), false);
}

} // namespace oilwatch::ui
