#pragma once

#include "app/alertwiring.h"
#include "app/apisetup.h"
#include "app/preferenceswiring.h"
#include "app/sessionlogsetup.h"
#include "feed/historybackfill.h"
#include "feed/historyrangeloader.h"
#include "feed/pricefeed.h"
#include "feed/watchlist.h"
#include "mainwindow.h"
#include "transport/networkreachability.h"

#include <chrono>
#include <memory>
#include <optional>

namespace oilwatch::app {

class ApiStack;
class QuoteStack;

// The dashboard a user sees for one API choice: the window, the feed polling through the quote stack, and
// the backfill seeding the chart, wired together. Everything it shows comes through the quote stack's cache
// and history for the client's origin, so a dashboard on one server never shows another's prices.
// runGui adds what belongs to the process (metrics, the screenshot, the event loop); tests build one
// directly. The stacks must outlive it.
class Dashboard
{
public:
    // How often a dashboard on `setup` polls: poll.interval_s when the user chose one, else by mode: a
    // simulator on this machine (built in, or `oilwatch sim` through --base-url) costs no quota, so it is
    // polled often.
    static std::chrono::milliseconds pollIntervalFor(const ApiSetup& setup);

    // Alert rules come from `alertRulesPath`; problems with that file show in the status bar. The codes
    // watched are the saved watchlist (QSettings "watchlist/codes"; the default five on a first start), or
    // `codesForThisRun` (`--watchlist`), which are shown and edited without being saved.
    Dashboard(const ApiSetup& setup, ApiStack& api, QuoteStack& quotes,
        const QString& alertRulesPath = alerts::AlertRuleStore::defaultPath(),
        const std::optional<QStringList>& codesForThisRun = std::nullopt);
    Dashboard(const Dashboard&) = delete;
    Dashboard& operator=(const Dashboard&) = delete;
    ~Dashboard();

    // The last stored prices at once, marked with their age, before the network answers; then the stored
    // week to the chart (codes never seen are backfilled from past_week on the way), then live polls.
    void start();

    ui::MainWindow& window() { return m_window; }
    feed::PriceFeed& feed() { return m_feed; }
    feed::Watchlist& watchlist() { return m_watchlist; }
    feed::HistoryBackfill& backfill() { return m_backfill; }
    feed::HistoryRangeLoader& rangeLoader() { return m_rangeLoader; }
    AlertWiring& alerts() { return m_alerts; }
    // Tools → Preferences… calls preferences().open(&window()).
    PreferencesWiring& preferences() { return m_preferences; }

private:
    void showCacheState(const QuoteStack& quotes);

    QuoteStack& m_quotes;
    feed::SettingsWatchlistStore m_watchlistStore;
    feed::Watchlist m_watchlist;
    feed::PriceFeed m_feed;
    feed::HistoryBackfill m_backfill;
    SessionRecording m_session; // what the feed served and the pipeline did, on disk for `export session`
    feed::HistoryRangeLoader m_rangeLoader; // the chart's time-range presets
    AlertWiring m_alerts;
    ui::MainWindow m_window;
    transport::NetworkReachability m_reachability;
    PreferencesWiring m_preferences;
};

} // namespace oilwatch::app
