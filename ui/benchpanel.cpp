#include "benchpanel.h"

#include "bench/benchrun.h"
#include "benchlivechart.h"
#include "benchrunlistmodel.h"
#include "benchsettingsform.h"
#include "benchsummarymodel.h"
#include "displayformat.h"
#include "latencyhistogramchart.h"
#include "percentilespectrumchart.h"
#include "readonlytable.h"
#include "theme.h"

#include <algorithm>

#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListView>
#include <QMenu>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace oilwatch::ui {

namespace {

constexpr int kControlsWidth = 330;
constexpr int kRunsWidth = 250;
constexpr int kProgressSteps = 1000;

// A column of the panel at a fixed width, its widgets stacked top to bottom.
QWidget* fixedWidthColumn(int width, QVBoxLayout*& layout)
{
    auto* column = new QWidget;
    column->setFixedWidth(width);
    layout = new QVBoxLayout(column);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(6);
    return column;
}

QString chartFileName(BenchChart chart)
{
    switch (chart) {
    case BenchChart::Live:
        return QStringLiteral("oilwatch-bench-live.png");
    case BenchChart::Spectrum:
        return QStringLiteral("oilwatch-bench-spectrum.png");
    case BenchChart::Histogram:
        return QStringLiteral("oilwatch-bench-histogram.png");
    }
    return {};
}

} // namespace

BenchPanel::BenchPanel(QWidget* parent)
    : QWidget(parent)
    , m_runs(new BenchRunListModel(this))
    , m_exporter(new BenchExporter(this))
{
    setObjectName(QStringLiteral("benchPanel"));
    m_summary = new BenchSummaryModel(this);

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->setSpacing(10);
    layout->addWidget(buildControls());
    layout->addWidget(buildViews(), 1);
    layout->addWidget(buildRunsColumn());

    connect(m_form, &BenchSettingsForm::changed, this, &BenchPanel::updateControls);
    connect(m_runs, &BenchRunListModel::overlayChanged, this, &BenchPanel::updateSpectrum);
    connect(m_runs, &BenchRunListModel::overlayLimitReached, this, [this] {
        showStatus(QStringLiteral("At most %1 runs can be compared: untick one first.")
                       .arg(BenchRunListModel::kMaxOverlaid),
            true);
    });
    connect(m_exporter, &BenchExporter::finished, this, &BenchPanel::onExportFinished);

    m_lastExportDir = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    applyColours();
    updateControls();
}

BenchPanel::~BenchPanel()
{
    // The run's own destructor stops and joins its workers; nothing it sends may reach a half-destroyed
    // panel.
    if (m_run)
        m_run->disconnect(this);
}

