#include "alertruleform.h"

#include "theme.h"

#include <cmath>

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QVBoxLayout>

namespace oilwatch::ui {

using alerts::AlertKind;
using alerts::AlertRule;

namespace {

constexpr AlertKind kKinds[] = {AlertKind::Above, AlertKind::Below, AlertKind::PercentMove, AlertKind::Stale,
    AlertKind::BreakerOpen, AlertKind::DataSuspect};

// Spin boxes accept more than is valid on purpose: validateRule() decides, and says why.
QDoubleSpinBox* numberBox(QWidget* parent)
{
    auto* box = new QDoubleSpinBox(parent);
    box->setDecimals(3);
    box->setRange(-1e9, 1e9);
    box->setAccelerated(true);
    return box;
}

QSpinBox* secondsBox(QWidget* parent, int max, const QString& suffix)
{
    auto* box = new QSpinBox(parent);
    box->setRange(0, max);
    box->setSuffix(suffix);
    box->setAccelerated(true);
    return box;
}

// Prices get three decimals (gas moves in the third), percentages two, seconds none.
int thresholdDecimals(AlertKind kind)
{
    switch (kind) {
    case AlertKind::PercentMove:
        return 2;
    case AlertKind::Stale:
    case AlertKind::BreakerOpen:
        return 0;
    case AlertKind::Above:
    case AlertKind::Below:
    case AlertKind::DataSuspect:
        break;
    }
    return 3;
}

QString thresholdSuffix(AlertKind kind)
{
    switch (kind) {
    case AlertKind::PercentMove:
        return QStringLiteral(" %");
    case AlertKind::Stale:
    case AlertKind::BreakerOpen:
        return QStringLiteral(" s");
    case AlertKind::Above:
    case AlertKind::Below:
    case AlertKind::DataSuspect:
        break;
    }
    return {};
}

} // namespace

QString alertKindHelp(AlertKind kind)
{
    switch (kind) {
    case AlertKind::Above:
        return QStringLiteral("Fires when the price rises above the threshold.");
    case AlertKind::Below:
        return QStringLiteral("Fires when the price falls below the threshold.");
    case AlertKind::PercentMove:
        return QStringLiteral(
            "Fires when the price moves by more than the threshold, up or down, within the window.");
    case AlertKind::Stale:
        return QStringLiteral("Fires when the value shown is older than the threshold.");
    case AlertKind::BreakerOpen:
        return QStringLiteral("Fires when the API's circuit breaker stays open longer than the threshold.");
    case AlertKind::DataSuspect:
        return QStringLiteral("Fires when validation marks the latest quote as suspect.");
    }
    return {};
}

AlertRuleForm::AlertRuleForm(QWidget* parent)
    : QWidget(parent)
    , m_layout(new QFormLayout)
    , m_name(new QLineEdit(this))
    , m_code(new QComboBox(this))
    , m_kind(new QComboBox(this))
    , m_kindHelp(new QLabel(this))
    , m_threshold(numberBox(this))
    , m_window(secondsBox(this, 7 * 24 * 60, QStringLiteral(" min")))
    , m_pending(secondsBox(this, 24 * 3600, QStringLiteral(" s")))
    , m_hysteresis(numberBox(this))
    , m_cooldown(secondsBox(this, 24 * 3600, QStringLiteral(" s")))
    , m_enabled(new QCheckBox(QStringLiteral("Enabled"), this))
    , m_notifyOnResolve(new QCheckBox(QStringLiteral("Also notify when resolved"), this))
{
    m_name->setPlaceholderText(QStringLiteral("optional, e.g. Brent high"));
    m_code->setEditable(true);
    m_code->setInsertPolicy(QComboBox::NoInsert);
    for (AlertKind kind : kKinds)
        m_kind->addItem(alerts::alertKindLabel(kind), int(kind));
    m_kindHelp->setTextFormat(Qt::PlainText);
    m_kindHelp->setWordWrap(true);
    m_window->setMinimum(0);
    m_pending->setToolTip(QStringLiteral("The condition must hold this long before the alert fires."));
    m_hysteresis->setMinimum(-1e9);
    m_hysteresis->setToolTip(QStringLiteral(
        "A firing alert resolves only once the value is back past the threshold by this much."));
    m_cooldown->setToolTip(QStringLiteral("After resolving, the alert does not fire again for this long."));

    m_layout->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    addRow(QStringLiteral("name"), QStringLiteral("Name"), m_name);
    addRow(QStringLiteral("code"), QStringLiteral("Commodity"), m_code);
    addRow(QStringLiteral("kind"), QStringLiteral("Condition"), m_kind);
    m_layout->addRow(QString(), m_kindHelp);
    addRow(QStringLiteral("threshold"), QStringLiteral("Threshold"), m_threshold);
    addRow(QStringLiteral("window_ms"), QStringLiteral("Window"), m_window);
    addRow(QStringLiteral("pending_ms"), QStringLiteral("Pending for"), m_pending);
    addRow(QStringLiteral("hysteresis"), QStringLiteral("Hysteresis"), m_hysteresis);
    addRow(QStringLiteral("cooldown_ms"), QStringLiteral("Cooldown"), m_cooldown);
    m_layout->addRow(QString(), m_enabled);
    m_layout->addRow(QString(), m_notifyOnResolve);
    // The id is not edited, but its problem (if any) must still show somewhere.
    m_errors.insert(QStringLiteral("id"), new QLabel(this));
    m_layout->addRow(QString(), m_errors.value(QStringLiteral("id")));

    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addLayout(m_layout);
    outer->addStretch(1);

    connect(m_name, &QLineEdit::textEdited, this, &AlertRuleForm::onEdited);
    connect(m_code, &QComboBox::currentTextChanged, this, &AlertRuleForm::onEdited);
    connect(m_kind, &QComboBox::currentIndexChanged, this, &AlertRuleForm::onEdited);
    for (QDoubleSpinBox* box : {m_threshold, m_hysteresis})
        connect(box, &QDoubleSpinBox::valueChanged, this, &AlertRuleForm::onEdited);
    for (QSpinBox* box : {m_window, m_pending, m_cooldown})
        connect(box, &QSpinBox::valueChanged, this, &AlertRuleForm::onEdited);
    for (QCheckBox* box : {m_enabled, m_notifyOnResolve})
        connect(box, &QCheckBox::toggled, this, &AlertRuleForm::onEdited);

    for (QLabel* label : std::as_const(m_errors)) {
        label->setTextFormat(Qt::PlainText);
        label->setWordWrap(true);
        label->setVisible(false);
        setTextColour(label, errorColour(palette()));
    }
    setRule(AlertRule {});
}

void AlertRuleForm::addRow(const QString& key, const QString& label, QWidget* editor)
{
    auto* column = new QWidget(this);
    auto* layout = new QVBoxLayout(column);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    auto* error = new QLabel(column);
    layout->addWidget(editor);
    layout->addWidget(error);
    editor->setObjectName(key);
    m_layout->addRow(label, column);
    m_fields.insert(key, editor);
    m_errors.insert(key, error);
}

void AlertRuleForm::setKnownCodes(const QStringList& codes)
{
    const QSignalBlocker blocker(m_code);
    const QString current = m_code->currentText();
    m_code->clear();
    m_code->addItems(codes);
    m_code->setCurrentText(current);
}

void AlertRuleForm::setRule(const AlertRule& rule)
{
    m_loading = true;
    m_id = rule.id;
    m_name->setText(rule.name);
    m_code->setCurrentText(rule.code);
    m_kind->setCurrentIndex(m_kind->findData(int(rule.kind)));
    updateForKind(); // first: it sets the decimals the values are rounded to
    m_threshold->setValue(std::isfinite(rule.threshold) ? rule.threshold : 0.0);
    m_window->setValue(int(rule.windowMs / 60'000));
    m_pending->setValue(int(rule.pendingMs / 1000));
    m_hysteresis->setValue(std::isfinite(rule.hysteresis) ? rule.hysteresis : 0.0);
    m_cooldown->setValue(int(rule.cooldownMs / 1000));
    m_enabled->setChecked(rule.enabled);
    m_notifyOnResolve->setChecked(rule.notifyOnResolve);
    m_loading = false;
    updateForKind();
    showProblems();
}

AlertRule AlertRuleForm::rule() const
{
    AlertRule rule;
    rule.id = m_id;
    rule.name = m_name->text().trimmed();
    rule.code = m_code->currentText().trimmed();
    rule.kind = AlertKind(m_kind->currentData().toInt());
    rule.threshold = m_threshold->value();
    rule.windowMs = qint64(m_window->value()) * 60'000;
    rule.pendingMs = qint64(m_pending->value()) * 1000;
    rule.hysteresis = m_hysteresis->value();
    rule.cooldownMs = qint64(m_cooldown->value()) * 1000;
    rule.enabled = m_enabled->isChecked();
    rule.notifyOnResolve = m_notifyOnResolve->isChecked();
    return rule;
}

QString AlertRuleForm::errorText() const
{
    QStringList lines;
    for (const alerts::RuleProblem& p : m_problems)
        lines << QStringLiteral("%1 %2").arg(p.field, p.message);
    return lines.join(QLatin1Char('\n'));
}

bool AlertRuleForm::isFieldShown(const QString& key) const
{
    QWidget* editor = m_fields.value(key);
    return editor && m_layout->isRowVisible(editor->parentWidget());
}

void AlertRuleForm::onEdited()
{
    if (m_loading)
        return;
    updateForKind();
    showProblems();
    Q_EMIT edited();
}

void AlertRuleForm::updateForKind()
{
    const AlertKind kind = AlertKind(m_kind->currentData().toInt());
    m_kindHelp->setText(alertKindHelp(kind));
    const QString suffix = thresholdSuffix(kind);
    m_threshold->setSuffix(suffix);
    m_hysteresis->setSuffix(suffix);
    m_threshold->setDecimals(thresholdDecimals(kind));
    m_hysteresis->setDecimals(thresholdDecimals(kind));
    const bool hasThreshold = kind != AlertKind::DataSuspect;
    m_layout->setRowVisible(m_threshold->parentWidget(), hasThreshold);
    m_layout->setRowVisible(m_hysteresis->parentWidget(), hasThreshold);
    m_layout->setRowVisible(m_window->parentWidget(), kind == AlertKind::PercentMove);
}

void AlertRuleForm::showProblems()
{
    m_problems = alerts::validateRule(rule());
    for (auto it = m_errors.constBegin(); it != m_errors.constEnd(); ++it) {
        QStringList messages;
        for (const alerts::RuleProblem& p : std::as_const(m_problems)) {
            if (p.field == it.key())
                messages << p.message;
        }
        // "must be greater than 0 ..." reads as a sentence under its field.
        QString text = messages.join(QStringLiteral("; "));
        if (!text.isEmpty())
            text[0] = text[0].toUpper();
        it.value()->setText(text);
        it.value()->setVisible(!text.isEmpty());
    }
}

} // namespace oilwatch::ui
