#include "benchsettingsform.h"

#include "displayformat.h"
#include "sim/faultprofile.h"
#include "theme.h"

#include <cmath>
#include <limits>

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QRegularExpression>
#include <QSpinBox>
#include <QVBoxLayout>

namespace oilwatch::ui {

using bench::BenchConfig;
using bench::EngineKind;
using bench::LoadModel;
using bench::TargetKind;

namespace {

enum class StopBy
{
    Duration,
    Count,
};

template <typename Enum> void selectData(QComboBox* combo, Enum value)
{
    combo->setCurrentIndex(std::max(0, combo->findData(static_cast<int>(value))));
}

template <typename Enum> Enum selectedData(const QComboBox* combo)
{
    return static_cast<Enum>(combo->currentData().toInt());
}

QDoubleSpinBox* secondsBox(double max)
{
    auto* box = new QDoubleSpinBox;
    box->setRange(0.0, max);
    box->setDecimals(1);
    box->setSuffix(QStringLiteral(" s"));
    return box;
}

std::chrono::milliseconds millisecondsOf(const QDoubleSpinBox* box)
{
    return std::chrono::milliseconds(std::llround(box->value() * 1000.0));
}

QGroupBox* group(const QString& title, QFormLayout*& form)
{
    auto* box = new QGroupBox(title);
    form = new QFormLayout(box);
    form->setContentsMargins(8, 6, 8, 6);
    form->setSpacing(6);
    // Editors take the free width: the panel's left column is narrow.
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    return box;
}

} // namespace

BenchSettingsForm::BenchSettingsForm(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("benchSettingsForm"));

    m_quota = new QLabel;
    m_quota->setObjectName(QStringLiteral("benchQuotaNote"));
    m_quota->setWordWrap(true);
    m_error = new QLabel;
    m_error->setObjectName(QStringLiteral("benchValidation"));
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(8);
    layout->addWidget(buildTargetGroup());
    layout->addWidget(m_quota);
    layout->addWidget(buildLoadGroup());
    layout->addWidget(buildMeasureGroup());
    layout->addWidget(m_error);
    layout->addStretch(1);

    // Combo boxes would otherwise be as wide as their longest item and push the form past the narrow
    // column it lives in, cutting off its right edge.
    for (QComboBox* combo : findChildren<QComboBox*>()) {
        combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        combo->setMinimumContentsLength(10);
    }
    setConfig(BenchConfig {});
    applyColours();
}

QWidget* BenchSettingsForm::buildTargetGroup()
{
    QFormLayout* form = nullptr;
    QGroupBox* box = group(QStringLiteral("Target"), form);

    m_target = new QComboBox;
    m_target->addItem(QStringLiteral("Built-in simulator"), int(TargetKind::Simulator));
    m_target->addItem(QStringLiteral("Live API (uses quota)"), int(TargetKind::LiveApi));
    m_target->addItem(QStringLiteral("Other URL"), int(TargetKind::Url));
    m_url = new QLineEdit;
    m_url->setPlaceholderText(QStringLiteral("http://host:port/path"));
    m_endpoint = new QLineEdit;
    m_codes = new QLineEdit;
    m_codes->setPlaceholderText(QStringLiteral("endpoint default"));
    m_codes->setToolTip(QStringLiteral("Commodity codes, separated by commas or spaces"));
    m_faultProfile = new QComboBox;
    // Editable: besides the built-in names it takes the path of a profile's JSON file.
    m_faultProfile->setEditable(true);
    m_faultProfile->addItems(sim::FaultProfile::builtinNames());
    m_faultProfile->setToolTip(QStringLiteral("A built-in fault profile, or the path of a JSON profile"));
    m_insecure = new QCheckBox(QStringLiteral("Accept any TLS certificate"));
    m_insecure->setToolTip(QStringLiteral("For a test server with a self-signed certificate: the traffic is "
                                          "still encrypted, but nothing proves who answers"));

    form->addRow(QStringLiteral("Target"), m_target);
    form->addRow(QStringLiteral("URL"), m_url);
    form->addRow(QStringLiteral("Endpoint"), m_endpoint);
    form->addRow(QStringLiteral("Codes"), m_codes);
    form->addRow(QStringLiteral("Faults"), m_faultProfile);
    form->addRow(m_insecure);

    connect(m_target, &QComboBox::currentIndexChanged, this, &BenchSettingsForm::onEdited);
    connect(m_faultProfile, &QComboBox::currentTextChanged, this, &BenchSettingsForm::onEdited);
    connect(m_insecure, &QCheckBox::toggled, this, &BenchSettingsForm::onEdited);
    for (QLineEdit* edit : {m_url, m_endpoint, m_codes})
        connect(edit, &QLineEdit::textChanged, this, &BenchSettingsForm::onEdited);
    return box;
}

