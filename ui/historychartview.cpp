#include "historychartview.h"

#include "chartexport.h"
#include "feed/historyrangeloader.h"

#include <QButtonGroup>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QProgressBar>
#include <QStandardPaths>
#include <QToolButton>
#include <QVBoxLayout>

namespace oilwatch::ui {

namespace {

QToolButton* toolButton(const QString& text, const QString& name, const QString& tip, QWidget* parent)
{
    auto* button = new QToolButton(parent);
    button->setText(text);
    button->setObjectName(name);
    button->setToolTip(tip);
    button->setAccessibleName(tip);
    button->setAutoRaise(true);
    // Reachable with Tab, but a click leaves the focus where it was (on the chart, for its keys).
    button->setFocusPolicy(Qt::TabFocus);
    return button;
}

QFrame* separator(QWidget* parent)
{
    auto* line = new QFrame(parent);
    line->setFrameShape(QFrame::VLine);
    line->setFrameShadow(QFrame::Sunken);
    return line;
}

} // namespace

QString HistoryChartView::presetLabel(Preset preset)
{
    switch (preset) {
    case Preset::Minutes15:
        return QStringLiteral("15m");
    case Preset::Hour1:
        return QStringLiteral("1h");
    case Preset::Hours6:
        return QStringLiteral("6h");
    case Preset::Day1:
        return QStringLiteral("1D");
    case Preset::Week1:
        return QStringLiteral("1W");
    case Preset::Month1:
        return QStringLiteral("1M");
    case Preset::Year1:
        return QStringLiteral("1Y");
    case Preset::All:
        return QStringLiteral("All");
    }
    return {};
}

std::chrono::seconds HistoryChartView::presetSpan(Preset preset)
{
    using namespace std::chrono;
    switch (preset) {
    case Preset::Minutes15:
        return minutes(15);
    case Preset::Hour1:
        return hours(1);
    case Preset::Hours6:
        return hours(6);
    case Preset::Day1:
        return days(1);
    case Preset::Week1:
        return days(7);
    case Preset::Month1:
        return days(30);
    case Preset::Year1:
        return days(365);
    case Preset::All:
        return seconds(0);
    }
    return minutes(15);
}

HistoryChartView::HistoryChartView(QWidget* parent)
    : QWidget(parent)
    , m_chart(createPriceChart(this))
    , m_presets(new QButtonGroup(this))
{
    m_chart->setObjectName(QStringLiteral("priceChart"));

    auto* bar = new QHBoxLayout;
    bar->setContentsMargins(4, 2, 4, 0);
    bar->setSpacing(2);
    for (const Preset preset : kPresets) {
        const QString label = presetLabel(preset);
        QToolButton* button = toolButton(label, QStringLiteral("preset") + label,
            preset == Preset::All ? QStringLiteral("Show all stored history")
                                  : QStringLiteral("Show the last %1").arg(label),
            this);
        button->setCheckable(true);
        button->setChecked(preset == m_preset);
        m_presets->addButton(button, int(preset));
        bar->addWidget(button);
    }
    m_presets->setExclusive(true);
    connect(m_presets, &QButtonGroup::idClicked, this, [this](int id) { selectPreset(Preset(id)); });

    bar->addWidget(separator(this));
    m_back = toolButton(QStringLiteral("Back"), QStringLiteral("chartZoomBack"),
        QStringLiteral("Back to the previous zoom"), this);
    m_reset = toolButton(QStringLiteral("Reset"), QStringLiteral("chartZoomReset"),
        QStringLiteral("Reset the zoom and follow new prices"), this);
    bar->addWidget(m_back);
    bar->addWidget(m_reset);
    connect(m_back, &QToolButton::clicked, m_chart, &PriceChart::zoomBack);
    connect(m_reset, &QToolButton::clicked, m_chart, &PriceChart::resetZoom);
    connect(m_chart, &PriceChart::zoomChanged, this, &HistoryChartView::updateZoomButtons);

    bar->addWidget(separator(this));
    m_valueMode = toolButton(QStringLiteral("Prices"), QStringLiteral("chartValueMode"),
        QStringLiteral("Plot prices instead of % change"), this);
    m_valueMode->setCheckable(true);
    bar->addWidget(m_valueMode);
    connect(m_valueMode, &QToolButton::toggled, this, [this](bool prices) {
        m_chart->setValueMode(prices ? ValueMode::Absolute : ValueMode::PercentChange);
    });

    m_export = toolButton(QStringLiteral("Export image…"), QStringLiteral("chartExport"),
        QStringLiteral("Save the chart as a PNG or SVG image"), this);
    bar->addWidget(m_export);
    connect(m_export, &QToolButton::clicked, this, &HistoryChartView::showExportDialog);

    bar->addStretch(1);
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("chartLoadProgress"));
    m_progress->setAccessibleName(QStringLiteral("History loading progress"));
    m_progress->setMaximumWidth(120);
    m_progress->setMaximumHeight(14);
    m_progress->setTextVisible(false);
    m_progress->hide();
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("chartLoadStatus"));
    m_status->setTextFormat(Qt::PlainText);
    bar->addWidget(m_status);
    bar->addWidget(m_progress);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(bar);
    layout->addWidget(m_chart, 1);
    // The chart first in the tab order: the window's first focus then lands on it, not on a preset button
    // (whose focus frame would read as a second selected preset).
    setTabOrder(m_chart, m_presets->buttons().constFirst());
    m_chart->setFocusPolicy(Qt::StrongFocus);
    updateZoomButtons();
}

