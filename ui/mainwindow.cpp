#include "mainwindow.h"

#include "aboutdialog.h"
#include "alerts/alertengine.h"
#include "alertspanel.h"
#include "alertthresholdlines.h"
#include "appicon.h"
#include "badgelabel.h"
#include "benchpanel.h"
#include "breakermonitor.h"
#include "breakerstatuswidget.h"
#include "displayformat.h"
#include "elidedlabel.h"
#include "historychartview.h"
#include "mainmenus.h"
#include "pricechart.h"
#include "pricetile.h"
#include "pricetray.h"
#include "resilience/resilienttransport.h"
#include "resiliencepanel.h"
#include "theme.h"
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
#include <QEvent>
#include <QGridLayout>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QVBoxLayout>

namespace oilwatch::ui {

namespace {

QString localTime(const QDateTime& utc)
{
    return utc.toLocalTime().toString(QStringLiteral("hh:mm:ss"));
}

// Where a stored quote goes on the time axis: the time of its price. Its receivedAt says when we stored it,
// which for a backfilled week is one moment for every record.
QDateTime historyTime(const api::Quote& quote)
{
    return quote.createdAt.isValid() ? quote.createdAt : quote.receivedAt;
}

QString oldestAgeLabel(qint64 seconds)
{
    return QStringLiteral("oldest value %1").arg(formatDuration(seconds));
}

void reserveWidth(QLabel* label, const QString& widest)
{
    const QString shown = label->text();
    label->setText(widest);
    label->setMinimumWidth(label->sizeHint().width());
    label->setText(shown);
}

} // namespace

MainWindow::MainWindow(
    const QStringList& codes, const DataMode& mode, const util::Clock& clock, QWidget* parent)
    : QMainWindow(parent)
    , m_clock(clock)
    , m_pollInterval(std::max(mode.pollInterval, std::chrono::milliseconds {1}))
    , m_codes(codes)
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
    layout->addWidget(split, 1);
    // The Benchmark tab is a job of its own that needs the whole height for its form and charts: the tiles
    // step aside while it is shown (the tray's tooltip keeps the prices) and come back with any other tab.
    connect(m_views, &QTabWidget::currentChanged, this,
        [this] { m_board->setVisible(m_views->currentWidget() != m_benchPanel); });

    setCentralWidget(central);
    buildStatusBar(mode);
    showDataMode(mode);
    buildMenus();
    buildTray();
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

void MainWindow::buildStatusBar(const DataMode& mode)
{
    m_offlineBadge = new BadgeLabel(this);
    m_offlineBadge->setObjectName(QStringLiteral("offlineBadge"));
    m_offlineBadge->setText(QStringLiteral("OFFLINE"));
    m_offlineBadge->setTone(BadgeTone::Critical);
    m_offlineBadge->setToolTip(QStringLiteral("The system reports no network connection."));
    m_offlineBadge->setVisible(false);

    // Short, and what the user must not miss: a plain label that never gives way, unlike the warnings.
    m_statusAlerts = new QLabel(this);
    m_statusAlerts->setObjectName(QStringLiteral("statusAlerts"));
    m_statusAlerts->setContentsMargins(8, 0, 8, 0);
    m_statusAlerts->setVisible(false);
    m_warningLabels.append(m_statusAlerts);
    m_statusSettingsWarning = addWarningLabel(QStringLiteral("statusSettingsWarning"));
    m_statusStorageWarning = addWarningLabel(QStringLiteral("statusStorageWarning"));
    m_statusSharedCache = addWarningLabel(QStringLiteral("statusSharedCache"));

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

    m_statusLastError = new ElidedLabel(this);
    m_statusLastError->setObjectName(QStringLiteral("statusLastError"));
    // A long error gives way first, with "…" (its whole text is in the tooltip): the breaker state must stay
    // readable.
    m_statusLastError->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_statusLastError->setMinimumWidth(0);

    m_statusCacheStats = new QLabel(this);
    m_statusCacheStats->setObjectName(QStringLiteral("statusCacheStats"));
    m_statusCacheStats->setVisible(false);

    m_statusOldestAge = new QLabel(this);
    m_statusOldestAge->setObjectName(QStringLiteral("statusOldestAge"));
    m_statusOldestAge->setVisible(false);

    for (QLabel* label :
        {m_statusLastError, m_statusLastSuccess, m_statusMode, m_statusCacheStats, m_statusOldestAge})
        label->setContentsMargins(8, 0, 8, 0);
    // Room for the widest text each will show, so the neighbours stay put while the numbers change.
    reserveWidth(m_statusCacheStats, QStringLiteral("cache 100% hits"));
    reserveWidth(m_statusOldestAge, oldestAgeLabel(119 * 60));

    // Left to right: what needs attention, the last error (which takes the free space), then the breaker
    // (attachResilience), the cache, the data's age, the last update and the mode.
    const QList<QWidget*> attention = {
        m_offlineBadge, m_statusAlerts, m_statusSettingsWarning, m_statusStorageWarning, m_statusSharedCache};
    for (QWidget* widget : attention)
        statusBar()->addPermanentWidget(widget);
    statusBar()->addPermanentWidget(m_statusLastError, 1);
    m_breakerStatusIndex = static_cast<int>(attention.size()) + 1;
    for (QLabel* label : {m_statusCacheStats, m_statusOldestAge, m_statusLastSuccess, m_statusMode})
        statusBar()->addPermanentWidget(label);
}

QLabel* MainWindow::addWarningLabel(const QString& objectName)
{
    // Several warnings and the breaker can share a narrow status bar: a warning gives way with "…" rather
    // than being cut off mid-word, and its tooltip has all of it.
    auto* label = new ElidedLabel(this);
    label->setObjectName(objectName);
    label->setContentsMargins(8, 0, 8, 0);
    label->setVisible(false);
    m_warningLabels.append(label);
    return label;
}

void MainWindow::setWarning(QLabel* label, const QString& text, const QString& details)
{
    label->setText(text.isEmpty() ? QString() : QStringLiteral("⚠ ") + text);
    label->setToolTip(details.isEmpty() ? text : text + QLatin1Char('\n') + details);
    label->setVisible(!text.isEmpty());
}

void MainWindow::setPollInterval(std::chrono::milliseconds interval)
{
    m_pollInterval = std::max(interval, std::chrono::milliseconds {1});
    m_board->setPollInterval(m_pollInterval);
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
        const auto last = m_lastPlotted.constFind(quote.code);
        const bool drawn = last != m_lastPlotted.cend() && last->createdAt.isValid()
            && last->createdAt == quote.createdAt && last->price == quote.price;
        if (!drawn)
            plot(quote, tile->fetchedAt());
        break;
    }
    case api::ServedFrom::Live:
        plot(quote, quote.receivedAt.isValid() ? quote.receivedAt : m_clock.nowUtc());
        break;
    }

    const QDateTime received = quote.receivedAt.isValid() ? quote.receivedAt : m_clock.nowUtc();
    m_statusLastSuccess->setText(QStringLiteral("Last update ") + localTime(received));
    if (!m_statusLastError->text().isEmpty()) {
        // Keep what went wrong reachable without leaving it shouting in red after recovery.
        m_statusLastError->setToolTip(
            QStringLiteral("Recovered. Previous error: ") + m_statusLastError->text());
        m_statusLastError->clear();
    }
}