QWidget* BenchSettingsForm::buildLoadGroup()
{
    QFormLayout* form = nullptr;
    QGroupBox* box = group(QStringLiteral("Load"), form);

    m_model = new QComboBox;
    m_model->addItem(QStringLiteral("Closed (workers)"), int(LoadModel::Closed));
    m_model->addItem(QStringLiteral("Open (fixed rate)"), int(LoadModel::Open));
    m_model->setToolTip(QStringLiteral("Closed: each worker sends its next request when the previous one "
                                       "finished.\nOpen: requests are due at a constant rate whatever the "
                                       "answers do; latency counts from when each was due."));
    m_concurrency = new QSpinBox;
    m_concurrency->setRange(0, 100'000);
    m_rate = new QDoubleSpinBox;
    m_rate->setRange(0.0, 1'000'000.0);
    m_rate->setDecimals(1);
    m_rate->setSuffix(QStringLiteral(" req/s"));
    m_engine = new QComboBox;
    m_engine->addItem(QStringLiteral("Raw HTTP"), int(EngineKind::Raw));
    m_engine->addItem(QStringLiteral("App pipeline"), int(EngineKind::Pipeline));
    m_engine->setToolTip(QStringLiteral("Raw HTTP: a lean client that measures the server.\nApp pipeline: "
                                        "the app's own client with retries and the circuit breaker."));

    form->addRow(QStringLiteral("Model"), m_model);
    form->addRow(QStringLiteral("Concurrency"), m_concurrency);
    form->addRow(QStringLiteral("Rate"), m_rate);
    form->addRow(QStringLiteral("Engine"), m_engine);

    connect(m_model, &QComboBox::currentIndexChanged, this, &BenchSettingsForm::onEdited);
    connect(m_engine, &QComboBox::currentIndexChanged, this, &BenchSettingsForm::onEdited);
    connect(m_concurrency, &QSpinBox::valueChanged, this, &BenchSettingsForm::onEdited);
    connect(m_rate, &QDoubleSpinBox::valueChanged, this, &BenchSettingsForm::onEdited);
    return box;
}

QWidget* BenchSettingsForm::buildMeasureGroup()
{
    QFormLayout* form = nullptr;
    QGroupBox* box = group(QStringLiteral("Measure"), form);

    m_stopBy = new QComboBox;
    m_stopBy->addItem(QStringLiteral("After a duration"), int(StopBy::Duration));
    m_stopBy->addItem(QStringLiteral("After N requests"), int(StopBy::Count));
    m_duration = secondsBox(24 * 3600.0);
    m_count = new QSpinBox;
    m_count->setRange(0, std::numeric_limits<int>::max());
    m_count->setSuffix(QStringLiteral(" requests"));
    m_warmup = secondsBox(3600.0);
    m_warmup->setToolTip(QStringLiteral("Load sent before the measured phase; its results are dropped"));
    m_timeout = secondsBox(600.0);
    m_recordEach = new QCheckBox(QStringLiteral("Keep every request (per-request CSV)"));

    form->addRow(QStringLiteral("Stop"), m_stopBy);
    form->addRow(QStringLiteral("Duration"), m_duration);
    form->addRow(QStringLiteral("Requests"), m_count);
    form->addRow(QStringLiteral("Warm-up"), m_warmup);
    form->addRow(QStringLiteral("Timeout"), m_timeout);
    form->addRow(m_recordEach);

    connect(m_stopBy, &QComboBox::currentIndexChanged, this, &BenchSettingsForm::onEdited);
    connect(m_count, &QSpinBox::valueChanged, this, &BenchSettingsForm::onEdited);
    for (QDoubleSpinBox* seconds : {m_duration, m_warmup, m_timeout})
        connect(seconds, &QDoubleSpinBox::valueChanged, this, &BenchSettingsForm::onEdited);
    connect(m_recordEach, &QCheckBox::toggled, this, &BenchSettingsForm::onEdited);
    return box;
}

BenchConfig BenchSettingsForm::config() const
{
    BenchConfig c;
    c.target = selectedData<TargetKind>(m_target);
    c.url = QUrl(m_url->text().trimmed());
    c.endpoint = m_endpoint->text().trimmed();
    static const QRegularExpression separators(QStringLiteral("[,\\s]+"));
    c.codes = m_codes->text().split(separators, Qt::SkipEmptyParts);
    c.faultProfile = m_faultProfile->currentText().trimmed();
    // Only another URL can be a test server; the box keeps its tick while another target is chosen.
    c.insecure = c.target == TargetKind::Url && m_insecure->isChecked();
    c.apiKey = m_apiKey;
    c.model = selectedData<LoadModel>(m_model);
    c.concurrency = m_concurrency->value();
    c.ratePerSec = m_rate->value();
    if (selectedData<StopBy>(m_stopBy) == StopBy::Count) {
        c.duration.reset();
        c.requestCount = m_count->value();
    } else {
        c.duration = millisecondsOf(m_duration);
        c.requestCount.reset();
    }
    c.warmup = millisecondsOf(m_warmup);
    c.requestTimeout = millisecondsOf(m_timeout);
    c.engine = selectedData<EngineKind>(m_engine);
    c.recordEachRequest = m_recordEach->isChecked();
    return c;
}

void BenchSettingsForm::setConfig(const BenchConfig& c)
{
    // One validation at the end instead of one per editor.
    const QSignalBlocker blockers[] = {QSignalBlocker(m_target), QSignalBlocker(m_url),
        QSignalBlocker(m_endpoint), QSignalBlocker(m_codes), QSignalBlocker(m_faultProfile),
        QSignalBlocker(m_model), QSignalBlocker(m_concurrency), QSignalBlocker(m_rate),
        QSignalBlocker(m_stopBy), QSignalBlocker(m_duration), QSignalBlocker(m_count),
        QSignalBlocker(m_warmup), QSignalBlocker(m_timeout), QSignalBlocker(m_engine),
        QSignalBlocker(m_recordEach), QSignalBlocker(m_insecure)};
    selectData(m_target, c.target);
    m_url->setText(c.url.toString());
    m_endpoint->setText(c.endpoint);
    m_codes->setText(c.codes.join(QStringLiteral(", ")));
    m_faultProfile->setCurrentText(c.faultProfile);
    m_insecure->setChecked(c.insecure);
    selectData(m_model, c.model);
    m_concurrency->setValue(c.concurrency);
    m_rate->setValue(c.ratePerSec);
    selectData(m_stopBy, c.requestCount ? StopBy::Count : StopBy::Duration);
    // Both editors keep a sensible value so switching between them does not start from zero.
    m_duration->setValue(c.duration ? c.duration->count() / 1000.0 : 10.0);
    m_count->setValue(int(std::min<qint64>(c.requestCount.value_or(1000), std::numeric_limits<int>::max())));
    m_warmup->setValue(c.warmup.count() / 1000.0);
    m_timeout->setValue(c.requestTimeout.count() / 1000.0);
    selectData(m_engine, c.engine);
    m_recordEach->setChecked(c.recordEachRequest);
    if (!c.apiKey.isEmpty())
        m_apiKey = c.apiKey;
    onEdited();
}

void BenchSettingsForm::setApiKey(const QByteArray& key)
{
    m_apiKey = key;
    onEdited();
}

QString BenchSettingsForm::validationText() const
{
    return m_error->text();
}

QString BenchSettingsForm::quotaText() const
{
    return m_quota->isHidden() ? QString() : m_quota->text();
}

void BenchSettingsForm::setEditable(bool editable)
{
    m_editable = editable;
    updateEnabled();
}

QWidget* BenchSettingsForm::field(const QString& name) const
{
    const std::pair<const char*, QWidget*> fields[] = {{"target", m_target}, {"url", m_url},
        {"endpoint", m_endpoint}, {"codes", m_codes}, {"faultProfile", m_faultProfile}, {"model", m_model},
        {"concurrency", m_concurrency}, {"rate", m_rate}, {"stopBy", m_stopBy}, {"duration", m_duration},
        {"count", m_count}, {"warmup", m_warmup}, {"timeout", m_timeout}, {"engine", m_engine},
        {"recordEach", m_recordEach}, {"insecure", m_insecure}};
    for (const auto& [key, widget] : fields) {
        if (name == QLatin1String(key))
            return widget;
    }
    return nullptr;
}

void BenchSettingsForm::onEdited()
{
    const BenchConfig c = config();
    m_validation = c.validate();
    m_error->setText(m_validation ? QStringLiteral("⚠ ") + *m_validation : QString());
    m_error->setVisible(m_validation.has_value());

    const bool live = c.target == TargetKind::LiveApi;
    if (live) {
        const qint64 planned = c.plannedRequests();
        m_quota->setText(planned >= 0
                ? QStringLiteral("Every request to the live API counts against your quota: this run will "
                                 "make %1 requests.")
                      .arg(formatNumber(double(planned), 0))
                : QStringLiteral("Every request to the live API counts against your quota, and a run bounded "
                                 "by time makes as many as the API answers. Stop after N requests to know "
                                 "the number in advance."));
    }
    m_quota->setVisible(live);
    updateEnabled();
    Q_EMIT changed();
}

void BenchSettingsForm::showRow(QWidget* field, bool visible)
{
    if (auto* form = qobject_cast<QFormLayout*>(field->parentWidget()->layout()))
        form->setRowVisible(field, visible);
}

void BenchSettingsForm::updateEnabled()
{
    const auto target = selectedData<TargetKind>(m_target);
    const bool byCount = selectedData<StopBy>(m_stopBy) == StopBy::Count;
    const bool open = selectedData<LoadModel>(m_model) == LoadModel::Open;
    m_target->setEnabled(m_editable);
    m_url->setEnabled(m_editable && target == TargetKind::Url);
    m_endpoint->setEnabled(m_editable && target != TargetKind::Url);
    m_codes->setEnabled(m_editable && target != TargetKind::Url);
    m_faultProfile->setEnabled(m_editable && target == TargetKind::Simulator);
    m_insecure->setEnabled(m_editable && target == TargetKind::Url);
    m_rate->setEnabled(m_editable && open);
    m_duration->setEnabled(m_editable && !byCount);
    m_count->setEnabled(m_editable && byCount);
    for (QWidget* w : std::initializer_list<QWidget*> {
             m_model, m_concurrency, m_stopBy, m_warmup, m_timeout, m_engine, m_recordEach})
        w->setEnabled(m_editable);
    // Rows that do not apply to this target, model or stop are hidden, not only greyed: the form then fits
    // the default window without a scroll bar, and what is left is what this run uses.
    showRow(m_url, target == TargetKind::Url);
    showRow(m_insecure, target == TargetKind::Url);
    showRow(m_endpoint, target != TargetKind::Url);
    showRow(m_codes, target != TargetKind::Url);
    showRow(m_faultProfile, target == TargetKind::Simulator);
    showRow(m_rate, open);
    showRow(m_duration, !byCount);
    showRow(m_count, byCount);
    // "Concurrency" is the worker count of a closed model but only a cap in the open one.
    m_concurrency->setToolTip(open ? QStringLiteral("The most requests in flight at once")
                                   : QStringLiteral("Workers, each with one request in flight"));
}

void BenchSettingsForm::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && m_error)
        applyColours();
}

void BenchSettingsForm::applyColours()
{
    setTextColour(m_error, errorColour(palette()));
    setTextColour(m_quota, warningColour(palette()));
}

} // namespace oilwatch::ui
