#include "mainwindow.h"

#include "benchpanel.h"
#include "breakermonitor.h"
#include "breakerstatuswidget.h"
#include "displayformat.h"
#include "pricechart.h"
#include "pricetile.h"
#include "resilience/resilienttransport.h"
#include "resiliencepanel.h"
#include "theme.h"
#include "util/clock.h"

#include <chrono>

#include <QAction>
#include <QEvent>
#include <QGridLayout>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QStatusBar>
#include <QTabWidget>
#include <QVBoxLayout>

namespace oilwatch::ui {

namespace {

constexpr int kMaxTilesPerRow = 5;

QString localTime(const QDateTime& utc)
{
    return utc.toLocalTime().toString(QStringLiteral("hh:mm:ss"));
}

} // namespace

MainWindow::MainWindow(
    const QStringList& codes, const DataMode& mode, const util::Clock& clock, QWidget* parent)
    : QMainWindow(parent)
    , m_clock(clock)
{
    setWindowTitle(QStringLiteral("OilWatch"));
    resize(1100, 700);

    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(10, 10, 10, 6);
    layout->setSpacing(10);

    m_banner = buildBanner();
    m_banner->setVisible(mode.simulated);
    layout->addWidget(m_banner);
    layout->addWidget(buildTiles(codes));

    // The chart shares its place with the Resilience and Benchmark tabs, so the dashboard keeps the space and
    // stays what the window opens on.
    m_views = new QTabWidget(central);
    m_views->setObjectName(QStringLiteral("views"));
    m_views->setDocumentMode(true);
    m_views->setTabBarAutoHide(true);
    m_chart = createPriceChart(m_views);
    m_chart->setObjectName(QStringLiteral("priceChart"));
    m_chart->setMinimumHeight(240);
    for (const QString& code : codes)
        m_chart->setSeriesLabel(code, code);
    m_views->addTab(m_chart, QStringLiteral("Chart"));
    m_benchPanel = new BenchPanel(m_views);
    m_views->addTab(m_benchPanel, QStringLiteral("Benchmark"));
    layout->addWidget(m_views, 1);

    setCentralWidget(central);
    buildStatusBar(mode);
    buildViewMenu();
    applyColours();

    m_ageTimer.setInterval(std::chrono::seconds {1});
    connect(&m_ageTimer, &QTimer::timeout, this, &MainWindow::refreshAges);
    m_ageTimer.start();
}

QLabel* MainWindow::buildBanner()
{
    auto* banner = new QLabel(QStringLiteral("Simulated data — built-in simulator, no API key configured"));
    banner->setObjectName(QStringLiteral("simulatedBanner"));
    banner->setAlignment(Qt::AlignCenter);
    banner->setContentsMargins(8, 6, 8, 6);
    QFont f = banner->font();
    f.setBold(true);
    banner->setFont(f);
    // Fixed amber with dark text: a warning that must look the same, and stay readable, in every palette.
    banner->setAutoFillBackground(true);
    QPalette p = banner->palette();
    p.setColor(QPalette::Window, QColor(0xff, 0xc1, 0x07));
    p.setColor(QPalette::WindowText, QColor(0x20, 0x1a, 0x00));
    banner->setPalette(p);
    return banner;
}

QWidget* MainWindow::buildTiles(const QStringList& codes)
{
    auto* area = new QWidget;
    area->setObjectName(QStringLiteral("tiles"));
    auto* grid = new QGridLayout(area);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setSpacing(10);
    int index = 0;
    for (const QString& code : codes) {
        if (m_tiles.contains(code))
            continue;
        auto* tile = new PriceTile(code, area);
        m_tiles.insert(code, tile);
        grid->addWidget(tile, index / kMaxTilesPerRow, index % kMaxTilesPerRow);
        ++index;
    }
    for (int column = 0; column < std::min(index, kMaxTilesPerRow); ++column)
        grid->setColumnStretch(column, 1);
    return area;
}

void MainWindow::buildStatusBar(const DataMode& mode)
{
    m_statusMode = new QLabel(this);
    m_statusMode->setObjectName(QStringLiteral("statusMode"));
    if (mode.simulated)
        m_statusMode->setText(QStringLiteral("Simulator"));
    else if (mode.host.isEmpty())
        m_statusMode->setText(QStringLiteral("Live"));
    else
        m_statusMode->setText(QStringLiteral("Live · ") + mode.host);

    m_statusLastSuccess = new QLabel(QStringLiteral("Waiting for first update"), this);
    m_statusLastSuccess->setObjectName(QStringLiteral("statusLastSuccess"));

    m_statusLastError = new QLabel(this);
    m_statusLastError->setObjectName(QStringLiteral("statusLastError"));
    m_statusLastError->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // A long error gives way first (its whole text is in the tooltip): the breaker state must stay readable.
    m_statusLastError->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_statusLastError->setMinimumWidth(0);

    m_statusSettingsWarning = new QLabel(this);
    m_statusSettingsWarning->setObjectName(QStringLiteral("statusSettingsWarning"));
    m_statusSettingsWarning->setVisible(false);

    for (QLabel* label : {m_statusLastError, m_statusLastSuccess, m_statusMode, m_statusSettingsWarning})
        label->setContentsMargins(8, 0, 8, 0);
    statusBar()->addPermanentWidget(m_statusSettingsWarning);
    statusBar()->addPermanentWidget(m_statusLastError, 1);
    statusBar()->addPermanentWidget(m_statusLastSuccess);
    statusBar()->addPermanentWidget(m_statusMode);
}

QString MainWindow::modeText() const
{
    return m_statusMode->text();
}
QString MainWindow::lastSuccessText() const
{
    return m_statusLastSuccess->text();
}
QString MainWindow::lastErrorText() const
{
    return m_statusLastError->text();
}
bool MainWindow::isSimulatedBannerShown() const
{
    return !m_banner->isHidden();
}

void MainWindow::onQuote(const api::Quote& quote, const api::FetchInfo& info)
{
    PriceTile* tile = m_tiles.value(quote.code);
    if (!tile)
        return; // not a code this window watches

    tile->setQuote(quote, info, m_clock);

    const QDateTime received = quote.receivedAt.isValid() ? quote.receivedAt : m_clock.nowUtc();
    // A stale value is an old observation replayed: plotting it now would invent a flat line over the outage.
    if (info.servedFrom == api::ServedFrom::Stale)
        m_chart->insertGap(quote.code);
    else
        m_chart->addPoint(quote.code, received, quote.price);

    m_statusLastSuccess->setText(QStringLiteral("Last update ") + localTime(received));
    if (!m_statusLastError->text().isEmpty()) {
        // Keep what went wrong reachable without leaving it shouting in red after recovery.
        m_statusLastError->setToolTip(
            QStringLiteral("Recovered. Previous error: ") + m_statusLastError->text());
        m_statusLastError->clear();
    }
}

void MainWindow::onPollFailed(const api::ApiError& error)
{
    m_statusLastError->setText(
        QStringLiteral("Error at %1: %2").arg(localTime(m_clock.nowUtc()), error.describe()));
    m_statusLastError->setToolTip(error.excerpt.isEmpty()
            ? m_statusLastError->text()
            : m_statusLastError->text() + QLatin1Char('\n') + error.excerpt);
    // Points missing from this poll must show as a break, not as a line bridging the outage.
    for (auto it = m_tiles.cbegin(); it != m_tiles.cend(); ++it)
        m_chart->insertGap(it.key());
}

void MainWindow::refreshAges()
{
    for (PriceTile* tile : std::as_const(m_tiles))
        tile->refreshAge(m_clock);
    // The same tick counts the probe countdown down and lets old retries leave the one-minute window.
    if (m_breakerMonitor)
        m_breakerMonitor->refresh();
}

void MainWindow::attachResilience(resilience::ResilientTransport& pipeline, const QString& host)
{
    if (m_breakerMonitor)
        return; // one pipeline per window
    m_breakerMonitor = new BreakerMonitor(pipeline, host, m_clock, this);

    m_breakerStatus = new BreakerStatusWidget(*m_breakerMonitor, this);
    // After the settings warning and the error (which takes the free space), before "last update" and the
    // mode: buildStatusBar() added those four in that order.
    statusBar()->insertPermanentWidget(2, m_breakerStatus);

    m_resiliencePanel = new ResiliencePanel(*m_breakerMonitor, pipeline.settings(), m_views);
    // Next to the chart: the dashboard's own views first, the benchmark last.
    m_views->insertTab(1, m_resiliencePanel, QStringLiteral("Resilience"));

    auto* resilience = new QAction(QStringLiteral("&Resilience"), m_viewMenu);
    resilience->setObjectName(QStringLiteral("actionViewResilience"));
    resilience->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_2));
    connect(resilience, &QAction::triggered, this, &MainWindow::showResilience);
    m_viewMenu->insertAction(m_viewMenu->actions().value(1), resilience);
}

