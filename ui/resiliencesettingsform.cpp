#include "resiliencesettingsform.h"

#include "resilience/backoff.h"
#include "settings/resiliencesettingsstore.h"
#include "theme.h"

#include <limits>

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QSpinBox>
#include <QVBoxLayout>

namespace oilwatch::ui {

using resilience::JitterKind;

namespace {

enum class FieldKind
{
    Integer,
    Real,
    Boolean,
    Jitter,
};

constexpr JitterKind kJitterKinds[] = {JitterKind::Full, JitterKind::Equal, JitterKind::Decorrelated,
    JitterKind::None, JitterKind::PythonSdkReference};

} // namespace

struct ResilienceSettingsForm::FieldSpec
{
    const char* key;
    const char* label;
    FieldKind kind = FieldKind::Integer;
    const char* suffix = "";
};

ResilienceSettingsForm::ResilienceSettingsForm(resilience::ResilienceSettings running, QWidget* parent)
    : QWidget(parent)
    , m_running(std::move(running))
    , m_base(m_running.toJson())
{
    setObjectName(QStringLiteral("resilienceSettingsForm"));
    using K = FieldKind;

    auto* note
        = new QLabel(QStringLiteral("OilWatch reads these settings when it starts. <b>Apply</b> checks "
                                    "and saves them; they <b>take effect at the next start</b>."),
            this);
    note->setObjectName(QStringLiteral("settingsNote"));
    note->setWordWrap(true);

    // Three columns of roughly equal height, each packed to the top, so the form fits the tab without
    // scrolling at the default window size.
    auto* columns = new QWidget;
    auto* row = new QHBoxLayout(columns);
    row->setContentsMargins(0, 0, 0, 0);
    row->setSpacing(12);
    QVBoxLayout* column[3];
    for (QVBoxLayout*& c : column) {
        c = new QVBoxLayout;
        c->setSpacing(8);
        row->addLayout(c, 1);
    }
    column[0]->addWidget(buildSection(QStringLiteral("Timeouts"), QStringLiteral("timeouts"),
        {{"attemptMs", "Per attempt", K::Integer, " ms"}, {"totalMs", "Total deadline", K::Integer, " ms"}}));
    column[0]->addWidget(buildSection(QStringLiteral("Retry"), QStringLiteral("retry"),
        {{"maxAttempts", "Max attempts"}, {"jitter", "Jitter", K::Jitter},
            {"baseMs", "Backoff base", K::Integer, " ms"}, {"capMs", "Backoff cap", K::Integer, " ms"},
            {"maxRetryAfterMs", "Longest Retry-After", K::Integer, " ms"}}));
    column[1]->addWidget(buildSection(QStringLiteral("Retry budget"), QStringLiteral("budget"),
        {{"enabled", "Enabled", K::Boolean}, {"capacity", "Capacity (tokens)"}, {"retryCost", "Retry cost"},
            {"timeoutRetryCost", "Timeout retry cost"}, {"successRefund", "Success refund"}}));
    column[1]->addWidget(buildSection(QStringLiteral("Concurrency"), QStringLiteral("limiter"),
        {{"maxInFlight", "Max in flight"}, {"maxQueued", "Max waiting"}}));
    column[2]->addWidget(buildSection(QStringLiteral("Circuit breaker"), QStringLiteral("breaker"),
        {{"windowMs", "Window", K::Integer, " ms"}, {"minimumCalls", "Minimum calls"},
            {"failureRateThreshold", "Failure rate to open", K::Real, " %"},
            {"consecutiveFailureThreshold", "Consecutive failures to open"},
            {"slowCallDurationMs", "Slow call from", K::Integer, " ms"},
            {"slowCallRateThreshold", "Slow call rate to open", K::Real, " %"},
            {"openBaseMs", "Open for (first trip)", K::Integer, " ms"},
            {"openMultiplier", "Open time multiplier", K::Real, " ×"},
            {"openMaxMs", "Open for at most", K::Integer, " ms"}, {"halfOpenProbes", "Half-open probes"}}));
    for (QVBoxLayout* c : column)
        c->addStretch(1);

    auto* scroll = new QScrollArea(this);
    scroll->setWidget(columns);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);

