#include "feed/pricefeed.h"

#include "logging/logging.h"

namespace oilwatch::feed {

PriceFeed::PriceFeed(
    CachedQuotes& quotes, QStringList codes, std::chrono::milliseconds interval, QObject* parent)
    : QObject(parent)
    , m_quotes(quotes)
    , m_codes(std::move(codes))
    , m_interval(interval)
{
    m_timer.setInterval(m_interval);
    connect(&m_timer, &QTimer::timeout, this, &PriceFeed::pollNow);
    m_pause.setSingleShot(true);
    connect(&m_pause, &QTimer::timeout, this, [this] {
        if (m_timer.isActive())
            pollNow();
    });
}

void PriceFeed::setCodes(const QStringList& codes)
{
    if (codes == m_codes)
        return;
    QStringList added;
    for (const QString& code : codes) {
        if (!m_codes.contains(code))
            added << code;
    }
    m_codes = codes;
    m_queued.erase(std::remove_if(m_queued.begin(), m_queued.end(),
                       [this](const QString& code) { return !m_codes.contains(code); }),
        m_queued.end());
    Q_EMIT codesChanged(m_codes);
    if (added.isEmpty() || !m_timer.isActive())
        return;
    if (m_inFlight) {
        for (const QString& code : std::as_const(added)) {
            if (!m_queued.contains(code))
                m_queued << code;
        }
        return;
    }
    poll(added);
}

std::chrono::milliseconds PriceFeed::pauseRemaining() const
{
    return std::chrono::milliseconds(m_pause.isActive() ? m_pause.remainingTime() : 0);
}

QStringList PriceFeed::defaultCodes()
{
    return {QStringLiteral("BRENT_CRUDE_USD"), QStringLiteral("WTI_USD"), QStringLiteral("NATURAL_GAS_USD"),
        QStringLiteral("DUTCH_TTF_EUR"), QStringLiteral("GASOLINE_USD")};
}

cache::CacheStats PriceFeed::cacheStats() const
{
    cache::CacheStats stats = m_quotes.cache().stats();
    const ServeCounts counts = m_quotes.serveCounts();
    stats.hits = counts.cache;
    stats.misses = counts.live + counts.stale + counts.expired + counts.errors;
    return stats;
}

void PriceFeed::showLastKnown()
{
    for (const CodeOutcome& outcome : m_quotes.lastKnown(m_codes)) {
        if (outcome.result)
            Q_EMIT quoteReceived(outcome.result.value(), outcome.info);
        else
            Q_EMIT pollFailed(outcome.result.error());
    }
}

void PriceFeed::start()
{
    m_timer.start();
    pollNow();
}

void PriceFeed::setInterval(std::chrono::milliseconds interval)
{
    m_interval = interval;
    m_timer.setInterval(m_interval); // a running QTimer restarts with the new interval
    Q_EMIT intervalChanged(m_interval);
}

void PriceFeed::stop()
{
    m_timer.stop();
}

void PriceFeed::pollNow()
{
    m_queued.clear(); // this poll asks for them too
    poll(m_codes);
}

void PriceFeed::poll(const QStringList& codes)
{
    // One poll at a time: a slow server must not pile up requests behind it.
    if (m_inFlight || codes.isEmpty() || m_pause.isActive())
        return;
    m_inFlight = true;
    m_quotes.fetch(codes, this, [this](const QList<CodeOutcome>& outcomes) {
        m_inFlight = false;
        deliver(outcomes);
        if (!m_queued.isEmpty())
            poll(std::exchange(m_queued, {}));
    });
}

void PriceFeed::pauseFor(std::optional<int> retryAfterSec)
{
    if (!retryAfterSec || *retryAfterSec <= 0)
        return;
    // A Retry-After in hours is still honoured to the second; capped at a week (QTimer holds ~24 days).
    const std::chrono::milliseconds wait = std::min<std::chrono::milliseconds>(
        std::chrono::seconds(*retryAfterSec), std::chrono::hours(24 * 7));
    m_pause.start(wait);
    logging::logger("feed")->warn("rate limited: polls paused for {} s", wait.count() / 1000);
    Q_EMIT pausedFor(wait);
}

void PriceFeed::deliver(const QList<CodeOutcome>& outcomes)
{
    bool ok = true;
    QList<api::ApiError> reported;
    std::optional<int> retryAfterSec;
    for (const CodeOutcome& outcome : outcomes) {
        if (outcome.info.retryAfterSec)
            retryAfterSec = outcome.info.retryAfterSec;
        else if (!outcome.result && outcome.result.error().kind == api::ErrorKind::RateLimited)
            retryAfterSec = outcome.result.error().rateLimit.retryAfterSec;
    }
    pauseFor(retryAfterSec);
    for (const CodeOutcome& outcome : outcomes) {
        if (!m_codes.contains(outcome.code))
            continue; // removed while the request was out
        if (outcome.result) {
            Q_EMIT quoteReceived(outcome.result.value(), outcome.info);
            continue;
        }
        ok = false;
        const api::ApiError& error = outcome.result.error();
        // One request failed for all codes: say it once, unless each code has its own last value to show.
        const bool repeated
            = std::any_of(reported.cbegin(), reported.cend(), [&error](const api::ApiError& seen) {
                  return seen.kind == error.kind && seen.message == error.message;
              });
        if (repeated && error.kind != api::ErrorKind::CacheExpired)
            continue;
        reported << error;
        logging::logger("feed")->warn("{}: {}", outcome.code.toStdString(), error.describe().toStdString());
        Q_EMIT pollFailed(error);
    }
    Q_EMIT cacheStatsChanged(cacheStats());
    Q_EMIT pollFinished(ok);
}

} // namespace oilwatch::feed