void MainWindow::buildViewMenu()
{
    m_viewMenu = menuBar()->addMenu(QStringLiteral("&View"));
    QAction* chart = m_viewMenu->addAction(QStringLiteral("&Chart"));
    chart->setObjectName(QStringLiteral("actionViewChart"));
    chart->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_1));
    connect(chart, &QAction::triggered, this, &MainWindow::showChart);
    QAction* benchmark = m_viewMenu->addAction(QStringLiteral("&Benchmark"));
    benchmark->setObjectName(QStringLiteral("actionViewBenchmark"));
    benchmark->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_3));
    connect(benchmark, &QAction::triggered, this, &MainWindow::showBenchmark);
}

void MainWindow::showChart()
{
    m_views->setCurrentWidget(m_chart);
}

void MainWindow::showResilience()
{
    if (m_resiliencePanel)
        m_views->setCurrentWidget(m_resiliencePanel);
}

void MainWindow::showBenchmark()
{
    m_views->setCurrentWidget(m_benchPanel);
}

void MainWindow::showSettingsWarning(const QString& text, const QString& details)
{
    m_statusSettingsWarning->setText(QStringLiteral("⚠ ") + text);
    m_statusSettingsWarning->setToolTip(details.isEmpty() ? text : details);
    m_statusSettingsWarning->setVisible(!text.isEmpty());
}

QString MainWindow::settingsWarningText() const
{
    return m_statusSettingsWarning->isHidden() ? QString() : m_statusSettingsWarning->text();
}

void MainWindow::changeEvent(QEvent* event)
{
    QMainWindow::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && m_statusLastError)
        applyColours();
}

void MainWindow::applyColours()
{
    QPalette p = m_statusLastError->palette();
    p.setColor(QPalette::WindowText, errorColour(palette()));
    m_statusLastError->setPalette(p);
    QPalette warning = m_statusSettingsWarning->palette();
    warning.setColor(QPalette::WindowText, warningColour(palette()));
    m_statusSettingsWarning->setPalette(warning);
}

} // namespace oilwatch::ui
