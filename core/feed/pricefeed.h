#pragma once

#include "api/apierror.h"
#include "api/quote.h"
#include "cache/pricecache.h"
#include "feed/cachedquotes.h"

#include <chrono>

#include <QObject>
#include <QStringList>
#include <QTimer>

namespace oilwatch::feed {

// Polls the watched codes at an interval through the cache and reports each quote with where it came from and
// its age, or the error that stopped it.
class PriceFeed final : public QObject
{
    Q_OBJECT
public:
    static constexpr std::chrono::milliseconds kLiveInterval {60'000};
    static constexpr std::chrono::milliseconds kSimulatorInterval {2'000};

    PriceFeed(CachedQuotes& quotes, QStringList codes, std::chrono::milliseconds interval,
        QObject* parent = nullptr);

    static QStringList defaultCodes();

    QStringList codes() const { return m_codes; }
    std::chrono::milliseconds interval() const { return m_interval; }
    bool isRunning() const { return m_timer.isActive(); }
    // The cache's size, with hits and misses counted the way a user means them: a hit is a code served
    // without a request; a code that needed a request is a miss, whatever the lookup found.
    cache::CacheStats cacheStats() const;
    ServeCounts serveCounts() const { return m_quotes.serveCounts(); }

    // Reports every code's last stored value at once, before any request (quoteReceived with servedFrom
    // Cache and its age, or pollFailed with a cache-expired error when it is too old to show as current):
    // the window opens with the last known prices instead of waiting for the network.
    void showLastKnown();
    void start(); // polls at once, then every interval
    // Takes effect at once: a running feed polls next one new interval from now (a poll in flight finishes).
    // Only the timer: the caller adjusts the cache's freshness to match (CachedQuotes::setPolicySettings).
    void setInterval(std::chrono::milliseconds interval);
    void stop();
    void pollNow();

Q_SIGNALS:
    // After setInterval(): the window shows the new cadence, and its gap rule follows it.
    void intervalChanged(std::chrono::milliseconds interval);
    // One per code served: info.servedFrom and info.ageMs say live, cache or stale and how old.
    void quoteReceived(const oilwatch::api::Quote& quote, const oilwatch::api::FetchInfo& info);
    // One per code whose cached value was too old to show (kind CacheExpired, with lastValue), and one per
    // distinct other error.
    void pollFailed(const oilwatch::api::ApiError& error);
    // ok: every code got a quote, stale ones included.
    void pollFinished(bool ok);
    // After every poll, for the hit ratio in the status bar.
    void cacheStatsChanged(const oilwatch::cache::CacheStats& stats);

private:
    void deliver(const QList<CodeOutcome>& outcomes);

    CachedQuotes& m_quotes;
    QStringList m_codes;
    std::chrono::milliseconds m_interval;
    QTimer m_timer;
    bool m_inFlight = false;
};

} // namespace oilwatch::feed