    m_errors = new QLabel(this);
    m_errors->setObjectName(QStringLiteral("settingsErrors"));
    m_errors->setWordWrap(true);
    m_errors->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_errors->setVisible(false);

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("settingsStatus"));
    m_status->setWordWrap(true);

    auto* applyButton = new QPushButton(QStringLiteral("Apply"), this);
    applyButton->setObjectName(QStringLiteral("applySettings"));
    applyButton->setToolTip(QStringLiteral("Check and save; takes effect at the next start"));
    auto* defaultsButton = new QPushButton(QStringLiteral("Restore defaults"), this);
    defaultsButton->setObjectName(QStringLiteral("restoreDefaults"));
    defaultsButton->setToolTip(QStringLiteral("Put the defaults in the form; Apply saves them"));
    connect(applyButton, &QPushButton::clicked, this, &ResilienceSettingsForm::apply);
    connect(defaultsButton, &QPushButton::clicked, this, &ResilienceSettingsForm::restoreDefaults);

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_status, 1);
    buttons->addWidget(defaultsButton);
    buttons->addWidget(applyButton);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->addWidget(note);
    layout->addWidget(scroll, 1);
    layout->addWidget(m_errors);
    layout->addLayout(buttons);

    setValues(m_running);
    applyColours();
}

QWidget* ResilienceSettingsForm::buildSection(
    const QString& title, const QString& section, const QList<FieldSpec>& specs)
{
    auto* box = new QGroupBox(title);
    auto* form = new QFormLayout(box);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    for (const FieldSpec& spec : specs) {
        const QString key = section + QLatin1Char('.') + QLatin1String(spec.key);
        QWidget* editor = nullptr;
        switch (spec.kind) {
        case FieldKind::Integer: {
            auto* spin = new QSpinBox;
            // Wider than any valid range: out-of-range values must reach settingsFromJson to be explained.
            spin->setRange(-1'000'000'000, std::numeric_limits<int>::max());
            spin->setSuffix(QString::fromUtf8(spec.suffix));
            spin->setGroupSeparatorShown(true);
            editor = spin;
            break;
        }
        case FieldKind::Real: {
            auto* spin = new QDoubleSpinBox;
            spin->setRange(-1'000'000.0, 1'000'000.0);
            spin->setDecimals(1);
            spin->setSuffix(QString::fromUtf8(spec.suffix));
            editor = spin;
            break;
        }
        case FieldKind::Boolean:
            editor = new QCheckBox;
            break;
        case FieldKind::Jitter: {
            auto* combo = new QComboBox;
            for (JitterKind kind : kJitterKinds)
                combo->addItem(resilience::jitterKindName(kind));
            editor = combo;
            break;
        }
        }
        editor->setObjectName(key);
        editor->setToolTip(key);
        auto* label = new QLabel(QString::fromUtf8(spec.label) + QLatin1Char(':'));
        label->setBuddy(editor);
        form->addRow(label, editor);
        m_fields.insert(key, editor);
        m_labels.insert(key, label);
    }
    return box;
}

void ResilienceSettingsForm::setValues(const resilience::ResilienceSettings& settings)
{
    const QJsonObject json = settings.toJson();
    for (auto it = m_fields.cbegin(); it != m_fields.cend(); ++it) {
        const QStringList path = it.key().split(QLatin1Char('.'));
        const QJsonValue value = json.value(path.at(0)).toObject().value(path.at(1));
        if (auto* spin = qobject_cast<QSpinBox*>(it.value()))
            spin->setValue(value.toInt());
        else if (auto* real = qobject_cast<QDoubleSpinBox*>(it.value()))
            real->setValue(value.toDouble());
        else if (auto* check = qobject_cast<QCheckBox*>(it.value()))
            check->setChecked(value.toBool());
        else if (auto* combo = qobject_cast<QComboBox*>(it.value()))
            combo->setCurrentIndex(combo->findText(value.toString()));
    }
}

QJsonObject ResilienceSettingsForm::formJson() const
{
    QJsonObject json = m_base;
    for (auto it = m_fields.cbegin(); it != m_fields.cend(); ++it) {
        const QStringList path = it.key().split(QLatin1Char('.'));
        QJsonValue value;
        if (auto* spin = qobject_cast<QSpinBox*>(it.value()))
            value = spin->value();
        else if (auto* real = qobject_cast<QDoubleSpinBox*>(it.value()))
            value = real->value();
        else if (auto* check = qobject_cast<QCheckBox*>(it.value()))
            value = check->isChecked();
        else if (auto* combo = qobject_cast<QComboBox*>(it.value()))
            value = combo->currentText();
        QJsonObject section = json.value(path.at(0)).toObject();
        section.insert(path.at(1), value);
        json.insert(path.at(0), section);
    }
    return json;
}

void ResilienceSettingsForm::setAppliesLive(bool live)
{
    m_appliesLive = live;
    if (auto* note = findChild<QLabel*>(QStringLiteral("settingsNote")))
        note->setText(live
                ? QStringLiteral("<b>Apply</b> checks and saves these settings; requests from then on "
                                 "use them, without a restart.")
                : QStringLiteral("OilWatch reads these settings when it starts. <b>Apply</b> checks "
                                 "and saves them; they <b>take effect at the next start</b>."));
    if (auto* button = findChild<QPushButton*>(QStringLiteral("applySettings")))
        button->setToolTip(live ? QStringLiteral("Check, save and use now")
                                : QStringLiteral("Check and save; takes effect at the next start"));
}

bool ResilienceSettingsForm::apply()
{
    const resilience::SettingsParseResult parsed = resilience::settingsFromJson(formJson());
    if (!parsed.ok()) {
        showErrors(parsed.errors);
        showStatus(QStringLiteral("Nothing saved: fix the values in red first."), true);
        return false;
    }
    showErrors({});
    QSettings store;
    settings::saveResilienceSettings(store, parsed.settings);
    if (m_appliesLive) {
        m_running = parsed.settings;
        showStatus(QStringLiteral("Saved and in effect now."), false);
    } else if (parsed.settings == m_running)
        showStatus(QStringLiteral("Saved. These are the settings OilWatch runs with now."), false);
    else
        showStatus(QStringLiteral("Saved; takes effect at the next start of OilWatch."), true);
    Q_EMIT saved(parsed.settings);
    return true;
}

void ResilienceSettingsForm::restoreDefaults()
{
    setValues(resilience::ResilienceSettings {});
    showErrors({});
    showStatus(QStringLiteral("Defaults are in the form; Apply saves them."), false);
}

void ResilienceSettingsForm::showErrors(const QList<resilience::SettingsError>& errors)
{
    for (auto it = m_labels.cbegin(); it != m_labels.cend(); ++it) {
        QFont font = it.value()->font();
        font.setBold(false);
        it.value()->setFont(font);
        it.value()->setPalette(QPalette());
    }
    for (const resilience::SettingsError& error : errors) {
        if (QLabel* label = m_labels.value(error.key)) {
            // Bold as well as red, so the field stands out without relying on colour alone.
            QFont font = label->font();
            font.setBold(true);
            label->setFont(font);
            QPalette p = label->palette();
            p.setColor(QPalette::WindowText, errorColour(palette()));
            label->setPalette(p);
        }
    }
    m_errors->setText(settings::describeSettingsErrors(errors));
    m_errors->setVisible(!errors.isEmpty());
}

void ResilienceSettingsForm::showStatus(const QString& text, bool warning)
{
    m_status->setText(text);
    m_statusIsWarning = warning;
    applyColours();
}

QString ResilienceSettingsForm::errorText() const
{
    return m_errors->text();
}

QString ResilienceSettingsForm::statusText() const
{
    return m_status->text();
}

void ResilienceSettingsForm::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && m_errors)
        applyColours();
}

void ResilienceSettingsForm::applyColours()
{
    QPalette errors = m_errors->palette();
    errors.setColor(QPalette::WindowText, errorColour(palette()));
    m_errors->setPalette(errors);
    QPalette status = m_status->palette();
    status.setColor(QPalette::WindowText,
        m_statusIsWarning ? warningColour(palette()) : palette().color(QPalette::WindowText));
    m_status->setPalette(status);
}

} // namespace oilwatch::ui
