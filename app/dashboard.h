#pragma once

#include "app/alertwiring.h"
#include "app/apisetup.h"
#include "feed/historybackfill.h"
#include "feed/historyrangeloader.h"
#include "feed/pricefeed.h"
#include "mainwindow.h"
#include "transport/networkreachability.h"

#include <chrono>

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
    // How often a dashboard on `setup` polls: a simulator on this machine (built in, or `oilwatch sim`
    // through --base-url) costs no quota, so it is polled often.
    static std::chrono::milliseconds pollIntervalFor(const ApiSetup& setup);

    // Alert rules come from `alertRulesPath`; problems with that file show in the status bar.
    Dashboard(const ApiSetup& setup, ApiStack& api, QuoteStack& quotes,
        const QString& alertRulesPath = alerts::AlertRuleStore::defaultPath());
    Dashboard(const Dashboard&) = delete;
    Dashboard& operator=(const Dashboard&) = delete;
    ~Dashboard();

    // The last stored prices at once, marked with their age, before the network answers; then the stored
    // week to the chart (codes never seen are backfilled from past_week on the way), then live polls.
    void start();

    ui::MainWindow& window() { return m_window; }
    feed::PriceFeed& feed() { return m_feed; }
    feed::HistoryBackfill& backfill() { return m_backfill; }
    feed::HistoryRangeLoader& rangeLoader() { return m_rangeLoader; }
    AlertWiring& alerts() { return m_alerts; }

private:
    void showCacheState(const QuoteStack& quotes);

    QuoteStack& m_quotes;
    feed::PriceFeed m_feed;
    feed::HistoryBackfill m_backfill;
    feed::HistoryRangeLoader m_rangeLoader; // the chart's time-range presets
    AlertWiring m_alerts;
    ui::MainWindow m_window;
    transport::NetworkReachability m_reachability;
};

} // namespace oilwatch::app