QWidget* BenchPanel::buildControls()
{
    QVBoxLayout* layout = nullptr;
    QWidget* column = fixedWidthColumn(kControlsWidth, layout);

    m_form = new BenchSettingsForm;
    auto* scroll = new QScrollArea;
    scroll->setObjectName(QStringLiteral("benchSettingsScroll"));
    scroll->setWidget(m_form);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);

    m_start = new QPushButton(QStringLiteral("Start"));
    m_start->setObjectName(QStringLiteral("benchStart"));
    m_start->setDefault(true);
    m_stop = new QPushButton(QStringLiteral("Stop"));
    m_stop->setObjectName(QStringLiteral("benchStop"));
    m_stop->setToolTip(QStringLiteral("Cancel the requests in flight and keep what was measured so far"));
    connect(m_start, &QPushButton::clicked, this, &BenchPanel::start);
    connect(m_stop, &QPushButton::clicked, this, &BenchPanel::stop);
    auto* buttons = new QHBoxLayout;
    buttons->setSpacing(6);
    buttons->addWidget(m_start, 1);
    buttons->addWidget(m_stop, 1);

    m_progress = new QProgressBar;
    m_progress->setObjectName(QStringLiteral("benchProgress"));
    m_progress->setRange(0, kProgressSteps);
    m_progress->setValue(0);
    m_progress->setTextVisible(false);
    m_phase = new QLabel(QStringLiteral("Not running"));
    m_phase->setObjectName(QStringLiteral("benchPhase"));
    m_status = new QLabel;
    m_status->setObjectName(QStringLiteral("benchStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    layout->addWidget(scroll, 1);
    layout->addLayout(buttons);
    layout->addWidget(m_progress);
    layout->addWidget(m_phase);
    layout->addWidget(m_status);
    return column;
}

QWidget* BenchPanel::buildViews()
{
    m_views = new QTabWidget;
    m_views->setObjectName(QStringLiteral("benchViews"));
    m_views->setDocumentMode(true);

    auto* livePage = new QWidget;
    auto* liveLayout = new QVBoxLayout(livePage);
    liveLayout->setContentsMargins(0, 4, 0, 0);
    liveLayout->setSpacing(2);
    m_liveNumbers = new QLabel(QStringLiteral("Start a run to see it second by second."));
    m_liveNumbers->setObjectName(QStringLiteral("benchLiveNumbers"));
    m_liveNumbers->setContentsMargins(6, 0, 6, 0);
    // Wraps rather than widening the panel: the chart below takes whatever width is left.
    m_liveNumbers->setWordWrap(true);
    m_live = new BenchLiveChart;
    m_live->setObjectName(QStringLiteral("benchLiveChart"));
    liveLayout->addWidget(m_liveNumbers);
    liveLayout->addWidget(m_live, 1);

    m_spectrum = new PercentileSpectrumChart;
    m_spectrum->setObjectName(QStringLiteral("benchSpectrum"));
    m_histogram = new LatencyHistogramChart;
    m_histogram->setObjectName(QStringLiteral("benchHistogram"));

    m_summaryView = new QTableView;
    m_summaryView->setObjectName(QStringLiteral("benchSummary"));
    m_summaryView->setAccessibleName(QStringLiteral("Summary of the selected run"));
    m_summaryView->setModel(m_summary);
    setUpReadOnlyTable(m_summaryView);
    m_summaryView->horizontalHeader()->resizeSection(BenchSummaryModel::MetricColumn,
        fontMetrics().horizontalAdvance(QStringLiteral("Latency of successes (corrected)")) + 24);

    m_views->addTab(livePage, QStringLiteral("Live"));
    m_views->addTab(m_spectrum, QStringLiteral("Percentile spectrum"));
    m_views->addTab(m_histogram, QStringLiteral("Histogram"));
    m_views->addTab(m_summaryView, QStringLiteral("Summary"));
    return m_views;
}

QWidget* BenchPanel::buildRunsColumn()
{
    QVBoxLayout* layout = nullptr;
    QWidget* column = fixedWidthColumn(kRunsWidth, layout);

    auto* title = new QLabel(QStringLiteral("Runs of this session"));
    QFont bold = title->font();
    bold.setBold(true);
    title->setFont(bold);
    auto* hint = new QLabel(QStringLiteral("Tick up to %1 to compare them on the spectrum; select one for "
                                           "its histogram, summary and exports.")
                                .arg(BenchRunListModel::kMaxOverlaid));
    hint->setObjectName(QStringLiteral("benchRunsHint"));
    hint->setWordWrap(true);

    m_runView = new QListView;
    m_runView->setObjectName(QStringLiteral("benchRuns"));
    m_runView->setAccessibleName(QStringLiteral("Runs of this session"));
    m_runView->setModel(m_runs);
    m_runView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_runView->setUniformItemSizes(true);
    m_runView->setTextElideMode(Qt::ElideMiddle);
    connect(m_runView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        [this](const QModelIndex& current) { selectRun(current.isValid() ? current.row() : -1); });

    m_export = buildExportButton();

    layout->addWidget(title);
    layout->addWidget(hint);
    layout->addWidget(m_runView, 1);
    layout->addWidget(m_export);
    return column;
}

QToolButton* BenchPanel::buildExportButton()
{
    auto* button = new QToolButton;
    button->setObjectName(QStringLiteral("benchExport"));
    button->setText(QStringLiteral("Export selected run"));
    button->setPopupMode(QToolButton::InstantPopup);
    button->setToolButtonStyle(Qt::ToolButtonTextOnly);
    button->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);

    auto* menu = new QMenu(button);
    const std::pair<const char*, BenchExport> files[] = {
        {"Summary as CSV…", BenchExport::SummaryCsv},
        {"Summary as JSON…", BenchExport::SummaryJson},
        {"Per-second series as CSV…", BenchExport::SeriesCsv},
        {"Every request as CSV…", BenchExport::RequestsCsv},
        {"Percentile distribution (.hgrm)…", BenchExport::Hgrm},
    };
    for (const auto& [text, kind] : files) {
        QAction* action = menu->addAction(QString::fromUtf8(text));
        action->setObjectName(QStringLiteral("benchExport%1").arg(int(kind)));
        connect(action, &QAction::triggered, this, [this, k = kind] { exportWithDialog(k); });
    }
    menu->addSeparator();
    const std::pair<const char*, BenchChart> charts[] = {
        {"Live chart as PNG…", BenchChart::Live},
        {"Percentile spectrum as PNG…", BenchChart::Spectrum},
        {"Histogram as PNG…", BenchChart::Histogram},
    };
    for (const auto& [text, chart] : charts) {
        QAction* action = menu->addAction(QString::fromUtf8(text));
        connect(action, &QAction::triggered, this, [this, c = chart] { exportChartWithDialog(c); });
    }
    // Whether the selected run kept every request is only known when the menu opens.
    connect(menu, &QMenu::aboutToShow, this, [this, menu] {
        const bench::BenchResult* result = m_runs->result(m_selected);
        for (QAction* action : menu->actions()) {
            if (action->objectName() == QStringLiteral("benchExport%1").arg(int(BenchExport::RequestsCsv))) {
                const QString reason = result
                    ? BenchExporter::unavailableReason(BenchExport::RequestsCsv, *result)
                    : QString();
                action->setEnabled(result && reason.isEmpty());
                action->setToolTip(reason);
            }
        }
    });
    menu->setToolTipsVisible(true);
    button->setMenu(menu);
    return button;
}

