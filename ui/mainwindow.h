#pragma once

#include "api/apierror.h"
#include "api/quote.h"
#include "cache/pricecache.h"
#include "dashboardstatusbar.h"
#include "priceseriesbuilder.h"

#include <chrono>
#include <functional>

#include <QDateTime>
#include <QMainWindow>
#include <QPointer>
#include <QStringList>
#include <QTimer>

class QAction;
class QLabel;
class QSplitter;
class QTabWidget;
class QToolButton;

namespace oilwatch::util {
class Clock;
}

namespace oilwatch::transport {
class NetworkReachability;
}

namespace oilwatch::resilience {
class ResilientTransport;
struct ResilienceSettings;
} // namespace oilwatch::resilience

namespace oilwatch::feed {
class Watchlist;
}

namespace oilwatch::alerts {
class AlertEngine;
class AlertRuleStore;
} // namespace oilwatch::alerts

namespace oilwatch::ui {

class AboutDialog;
class AlertsPanel;
class BenchPanel;
class MainMenus;
class PriceTray;
class HistoryChartView;
class BreakerMonitor;
class BreakerStatusWidget;
class PriceChart;
class PriceTile;
class ResiliencePanel;
class WatchlistBoard;
class WatchlistDialog;

// Where the data comes from, so the window can say so plainly.
struct DataMode
{
    bool simulated = false;
    QString host; // e.g. "api.oilpriceapi.com"; shown in the status bar in live mode
    // How often the feed asks: a value older than this is overdue ("aging"), and a hole of a few of these in
    // the history is an outage the chart shows as a gap.
    std::chrono::milliseconds pollInterval {60'000};
    // The public demo API without a key (real prices, about 20 requests an hour): labelled "demo (limited)"
    // with an offer to add a key.
    bool publicDemo = false;
};

// The main window. It only consumes signals (PriceFeed::quoteReceived / pollFailed): it never sends a
// request and never blocks.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
public:
    MainWindow(
        const QStringList& codes, const DataMode& mode, const util::Clock& clock, QWidget* parent = nullptr);

    // For tests and the app.
    PriceTile* tile(const QString& code) const;
    // The tiles (or table) of the watched codes: the dashboard's top half.
    WatchlistBoard* board() const { return m_board; }
    QStringList codes() const { return m_codes; }
    // Follows `watchlist` from now on: its changes add and remove tiles, chart series and alert lines, and
    // the board's Add… button opens editWatchlist(). The watchlist must outlive the window.
    void attachWatchlist(feed::Watchlist& watchlist);
    // Where the picker's catalogue came from, said in the picker: "from the cache (offline)", etc.
    void setCatalogueNote(const QString& note) { m_catalogueNote = note; }
    QString catalogueNote() const { return m_catalogueNote; }
    // The codes shown, for a window without a watchlist (tests) and from the watchlist's changes.
    void setCodes(const QStringList& codes);
    PriceChart* chart() const { return m_chart; }
    // The chart tab: the chart with its toolbar (presets, zoom, export); the dashboard gives it a loader.
    HistoryChartView* chartView() const { return m_chartView; }
    QString modeText() const;
    QString lastSuccessText() const;
    QString lastErrorText() const;
    bool isSimulatedBannerShown() const;