void HistoryChartView::setLoader(feed::HistoryRangeLoader* loader)
{
    if (m_loader)
        disconnect(m_loader, nullptr, this, nullptr);
    m_loader = loader;
    if (!loader)
        return;
    connect(loader, &feed::HistoryRangeLoader::progress, this, &HistoryChartView::onProgress);
    connect(loader, &feed::HistoryRangeLoader::seriesLoaded, this, &HistoryChartView::onSeriesLoaded);
    connect(loader, &feed::HistoryRangeLoader::codeFailed, this, &HistoryChartView::onCodeFailed);
    connect(loader, &feed::HistoryRangeLoader::finished, this, [this] {
        m_progress->hide();
        m_status->setText(m_failures.isEmpty()
                ? QString()
                : QStringLiteral("Not all history loaded: %1").arg(m_failures.join(", ")));
    });
}

void HistoryChartView::setCodes(const QStringList& codes)
{
    m_codes = codes;
}

QAbstractButton* HistoryChartView::presetButton(Preset preset) const
{
    return m_presets->button(int(preset));
}

QAbstractButton* HistoryChartView::backButton() const
{
    return m_back;
}

QAbstractButton* HistoryChartView::resetButton() const
{
    return m_reset;
}

QAbstractButton* HistoryChartView::valueModeButton() const
{
    return m_valueMode;
}

QString HistoryChartView::statusText() const
{
    return m_status->text();
}

void HistoryChartView::selectPreset(Preset preset)
{
    m_preset = preset;
    if (QAbstractButton* button = presetButton(preset))
        button->setChecked(true);
    const std::chrono::seconds span = presetSpan(preset);
    m_chart->resetZoom();
    m_chart->setWindow(span.count() > 0 ? span : kAllWindow);
    m_rangeChosen = true;
    reload();
    Q_EMIT presetChanged(preset);
}

void HistoryChartView::reload()
{
    if (!m_loader || !m_rangeChosen)
        return;
    m_failures.clear();
    m_loader->load(m_codes.isEmpty() ? m_chart->codes() : m_codes, presetSpan(m_preset));
}

void HistoryChartView::updateZoomButtons()
{
    m_back->setEnabled(m_chart->canZoomBack());
    m_reset->setEnabled(m_chart->isZoomed() || m_chart->canZoomBack());
}

void HistoryChartView::onProgress(int done, int total, const QString& what)
{
    m_progress->setRange(0, std::max(total, 1));
    m_progress->setValue(done);
    m_progress->setVisible(done < total);
    const int perCode = feed::HistoryRangeLoader::kStepsPerCode;
    m_progress->setToolTip(QStringLiteral("%1 of %2 codes").arg(done / perCode).arg(total / perCode));
    if (!what.isEmpty())
        m_status->setText(what);
}

void HistoryChartView::onSeriesLoaded(
    const QString& code, const QList<util::SeriesPoint>& points, const std::vector<std::size_t>& runStarts)
{
    m_chart->replaceSeries(code, points, runStarts);
}

void HistoryChartView::onCodeFailed(const QString& code, const QString& message)
{
    m_failures << code;
    m_status->setToolTip(m_status->toolTip().isEmpty()
            ? code + QStringLiteral(": ") + message
            : m_status->toolTip() + QLatin1Char('\n') + code + QStringLiteral(": ") + message);
}

void HistoryChartView::showExportDialog()
{
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::PicturesLocation);
    QString selected;
    const QString path = QFileDialog::getSaveFileName(this, QStringLiteral("Export chart image"),
        dir + QStringLiteral("/oilwatch-chart.png"), chartImageFilter(), &selected);
    if (path.isEmpty())
        return;
    if (const auto error = exportWidgetImage(*m_chart, path))
        QMessageBox::warning(this, QStringLiteral("Export image"), *error);
}

} // namespace oilwatch::ui