void BenchPanel::setApiKey(const QByteArray& key)
{
    m_form->setApiKey(key);
}

bool BenchPanel::isRunning() const
{
    return m_run != nullptr;
}

QString BenchPanel::statusText() const
{
    return m_status->text();
}

QString BenchPanel::phaseText() const
{
    return m_phase->text();
}

QString BenchPanel::liveNumbersText() const
{
    return m_liveNumbers->text();
}

void BenchPanel::start()
{
    if (m_run || !m_form->isValid())
        return;
    m_run = new bench::BenchRun(m_form->config(), this);
    // The load may keep every core busy; this window must still get one whenever it wakes.
    m_run->setLowPriority(m_lowPriorityRuns);
    connect(m_run, &bench::BenchRun::progress, this, &BenchPanel::onProgress);
    connect(m_run, &bench::BenchRun::finished, this, &BenchPanel::onFinished);
    connect(m_run, &bench::BenchRun::failed, this, &BenchPanel::onFailed);
    m_live->clear();
    m_progress->setValue(0);
    m_phase->setText(QStringLiteral("Starting…"));
    m_liveNumbers->setText(QStringLiteral("Waiting for the first second…"));
    m_views->setCurrentIndex(0);
    showStatus({}, false);
    updateControls();
    m_run->start();
}

void BenchPanel::stop()
{
    if (m_run)
        m_run->stop();
}