    // Shows the pipeline's state for `host` (as the breaker and limiter registries name it, no port) in the
    // status bar and adds the Resilience tab next to the chart. Through it the window reads breaker state and
    // limiter counts and uses the breaker's user controls; it never sends a request.
    void attachResilience(resilience::ResilientTransport& pipeline, const QString& host);
    // A problem with the stored settings: stays in the status bar, details in the tooltip.
    void showSettingsWarning(const QString& text, const QString& details = {});
    // A corrupt cache or history file was moved aside: stays in the status bar, details in the tooltip.
    void showStorageWarning(const QString& text, const QString& details = {});
    // Says so only when the shared cache is configured and down; nothing when it is not configured.
    void setSharedCacheState(SharedCacheState state, const QString& details = {});
    // The cache's hit ratio in the status bar, counts in the tooltip; hidden until the first lookup.
    void setCacheStats(const cache::CacheStats& stats);
    // Shows or hides the Offline badge.
    void setOffline(bool offline);
    // Follows the platform's reachability: Offline badge when it reports no network, nothing at all when
    // the platform has no backend or cannot tell.
    void attachReachability(const transport::NetworkReachability& reachability);
    // Fills the chart from stored history (oldest first) so it survives restarts; holes of more than a few
    // poll intervals stay gaps, and live quotes continue the series.
    void seedHistory(const QString& code, const QList<api::Quote>& quotesOldestFirst);
    // View → Chart, View → Resilience and View → Benchmark.
    void showChart();
    void showResilience();
    void showBenchmark();
    void showAlerts();
    // Adds the Alerts tab (rules editor, history, tray notifications), the rules' threshold lines on the
    // chart and a status-bar count of firing alerts. The engine and the store must outlive the window.
    void attachAlerts(alerts::AlertEngine& engine, const alerts::AlertRuleStore& store);
    AlertsPanel* alertsPanel() const { return m_alertsPanel; }
    QString alertsStatusText() const;
    // The menu bar; the app wires the items whose features it owns (refresh, export, preferences, watchlist).
    MainMenus& menus() const { return *m_menus; }
    PriceTray& tray() const { return *m_tray; }
    // Closing hides the window into the tray instead of quitting (Tools → Close to Tray, where a tray
    // exists); File → Quit always quits.
    bool closesToTray() const;
    static constexpr const char* kCloseToTrayKey = "window/closeToTray";
    // Brings back the geometry, the splitter and the tab the user left (after the views are attached).
    void restoreLayout();
    // Keeps the layout for restoreLayout (done on close; also when a new window takes this one's place).
    void saveLayout() const;
    // Saves the layout and quits the application, whatever Close to Tray says.
    void quit();
    // Help → About OilWatch; returns the dialog shown.
    AboutDialog* showAbout();
    BenchPanel* benchPanel() const { return m_benchPanel; }
    BreakerMonitor* breakerMonitor() const { return m_breakerMonitor; }
    BreakerStatusWidget* breakerStatus() const { return m_breakerStatus; }
    ResiliencePanel* resiliencePanel() const { return m_resiliencePanel; }
    QString settingsWarningText() const;
    QString settingsWarningDetails() const;
    QString storageWarningText() const;
    QString sharedCacheText() const;
    QString cacheStatsText() const; // empty while hidden
    QString oldestAgeText() const; // empty while no tile has a value
    bool isOfflineShown() const;
    std::chrono::milliseconds pollInterval() const { return m_pollInterval; }
    // A poll interval changed in Preferences: the tiles' "aging" and the chart's gaps follow it.
    void setPollInterval(std::chrono::milliseconds interval);

    // A hole longer than this many poll intervals between two points is drawn as a gap.
    static constexpr int kGapPolls = PriceSeriesBuilder::kGapPolls;
    DashboardStatusBar* dashboardStatusBar() const { return m_statusBar; }

public Q_SLOTS:
    void onQuote(const oilwatch::api::Quote& quote, const oilwatch::api::FetchInfo& info);
    void onPollFailed(const oilwatch::api::ApiError& error);
    // Re-renders every "updated N s ago"; driven by a one-second timer, callable from tests.
    void refreshAges();
    // View → Edit watchlist… (and the board's Add…): the catalogue picker on the attached watchlist; returns
    // the dialog shown (non-modal, one at a time), or null without a watchlist.
    WatchlistDialog* editWatchlist();

Q_SIGNALS:
    // The "Add API key…" offer of the demo mode was clicked: the lead connects it to Preferences.
    void addApiKeyRequested();

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    QLabel* buildBanner();
    void showDataMode(const DataMode& mode); // mainwindowwatchlist.cpp: the demo's labels
    // Applies the series builder's steps for one code to the chart.
    void draw(const QString& code, const PriceSeriesBuilder::Steps& steps);
    void updateOldestAge();
    void buildMenus();
    void buildTray();
    // The tray's tooltip: every watched price with its age.
    void updateTray();
    // A tab before the benchmark, and its View menu action before the benchmark's, with Ctrl+shortcut.
    void addView(QWidget* view, const QString& title, const QString& actionName, Qt::Key shortcut);

    const util::Clock& m_clock;
    std::chrono::milliseconds m_pollInterval;
    QStringList m_codes;
    WatchlistBoard* m_board = nullptr;
    feed::Watchlist* m_watchlist = nullptr;
    QPointer<WatchlistDialog> m_watchlistDialog;
    QString m_catalogueNote;
    QToolButton* m_addKey = nullptr;
    std::function<void()> m_redrawThresholds;
    PriceSeriesBuilder m_series; // what the chart draws, and where its line breaks
    PriceChart* m_chart = nullptr; // inside m_chartView
    HistoryChartView* m_chartView = nullptr;
    QLabel* m_banner = nullptr;
    DashboardStatusBar* m_statusBar = nullptr;
    QTabWidget* m_views = nullptr;
    QSplitter* m_split = nullptr; // the board above, the tabs below
    bool m_boardSized = false; // the user placed the handle (now or in a saved layout)
    BreakerMonitor* m_breakerMonitor = nullptr;
    BreakerStatusWidget* m_breakerStatus = nullptr;
    ResiliencePanel* m_resiliencePanel = nullptr;
    BenchPanel* m_benchPanel = nullptr;
    AlertsPanel* m_alertsPanel = nullptr;
    MainMenus* m_menus = nullptr;
    QAction* m_benchmarkAction = nullptr; // views attached later go before it
    PriceTray* m_tray = nullptr;
    bool m_quitting = false;
    QPointer<AboutDialog> m_about; // deletes itself on close
    QTimer m_ageTimer;
};

} // namespace oilwatch::ui