void MainWindow::plot(const api::Quote& quote, const QDateTime& at, qint64 gapAfterMs)
{
    if (gapAfterMs <= 0)
        gapAfterMs = kGapPolls * m_pollInterval.count();
    if (!at.isValid())
        return;
    const auto last = m_lastPlotted.constFind(quote.code);
    if (last != m_lastPlotted.cend()) {
        if (at < last->at)
            return; // the chart keeps time order per code
        // A hole of several polls that nobody reported (the app was closed, the machine slept, the stored
        // history has a hole) is shown as what it is.
        if (last->at.msecsTo(at) > gapAfterMs)
            m_chart->insertGap(quote.code);
    }
    m_chart->addPoint(quote.code, at, quote.price);
    m_lastPlotted.insert(quote.code, Plotted {at, quote.createdAt, quote.price});
    if (!m_seeded.contains(quote.code)) {
        auto& early = m_pointsBeforeHistory[quote.code];
        if (early.size() < kMaxPointsBeforeHistory)
            early.append({at, quote});
    }
}

void MainWindow::onPollFailed(const api::ApiError& error)
{
    showError(error);
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

void MainWindow::showError(const api::ApiError& error)
{
    m_statusLastError->setText(
        QStringLiteral("Error at %1: %2").arg(localTime(m_clock.nowUtc()), error.describe()));
    m_statusLastError->setToolTip(error.excerpt.isEmpty()
            ? m_statusLastError->text()
            : m_statusLastError->text() + QLatin1Char('\n') + error.excerpt);
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
    statusBar()->insertPermanentWidget(m_breakerStatusIndex, m_breakerStatus);

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
    connect(m_alertsPanel, &AlertsPanel::firingCountChanged, this, [this](int firing) {
        setWarning(m_statusAlerts,
            firing == 0 ? QString()
                        : (firing == 1 ? QStringLiteral("1 alert firing")
                                       : QStringLiteral("%1 alerts firing").arg(firing)),
            QStringLiteral("See View → Alerts"));
    });
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
    return m_statusAlerts->isHidden() ? QString() : m_statusAlerts->text();
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
    setWarning(m_statusSettingsWarning, text, details);
}

void MainWindow::showStorageWarning(const QString& text, const QString& details)
{
    setWarning(m_statusStorageWarning, text, details);
}

void MainWindow::setSharedCacheState(SharedCacheState state, const QString& details)
{
    setWarning(m_statusSharedCache,
        state == SharedCacheState::Down ? QStringLiteral("shared cache down — using local cache") : QString(),
        details);
}

QString MainWindow::settingsWarningText() const
{
    return m_statusSettingsWarning->isHidden() ? QString() : m_statusSettingsWarning->text();
}

QString MainWindow::settingsWarningDetails() const
{
    return m_statusSettingsWarning->isHidden() ? QString() : m_statusSettingsWarning->toolTip();
}

QString MainWindow::storageWarningText() const
{
    return m_statusStorageWarning->isHidden() ? QString() : m_statusStorageWarning->text();
}

QString MainWindow::sharedCacheText() const
{
    return m_statusSharedCache->isHidden() ? QString() : m_statusSharedCache->text();
}

void MainWindow::setCacheStats(const cache::CacheStats& stats)
{
    const qint64 lookups = stats.hits + stats.misses;
    m_statusCacheStats->setVisible(lookups > 0);
    if (lookups <= 0) {
        m_statusCacheStats->clear();
        return;
    }
    // Rounded down, so a single miss never shows as 100 %.
    const qint64 percent = stats.hits * 100 / lookups;
    m_statusCacheStats->setText(QStringLiteral("cache %1% hits").arg(percent));
    m_statusCacheStats->setToolTip(QStringLiteral("%1 hits, %2 misses in %3 lookups (an expired entry counts "
                                                  "as a miss)\n%4 entries, %5")
                                       .arg(stats.hits)
                                       .arg(stats.misses)
                                       .arg(lookups)
                                       .arg(stats.entries)
                                       .arg(QLocale::c().formattedDataSize(stats.bytes)));
}

QString MainWindow::cacheStatsText() const
{
    return m_statusCacheStats->isHidden() ? QString() : m_statusCacheStats->text();
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
    m_statusOldestAge->setVisible(oldest != nullptr);
    if (!oldest) {
        m_statusOldestAge->clear();
        return;
    }
    m_statusOldestAge->setText(oldestAgeLabel(oldestMs / 1000));
    m_statusOldestAge->setToolTip(QStringLiteral("The oldest value on screen: %1, fetched %2")
                                      .arg(oldest->nameText(), localTime(oldest->fetchedAt())));
}

QString MainWindow::oldestAgeText() const
{
    return m_statusOldestAge->isHidden() ? QString() : m_statusOldestAge->text();
}

void MainWindow::setOffline(bool offline)
{
    m_offlineBadge->setVisible(offline);
}

bool MainWindow::isOfflineShown() const
{
    return !m_offlineBadge->isHidden();
}

void MainWindow::attachReachability(const transport::NetworkReachability& reachability)
{
    using State = transport::NetworkReachability::State;
    const auto follow = [this, &reachability](State state) {
        // Without a backend, or with one that cannot tell, claim nothing either way.
        m_offlineBadge->setVisible(reachability.hasBackend() && state == State::Offline);
    };
    connect(&reachability, &transport::NetworkReachability::stateChanged, this, follow);
    follow(reachability.state());
}

void MainWindow::seedHistory(const QString& code, const QList<api::Quote>& quotesOldestFirst)
{
    if (!tile(code))
        return;
    m_board->seedHistory(code, quotesOldestFirst);
    if (quotesOldestFirst.isEmpty() || m_chartView->drawsALoadedRange()) {
        // A range the user chose before this arrived is drawn by the range loader, from the store (reloaded
        // when the start-up backfill is over): the start-up history, an hour, must not replace it. The live
        // points are drawn already.
        m_pointsBeforeHistory.remove(code);
        m_seeded.insert(code);
        return;
    }
    // Only what the chart's window can hold: older points would be drawn and dropped again at once.
    const QDateTime newest = historyTime(quotesOldestFirst.constLast());
    const QDateTime cutoff = newest.addSecs(-m_chart->window().count());
    // Live points may already be drawn (the last known value, a fast first poll): draw the history first,
    // then them again, so that the line runs in time order with its holes as gaps.
    const QList<QPair<QDateTime, api::Quote>> early = m_pointsBeforeHistory.take(code);
    m_seeded.insert(code);
    m_chart->beginBatch();
    m_chart->clearCode(code);
    m_lastPlotted.remove(code);
    // Stored history may be coarser than the polls, and its resolution changes along the way (a backfill
    // brings a record a minute for the last hours and fewer before): a hole is several of the series' own
    // previous steps, and never less than several polls.
    const qint64 pollGapMs = kGapPolls * m_pollInterval.count();
    qint64 previousStepMs = 0;
    QDateTime previous;
    for (const api::Quote& quote : quotesOldestFirst) {
        const QDateTime at = historyTime(quote);
        if (!at.isValid() || quote.code != code)
            continue;
        const qint64 stepMs = previous.isValid() ? previous.msecsTo(at) : 0;
        if (at >= cutoff)
            plot(quote, at, std::max(pollGapMs, kGapPolls * previousStepMs));
        previousStepMs = stepMs;
        previous = at;
    }
    for (const auto& [at, quote] : early)
        plot(quote, at);
    m_chart->endBatch();
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
    for (QLabel* label : std::as_const(m_warningLabels)) {
        QPalette warning = label->palette();
        warning.setColor(QPalette::WindowText, warningColour(palette()));
        label->setPalette(warning);
    }
}

} // namespace oilwatch::ui