void BenchPanel::onProgress(const bench::BenchProgress& p)
{
    m_live->appendSeconds(p.newSeconds);

    const bench::BenchConfig config = m_run ? m_run->config() : m_form->config();
    double fraction = 0.0;
    qint64 leftMs = -1;
    if (p.totalMs > 0) {
        fraction = double(p.elapsedMs) / double(p.totalMs);
        leftMs = p.totalMs - p.elapsedMs;
    } else if (config.requestCount && *config.requestCount > 0 && p.completed > 0) {
        // Bounded by a count: the time left follows from the pace so far.
        fraction = double(p.completed) / double(*config.requestCount);
        leftMs = qint64(double(p.elapsedMs) * (1.0 - fraction) / fraction);
    }
    fraction = std::clamp(fraction, 0.0, 1.0);
    m_progress->setValue(int(fraction * kProgressSteps));
    const QString phase = p.warmingUp ? QStringLiteral("Warming up") : QStringLiteral("Measuring");
    m_phase->setText(leftMs >= 0 ? QStringLiteral("%1 · %2 left").arg(phase, formatDurationMs(leftMs))
                                 : phase + QStringLiteral(" · time left not known yet"));

    QString numbers = QStringLiteral("%1 completed · %2 errors · %3 in flight")
                          .arg(formatNumber(double(p.completed), 0), formatNumber(double(p.errors), 0))
                          .arg(p.inFlight);
    if (!p.newSeconds.isEmpty()) {
        const bench::SecondSample& s = p.newSeconds.back();
        numbers = QStringLiteral("Second %1: %2 req/s · p50 %3 · p95 %4 · p99 %5  —  ")
                      .arg(s.second + 1)
                      .arg(formatNumber(double(s.requests), 0), formatLatencyUs(double(s.p50Us)),
                          formatLatencyUs(double(s.p95Us)), formatLatencyUs(double(s.p99Us)))
            + numbers;
    }
    m_liveNumbers->setText(numbers);
}

void BenchPanel::onFinished(const bench::BenchResult& result)
{
    if (m_run) {
        m_run->disconnect(this);
        m_run->deleteLater();
        m_run = nullptr;
    }
    m_progress->setValue(result.stoppedEarly ? m_progress->value() : kProgressSteps);
    m_phase->setText(result.stoppedEarly ? QStringLiteral("Stopped") : QStringLiteral("Finished"));
    m_live->setSeconds(result.series);

    const int row = m_runs->addRun(result);
    m_runView->setCurrentIndex(m_runs->index(row));
    selectRun(row);
    showStatus(QStringLiteral("%1: %2 requests, %3 errors, %4 req/s")
                   .arg(m_runs->label(row), formatNumber(double(result.completed), 0),
                       formatNumber(double(result.errors), 0), formatNumber(result.throughputPerSec(), 1)),
        false);
    if (!m_runs->isOverlaid(row))
        showStatus(statusText()
                + QStringLiteral(" — not on the spectrum: %1 runs are ticked already.")
                      .arg(BenchRunListModel::kMaxOverlaid),
            false);
    m_views->setCurrentWidget(m_spectrum);
    updateControls();
}

void BenchPanel::onFailed(const QString& message)
{
    if (m_run) {
        m_run->disconnect(this);
        m_run->deleteLater();
        m_run = nullptr;
    }
    m_progress->setValue(0);
    m_phase->setText(QStringLiteral("Not running"));
    showStatus(QStringLiteral("The run could not start: ") + message, true);
    updateControls();
}

void BenchPanel::selectRun(int row)
{
    m_selected = row;
    const bench::BenchResult* result = m_runs->result(row);
    if (!result) {
        m_summary->clear();
        m_histogram->setBins({}, seriesColour(0));
    } else {
        m_summary->setResult(*result);
        m_histogram->setBins(result->success.linearBins(LatencyHistogramChart::kDefaultBins),
            m_runs->isOverlaid(row) ? m_runs->colour(row) : seriesColour(0));
    }
    updateControls();
}

