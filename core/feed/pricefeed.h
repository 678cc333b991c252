#pragma once

#include "api/apierror.h"
#include "api/quote.h"
#include "cache/pricecache.h"
#include "feed/cachedquotes.h"

#include <chrono>
#include <optional>

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
    // The public demo API (no key) allows about 20 requests an hour per IP (contract §2.8): a poll every
    // 4 minutes is 15 an hour, leaving room for the catalogue and a few codes added by hand.
    static constexpr std::chrono::milliseconds kDemoInterval {4 * 60'000};

    PriceFeed(CachedQuotes& quotes, QStringList codes, std::chrono::milliseconds interval,
        QObject* parent = nullptr);

    static QStringList defaultCodes();

    QStringList codes() const { return m_codes; }
    // The codes polled from the next poll on. Codes that were not watched before are asked for at once when
    // the feed runs (one request for all of them; a poll in flight is waited for), so a new tile does not
    // wait a whole interval; codes that left are no longer reported, even from a poll already in flight.
    void setCodes(const QStringList& codes);
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
    // While a 429's Retry-After runs (the demo API's may be hours), polls are skipped, not sent: each would
    // only be refused again and push the limit further out. pollNow() after it ends polls again.
    bool isPaused() const { return m_pause.isActive(); }
    std::chrono::milliseconds pauseRemaining() const;

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
    // setCodes() changed the list.
    void codesChanged(const QStringList& codes);
    // A 429 asked to wait this long: polls are skipped until then (isPaused).
    void pausedFor(std::chrono::milliseconds wait);

private:
    void poll(const QStringList& codes);
    void deliver(const QList<CodeOutcome>& outcomes);
    void pauseFor(std::optional<int> retryAfterSec);

    CachedQuotes& m_quotes;
    QStringList m_codes;
    std::chrono::milliseconds m_interval;
    QTimer m_timer;
    QTimer m_pause; // single shot: runs while a Retry-After is honoured
    bool m_inFlight = false;
    QStringList m_queued; // new codes to ask for once the poll in flight is over
};

} // namespace oilwatch::feed
