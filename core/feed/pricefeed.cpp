#include "feed/pricefeed.h"

#include "telemetry/logging.h"

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
    // One poll at a time: a slow server must not pile up requests behind it.
    if (m_inFlight)
        return;
    m_inFlight = true;
    m_quotes.fetch(m_codes, this, [this](const QList<CodeOutcome>& outcomes) {
        m_inFlight = false;
        deliver(outcomes);
    });
}

void PriceFeed::deliver(const QList<CodeOutcome>& outcomes)
{
    bool ok = true;
    QList<api::ApiError> reported;
    for (const CodeOutcome& outcome : outcomes) {
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
        telemetry::logger("feed")->warn("{}: {}", outcome.code.toStdString(), error.describe().toStdString());
        Q_EMIT pollFailed(error);
    }
    Q_EMIT cacheStatsChanged(cacheStats());
    Q_EMIT pollFinished(ok);
}

} // namespace oilwatch::feed