void BenchPanel::updateSpectrum()
{
    QList<SpectrumCurve> curves;
    for (int row : m_runs->overlaidRows()) {
        const bench::BenchResult* result = m_runs->result(row);
        curves.append({m_runs->label(row), m_runs->colour(row), result->success.percentileDistribution()});
    }
    m_spectrum->setCurves(curves);
}

void BenchPanel::updateControls()
{
    const bool running = m_run != nullptr;
    m_start->setEnabled(!running && m_form->isValid());
    m_start->setToolTip(m_form->isValid() ? QString() : m_form->validationText());
    m_stop->setEnabled(running);
    m_form->setEditable(!running);
    m_export->setEnabled(m_runs->result(m_selected) != nullptr);
}

void BenchPanel::exportTo(BenchExport kind, const QString& path)
{
    const bench::BenchResult* result = m_runs->result(m_selected);
    if (!result) {
        onExportFinished(path, QStringLiteral("no run is selected"));
        return;
    }
    showStatus(QStringLiteral("Saving %1…").arg(QDir::toNativeSeparators(path)), false);
    m_exporter->exportResult(kind, *result, path);
}

void BenchPanel::exportChart(BenchChart chart, const QString& path)
{
    ThemedChartWidget* widget = chart == BenchChart::Live ? static_cast<ThemedChartWidget*>(m_live)
        : chart == BenchChart::Spectrum                   ? static_cast<ThemedChartWidget*>(m_spectrum)
                                                          : static_cast<ThemedChartWidget*>(m_histogram);
    // The grab is the one part that must happen here; encoding and writing go to the pool.
    showStatus(QStringLiteral("Saving %1…").arg(QDir::toNativeSeparators(path)), false);
    m_exporter->exportImage(widget->grabImage().toImage(), path);
}

QString BenchPanel::askForPath(const QString& suggestedName, const QString& filter)
{
    const QString path = QFileDialog::getSaveFileName(
        this, QStringLiteral("Export"), QDir(m_lastExportDir).filePath(suggestedName), filter);
    if (!path.isEmpty())
        m_lastExportDir = QFileInfo(path).absolutePath();
    return path;
}

void BenchPanel::exportWithDialog(BenchExport kind)
{
    const bench::BenchResult* result = m_runs->result(m_selected);
    if (!result)
        return;
    if (const QString reason = BenchExporter::unavailableReason(kind, *result); !reason.isEmpty()) {
        showStatus(reason, true);
        return;
    }
    const QString path
        = askForPath(BenchExporter::suggestedFileName(kind, *result), BenchExporter::fileFilter(kind));
    if (!path.isEmpty())
        exportTo(kind, path);
}

void BenchPanel::exportChartWithDialog(BenchChart chart)
{
    const QString path = askForPath(chartFileName(chart), QStringLiteral("PNG image (*.png)"));
    if (!path.isEmpty())
        exportChart(chart, path);
}

void BenchPanel::onExportFinished(const QString& path, const QString& error)
{
    if (error.isEmpty())
        showStatus(QStringLiteral("Saved %1").arg(QDir::toNativeSeparators(path)), false);
    else
        showStatus(QStringLiteral("Export failed: %1").arg(error), true);
    Q_EMIT exportFinished(path, error);
}

void BenchPanel::showStatus(const QString& text, bool error)
{
    m_status->setText(error && !text.isEmpty() ? QStringLiteral("⚠ ") + text : text);
    m_statusIsError = error;
    applyColours();
}

void BenchPanel::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && m_status)
        applyColours();
}

void BenchPanel::applyColours()
{
    setTextColour(m_status, m_statusIsError ? errorColour(palette()) : palette().color(QPalette::WindowText));
    for (QLabel* dim : {m_phase, m_liveNumbers})
        setTextColour(dim, dimTextColour(palette()));
}

} // namespace oilwatch::ui
