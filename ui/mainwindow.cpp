#include "mainwindow.h"

#include "aboutdialog.h"
#include "alerts/alertengine.h"
#include "alertspanel.h"
#include "alertthresholdlines.h"
#include "appicon.h"
#include "benchpanel.h"
#include "breakermonitor.h"
#include "breakerstatuswidget.h"
#include "historychartview.h"
#include "mainmenus.h"
#include "pricechart.h"
#include "pricetile.h"
#include "pricetray.h"
#include "resilience/resilienttransport.h"
#include "resiliencepanel.h"
#include "transport/networkreachability.h"
#include "util/clock.h"
#include "validation/dataqualityissue.h"
#include "watchlistboard.h"
#include "windowstate.h"

#include <algorithm>
#include <chrono>

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QLabel>
#include <QMessageBox>
#include <QSettings>
#include <QSplitter>
#include <QTabWidget>
#include <QVBoxLayout>

namespace oilwatch::ui {

MainWindow::MainWindow(
    const QStringList& codes, const DataMode& mode, const util::Clock& clock, QWidget* parent)
    : QMainWindow(parent)
    , m_clock(clock)
    , m_pollInterval(std::max(mode.pollInterval, std::chrono::milliseconds {1}))
    , m_codes(codes)
    , m_series(m_pollInterval)
{
    setWindowTitle(QStringLiteral("OilWatch"));
    setWindowIcon(applicationIcon());
    // Tall enough for the Benchmark tab's form without a scroll bar under five tiles; wide enough for five
    // tiles in a row (tests/ui/tst_mainwindow.cpp checks both).
    resize(1180, 840);

    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(10, 10, 10, 6);
    layout->setSpacing(10);

    m_banner = buildBanner();
    m_banner->setVisible(mode.simulated);
    layout->addWidget(m_banner);
    // The tiles above, the tabs below, a handle between: a long watchlist can show all its rows or one.
    auto* split = new QSplitter(Qt::Vertical, central);
    split->setObjectName(QStringLiteral("boardSplitter"));
    split->setChildrenCollapsible(false);
    m_board = new WatchlistBoard(codes, m_pollInterval, clock, split);
    split->addWidget(m_board);

    // The chart shares its place with the Resilience and Benchmark tabs, so the dashboard keeps the space and
    // stays what the window opens on.
    m_views = new QTabWidget(split);
    m_views->setObjectName(QStringLiteral("views"));
    m_views->setDocumentMode(true);
    m_views->setTabBarAutoHide(true);
    m_chartView = new HistoryChartView(m_views);
    m_chart = m_chartView->chart();
    m_chart->setMinimumHeight(240);
    for (const QString& code : codes)
        m_chart->setSeriesLabel(code, code);
    m_views->addTab(m_chartView, QStringLiteral("Chart"));
    m_benchPanel = new BenchPanel(m_views);
    m_benchPanel->setObjectName(QStringLiteral("benchPanel"));
    m_views->addTab(m_benchPanel, QStringLiteral("Benchmark"));
    split->addWidget(m_views);
    split->setStretchFactor(0, 0);
    split->setStretchFactor(1, 1);
    // The board's first height depends on its width (how many tiles a row holds), known only once laid out:
    // it follows the board's preferred height until the user drags the handle or a saved layout is restored.
    m_split = split;
    connect(split, &QSplitter::splitterMoved, this, [this] { m_boardSized = true; });
    connect(m_board, &WatchlistBoard::preferredHeightChanged, this, [this](int height) {
        if (m_boardSized)
            return;
        const QList<int> sizes = m_split->sizes();
        const int total = sizes.value(0) + sizes.value(1);
        if (total > height)
            m_split->setSizes({height, total - height});
    });
    layout->addWidget(split, 1);
    // The Benchmark tab is a job of its own that needs the whole height for its form and charts: the tiles
    // step aside while it is shown (the tray's tooltip keeps the prices) and come back with any other tab.
    connect(m_views, &QTabWidget::currentChanged, this,
        [this] { m_board->setVisible(m_views->currentWidget() != m_benchPanel); });

    setCentralWidget(central);
    m_statusBar = new DashboardStatusBar(this);
    setStatusBar(m_statusBar);
    if (mode.simulated)
        m_statusBar->setMode(QStringLiteral("Simulator"));
    else if (mode.host.isEmpty())
        m_statusBar->setMode(QStringLiteral("Live"));
    else
        m_statusBar->setMode(QStringLiteral("Live · ") + mode.host);
    showDataMode(mode);
    buildMenus();
    buildTray();

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

void MainWindow::setPollInterval(std::chrono::milliseconds interval)
{
    m_pollInterval = std::max(interval, std::chrono::milliseconds {1});
    m_board->setPollInterval(m_pollInterval);
    m_series.setPollInterval(m_pollInterval);
}

QString MainWindow::modeText() const
{
    return m_statusBar->modeText();
}
QString MainWindow::lastSuccessText() const
{
    return m_statusBar->lastSuccessText();
}
QString MainWindow::lastErrorText() const
{
    return m_statusBar->lastErrorText();
}
bool MainWindow::isSimulatedBannerShown() const
{
    return !m_banner->isHidden();
}

void MainWindow::onQuote(const api::Quote& quote, const api::FetchInfo& info)
{
    PriceTile* tile = this->tile(quote.code);
    if (!tile)
        return; // not a code this window watches

    m_board->showQuote(quote, info, m_clock);
    updateOldestAge();
    updateTray();

    switch (info.servedFrom) {
    case api::ServedFrom::Stale:
        // An old observation replayed: plotting it now would draw a flat line across the outage.
        m_chart->insertGap(quote.code);
        // Nor is it a recovery: the error that made it stale stays in the status bar.
        return;
    case api::ServedFrom::Cache: {
        // Fresh from cache: usually the observation the last poll drew already; drawn at its fetch time if
        // not (another instance fetched it into the shared cache).
        if (!m_series.isLastDrawn(quote))
            draw(quote.code, m_series.add(quote, tile->fetchedAt()));
        break;
    }
    case api::ServedFrom::Live:
        draw(quote.code,
            m_series.add(quote, quote.receivedAt.isValid() ? quote.receivedAt : m_clock.nowUtc()));
        break;
    }

    const QDateTime received = quote.receivedAt.isValid() ? quote.receivedAt : m_clock.nowUtc();
    m_statusBar->showUpdate(received);
}

void MainWindow::draw(const QString& code, const PriceSeriesBuilder::Steps& steps)
{
    for (const PriceSeriesBuilder::Step& step : steps) {
        switch (step.kind) {
        case PriceSeriesBuilder::Step::Kind::Clear:
            m_chart->clearCode(code);
            break;
        case PriceSeriesBuilder::Step::Kind::Gap:
            m_chart->insertGap(code);
            break;
        case PriceSeriesBuilder::Step::Kind::Point:
            m_chart->addPoint(code, step.at, step.price);
            break;
        }
    }
}

void MainWindow::onPollFailed(const api::ApiError& error)
{
    m_statusBar->showError(m_clock.nowUtc(), error);
    if (error.kind == api::ErrorKind::CacheExpired && error.lastValue) {
        if (PriceTile* tile = this->tile(error.lastValue->code)) {
            tile->setExpired(error, m_clock);
            m_chart->insertGap(tile->code());
            updateOldestAge();
            return;
        }
    }
    // A rejected answer with no good value to show instead: the code's tile says suspect, and why.
    if (error.kind == api::ErrorKind::DataQuality && error.suspect) {
        if (PriceTile* tile = this->tile(error.suspect->quote.code)) {
            tile->setRejected(error);
            m_chart->insertGap(tile->code());
            return;
        }
    }
    // Points missing from this poll must show as a break, not as a line bridging the outage.
    for (const QString& code : m_board->codes())
        m_chart->insertGap(code);
}

void MainWindow::refreshAges()
{
    m_board->refreshAges(m_clock);
    updateOldestAge();
    updateTray();
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
    // Right after the error, which takes the free space (see buildStatusBar()).
    m_statusBar->addBreakerStatus(m_breakerStatus);

    m_resiliencePanel = new ResiliencePanel(*m_breakerMonitor, pipeline.settings(), m_views);
    m_resiliencePanel->setObjectName(QStringLiteral("resiliencePanel"));

    addView(
        m_resiliencePanel, QStringLiteral("&Resilience"), QStringLiteral("actionViewResilience"), Qt::Key_2);
}

void MainWindow::attachAlerts(alerts::AlertEngine& engine, const alerts::AlertRuleStore& store)
{
    if (m_alertsPanel)
        return; // one engine per window
    m_alertsPanel = new AlertsPanel(engine, store, m_codes, m_tray->icon(), m_views);
    m_alertsPanel->setObjectName(QStringLiteral("alertsPanel"));
    addView(m_alertsPanel, QStringLiteral("&Alerts"), QStringLiteral("actionViewAlerts"), Qt::Key_4);
    const auto drawThresholds = [this, &engine] { showAlertThresholds(*m_chart, engine.rules(), m_codes); };
    connect(&engine, &alerts::AlertEngine::rulesChanged, this, drawThresholds);
    m_redrawThresholds = drawThresholds; // again when the watched codes change
    drawThresholds();
    connect(
        m_alertsPanel, &AlertsPanel::firingCountChanged, m_statusBar, &DashboardStatusBar::setAlertsFiring);
}

void MainWindow::addView(QWidget* view, const QString& title, const QString& actionName, Qt::Key shortcut)
{
    // The dashboard's own views in the order attached, the benchmark last.
    m_views->insertTab(m_views->indexOf(m_benchPanel), view, QString(title).remove(QLatin1Char('&')));
    m_menus->addView(
        title, actionName, shortcut, [this, view] { m_views->setCurrentWidget(view); }, m_benchmarkAction);
}

QString MainWindow::alertsStatusText() const
{
    return m_statusBar->alertsText();
}

void MainWindow::showAlerts()
{
    if (m_alertsPanel)
        m_views->setCurrentWidget(m_alertsPanel);
}

void MainWindow::buildMenus()
{
    m_menus = new MainMenus(*this);
    m_menus->addView(
        QStringLiteral("&Chart"), QStringLiteral("actionViewChart"), Qt::Key_1, [this] { showChart(); });
    m_benchmarkAction = m_menus->addView(QStringLiteral("&Benchmark"), QStringLiteral("actionViewBenchmark"),
        Qt::Key_3, [this] { showBenchmark(); });
    connect(m_menus->aboutAction(), &QAction::triggered, this, &MainWindow::showAbout);
    connect(m_menus->aboutQtAction(), &QAction::triggered, this, [this] { QMessageBox::aboutQt(this); });
    MainMenus::connect(m_menus->quitAction(), [this] { quit(); });
}

void MainWindow::buildTray()
{
    m_tray = new PriceTray(*this);
    connect(m_tray, &PriceTray::quitRequested, this, &MainWindow::quit);
    connect(m_tray, &PriceTray::refreshRequested, m_menus->refreshAction(), &QAction::trigger);
    QAction* closeToTray = m_menus->closeToTrayAction();
    if (!m_tray->available()) {
        closeToTray->setToolTip(QStringLiteral("This desktop has no system tray"));
        return;
    }
    closeToTray->setChecked(QSettings().value(QLatin1String(kCloseToTrayKey), false).toBool());
    MainMenus::connect(closeToTray,
        [closeToTray] { QSettings().setValue(QLatin1String(kCloseToTrayKey), closeToTray->isChecked()); });
}

void MainWindow::updateTray()
{
    QStringList lines;
    for (const QString& code : m_codes) {
        const PriceTile* tile = this->tile(code);
        if (!tile)
            continue;
        const QString price = tile->priceText();
        lines << (price.isEmpty() || tile->ageText().isEmpty()
                ? tile->nameText() + QStringLiteral(": no price yet")
                : QStringLiteral("%1: %2 · %3").arg(tile->nameText(), price, tile->ageText()));
    }
    m_tray->setPriceLines(lines);
}

bool MainWindow::closesToTray() const
{
    return m_tray->available() && m_menus->closeToTrayAction()->isChecked();
}

void MainWindow::restoreLayout()
{
    QSettings store;
    restoreWindowState(store, *this);
    // A handle the user placed comes back as it was and stays.
    m_boardSized = m_boardSized || store.contains(QStringLiteral("window/splitter/boardSplitter"));
}

void MainWindow::saveLayout() const
{
    QSettings store;
    saveWindowState(store, *this);
}

void MainWindow::quit()
{
    m_quitting = true;
    close();
    QApplication::quit();
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (!m_quitting && closesToTray()) {
        // Still watching: the tray icon's tooltip keeps the prices, a click brings the window back.
        hide();
        event->ignore();
        return;
    }
    saveLayout();
    QMainWindow::closeEvent(event);
}

AboutDialog* MainWindow::showAbout()
{
    // One dialog, raised again on a second click; not modal, so the prices keep updating behind it.
    if (!m_about) {
        m_about = new AboutDialog(this);
        m_about->setAttribute(Qt::WA_DeleteOnClose);
    }
    m_about->show();
    m_about->raise();
    m_about->activateWindow();
    return m_about;
}

void MainWindow::showChart()
{
    m_views->setCurrentWidget(m_chartView);
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
    m_statusBar->setSettingsWarning(text, details);
}

void MainWindow::showStorageWarning(const QString& text, const QString& details)
{
    m_statusBar->setStorageWarning(text, details);
}

void MainWindow::setSharedCacheState(SharedCacheState state, const QString& details)
{
    m_statusBar->setSharedCacheState(state, details);
}

QString MainWindow::settingsWarningText() const
{
    return m_statusBar->settingsWarningText();
}

QString MainWindow::settingsWarningDetails() const
{
    return m_statusBar->settingsWarningDetails();
}

QString MainWindow::storageWarningText() const
{
    return m_statusBar->storageWarningText();
}

QString MainWindow::sharedCacheText() const
{
    return m_statusBar->sharedCacheText();
}

void MainWindow::setCacheStats(const cache::CacheStats& stats)
{
    m_statusBar->setCacheStats(stats);
}

QString MainWindow::cacheStatsText() const
{
    return m_statusBar->cacheStatsText();
}

void MainWindow::updateOldestAge()
{
    const PriceTile* oldest = nullptr;
    qint64 oldestMs = -1;
    const QList<PriceTile*> tiles = m_board->tiles();
    for (const PriceTile* tile : tiles) {
        const std::optional<qint64> age = tile->valueAgeMs(m_clock);
        if (age && *age > oldestMs) {
            oldestMs = *age;
            oldest = tile;
        }
    }
    if (oldest)
        m_statusBar->setOldestAge(oldestMs, oldest->nameText(), oldest->fetchedAt());
    else
        m_statusBar->setOldestAge(std::nullopt);
}

QString MainWindow::oldestAgeText() const
{
    return m_statusBar->oldestAgeText();
}

void MainWindow::setOffline(bool offline)
{
    m_statusBar->setOffline(offline);
}

bool MainWindow::isOfflineShown() const
{
    return m_statusBar->isOfflineShown();
}

void MainWindow::attachReachability(const transport::NetworkReachability& reachability)
{
    using State = transport::NetworkReachability::State;
    const auto follow = [this, &reachability](State state) {
        // Without a backend, or with one that cannot tell, claim nothing either way.
        m_statusBar->setOffline(reachability.hasBackend() && state == State::Offline);
    };
    connect(&reachability, &transport::NetworkReachability::stateChanged, this, follow);
    follow(reachability.state());
}

void MainWindow::seedHistory(const QString& code, const QList<api::Quote>& quotesOldestFirst)
{
    if (!tile(code))
        return;
    m_board->seedHistory(code, quotesOldestFirst);
    // A range the user chose before this arrived is drawn by the range loader, from the store (reloaded when
    // the start-up backfill is over): the start-up history, an hour, must not replace it. The live points are
    // drawn already.
    const PriceSeriesBuilder::Steps steps = m_series.seed(
        code, m_chartView->drawsALoadedRange() ? QList<api::Quote>() : quotesOldestFirst, m_chart->window());
    if (steps.isEmpty())
        return;
    m_chart->beginBatch();
    draw(code, steps);
    m_chart->endBatch();
}

} // namespace oilwatch::ui
