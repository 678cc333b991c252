#include "feed/cachedquotes.h"

#include "api/oilpriceapiclient.h"
#include "api/responseparser.h"
#include "feed/quotegate.h"
#include "logging/logging.h"
#include "storage/historystore.h"

#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>

namespace oilwatch::feed {

namespace {

auto log()
{
    return logging::logger("cache");
}

// One log line per fetch, so that every value shown says in the log too where it came from and how old it
// was, without a line per code: "WTI_USD live 0 s, BRENT_CRUDE_USD stale 75 s, GASOLINE_USD error (network)".
QString describeServed(const QList<CodeOutcome>& outcomes)
{
    QStringList parts;
    for (const CodeOutcome& outcome : outcomes) {
        if (outcome.result) {
            parts << QStringLiteral("%1 %2 %3 s%4")
                         .arg(outcome.code, api::servedFromName(outcome.info.servedFrom))
                         .arg(outcome.info.ageMs / 1000)
                         .arg(outcome.info.suspect ? QStringLiteral(" (latest answer suspect)") : QString());
            continue;
        }
        const api::ApiError& error = outcome.result.error();
        if (error.kind == api::ErrorKind::CacheExpired && error.lastValue)
            parts << QStringLiteral("%1 expired %2 s").arg(outcome.code).arg(error.lastValueAgeMs / 1000);
        else
            parts << QStringLiteral("%1 error (%2)").arg(outcome.code, api::errorKindName(error.kind));
    }
    return parts.join(QStringLiteral(", "));
}

} // namespace

struct CachedQuotes::Pending
{
    QStringList codes; // as asked, for the order of the answer
    // The codes that need the API, each with what the cache held for it (the fallback if the API fails).
    QHash<QString, std::optional<cache::CacheEntry>> cached;
    QHash<QString, CodeOutcome> outcomes;
    Callback done;
};

CachedQuotes::CachedQuotes(api::OilPriceApiClient& client, cache::PriceCache& cache,
    cache::CachePolicy policy, const util::Clock& clock, storage::HistoryStore* history, QObject* parent)
    : QObject(parent)
    , m_client(client)
    , m_origin(client.config().origin())
    , m_cache(cache)
    , m_policy(std::move(policy))
    , m_clock(clock)
    , m_history(history)
{ }

QString CachedQuotes::keyFor(const api::Origin& origin, const QString& code)
{
    return origin.id() + QStringLiteral("|latest:") + code;
}

QByteArray CachedQuotes::bodyFor(const api::Quote& quote)
{
    // The documented single-code shape of /v1/prices/latest, so the parser needs no second dialect.
    const QJsonObject data {
        {QStringLiteral("code"), quote.code},
        {QStringLiteral("price"), quote.price},
        {QStringLiteral("currency"), quote.currency},
        {QStringLiteral("unit"), quote.unit},
        {QStringLiteral("created_at"), quote.createdAt.toUTC().toString(Qt::ISODateWithMs)},
        {QStringLiteral("type"), quote.type},
        {QStringLiteral("source"), quote.source},
    };
    return QJsonDocument(
        QJsonObject {{QStringLiteral("status"), QStringLiteral("success")}, {QStringLiteral("data"), data}})
        .toJson(QJsonDocument::Compact);
}

std::optional<api::Quote> CachedQuotes::decode(const cache::CacheEntry& entry) const
{
    // Served now: receivedAt is when it was shown, and FetchInfo::ageMs says how old it already was.
    const api::Result<QList<api::Quote>> parsed
        = api::ResponseParser::parseLatest(entry.body, m_clock.nowUtc());
    if (!parsed || parsed.value().size() != 1)
        return std::nullopt;
    api::Quote quote = parsed.value().constFirst();
    quote.origin = m_origin; // the key it was found under says whose it is
    return quote;
}

QList<CodeOutcome> CachedQuotes::lastKnown(const QStringList& codes) const
{
    QList<CodeOutcome> known;
    for (const QString& code : codes) {
        const std::optional<cache::CacheEntry> entry = m_cache.get(keyFor(code));
        if (!entry)
            continue;
        const std::optional<api::Quote> quote = decode(*entry);
        if (!quote)
            continue;
        const qint64 ageMs = entry->ageMs(m_clock);
        if (ageMs <= m_policy.settings().maxStalenessMs) {
            api::FetchInfo info;
            info.servedFrom = api::ServedFrom::Cache;
            info.ageMs = ageMs;
            known.append(CodeOutcome {code, *quote, info});
            continue;
        }
        api::ApiError expired = api::ApiError::make(api::ErrorKind::CacheExpired,
            QStringLiteral("no answer yet; the last stored value is too old to show as current"));
        expired.lastValue = quote;
        expired.lastValueAgeMs = ageMs;
        known.append(CodeOutcome {code, expired, {}});
    }
    return known;
}

void CachedQuotes::fetch(const QStringList& codes, QObject* context, Callback done)
{
    auto pending = std::make_shared<Pending>();
    pending->codes = codes;
    pending->done = std::move(done);
    for (const QString& code : codes) {
        if (pending->cached.contains(code) || pending->outcomes.contains(code))
            continue;
        std::optional<cache::CacheEntry> entry = m_cache.get(keyFor(code));
        const cache::CacheDecision decision = m_policy.beforeRequest(entry);
        if (decision.action == cache::CacheAction::ServeCached) {
            if (std::optional<api::Quote> quote = decode(*entry)) {
                api::FetchInfo info;
                info.servedFrom = api::ServedFrom::Cache;
                info.ageMs = entry->ageMs(m_clock);
                log()->debug("{}: served from the cache, {} ms old", code.toStdString(), info.ageMs);
                pending->outcomes.insert(code, CodeOutcome {code, *quote, info});
                continue;
            }
            // An entry we cannot read back is worth nothing, as fallback either.
            log()->warn("dropping an unreadable cache entry for {}", code.toStdString());
            m_cache.remove(keyFor(code));
            entry.reset();
        }
        if (m_gate && entry) {
            if (std::optional<api::Quote> known = decode(*entry))
                m_gate->seed(*known);
        }
        pending->cached.insert(code, entry);
    }
    fetchLive(std::move(pending), context ? context : this);
}

void CachedQuotes::fetchLive(std::shared_ptr<Pending> pending, QObject* context)
{
    auto finish = [this, pending] {
        QList<CodeOutcome> outcomes;
        outcomes.reserve(pending->codes.size());
        for (const QString& code : std::as_const(pending->codes))
            outcomes << pending->outcomes.value(code, CodeOutcome {code, api::Quote {}, {}});
        for (const CodeOutcome& outcome : std::as_const(outcomes))
            count(outcome);
        log()->info("served {}", describeServed(outcomes).toStdString());
        Q_EMIT served(outcomes);
        pending->done(outcomes);
    };
    if (pending->cached.isEmpty()) {
        QMetaObject::invokeMethod(context, finish, Qt::QueuedConnection);
        return;
    }
    QStringList live;
    for (const QString& code : std::as_const(pending->codes)) {
        if (pending->cached.contains(code) && !live.contains(code))
            live << code;
    }
    m_client.latestMany(live, context,
        [this, pending, finish](const api::Result<QList<api::Quote>>& result, const api::FetchInfo& info) {
            if (result)
                onLive(*pending, result.value(), info);
            else
                onFailure(*pending, result.error(), info);
            finish();
        });
}

void CachedQuotes::onLive(Pending& pending, const QList<api::Quote>& quotes, const api::FetchInfo& info)
{
    api::FetchInfo live = info;
    live.servedFrom = api::ServedFrom::Live;
    live.ageMs = 0;
    // The validators describe the whole response, so an entry keeps them only when it is that response.
    const bool oneCodeAsked = pending.cached.size() == 1;
    const QByteArray etag = oneCodeAsked ? info.etag : QByteArray();
    const QByteArray lastModified = oneCodeAsked ? info.lastModified : QByteArray();
    QList<api::Quote> received;
    for (const api::Quote& quote : quotes) {
        if (!pending.cached.contains(quote.code) || pending.outcomes.contains(quote.code))
            continue;
        if (m_gate) {
            const validation::Verdict verdict = m_gate->check(quote);
            if (!verdict.isOk()) {
                pending.outcomes.insert(
                    quote.code, rejected(quote.code, pending.cached.value(quote.code), verdict, info));
                continue;
            }
        }
        m_cache.put(keyFor(quote.code),
            cache::CacheEntry::fetchedNow(m_clock, bodyFor(quote), quote.createdAt, etag, lastModified));
        pending.outcomes.insert(quote.code, CodeOutcome {quote.code, quote, live});
        received << quote;
    }
    if (m_history && !received.isEmpty())
        m_history->append(received);
    // A code the answer left out failed like an unusable answer: its last value may stand in.
    for (auto it = pending.cached.cbegin(); it != pending.cached.cend(); ++it) {
        if (pending.outcomes.contains(it.key()))
            continue;
        const api::ApiError missing = api::ApiError::make(
            api::ErrorKind::BadResponse, QStringLiteral("the response holds no price for %1").arg(it.key()));
        pending.outcomes.insert(it.key(), fallback(it.key(), it.value(), missing, info));
    }
}

void CachedQuotes::onFailure(Pending& pending, const api::ApiError& error, const api::FetchInfo& info)
{
    for (auto it = pending.cached.cbegin(); it != pending.cached.cend(); ++it)
        pending.outcomes.insert(it.key(), fallback(it.key(), it.value(), error, info));
}

CodeOutcome CachedQuotes::fallback(const QString& code, const std::optional<cache::CacheEntry>& last,
    const api::ApiError& error, const api::FetchInfo& info) const
{
    const cache::CacheDecision decision = m_policy.onFailure(error, last);
    const std::optional<api::Quote> lastValue = last ? decode(*last) : std::nullopt;
    if (decision.action == cache::CacheAction::ServeStale && lastValue) {
        api::FetchInfo stale = info;
        stale.servedFrom = api::ServedFrom::Stale;
        stale.ageMs = last->ageMs(m_clock);
        log()->warn("{}: serving the last value as stale, {} s old: {}", code.toStdString(),
            stale.ageMs / 1000, error.describe().toStdString());
        return CodeOutcome {code, *lastValue, stale};
    }
    if (decision.action == cache::CacheAction::CacheExpired && lastValue) {
        api::ApiError expired = *decision.error;
        expired.lastValue = lastValue;
        expired.lastValueAgeMs = last->ageMs(m_clock);
        log()->warn("{}: {}", code.toStdString(), expired.describe().toStdString());
        return CodeOutcome {code, expired, info};
    }
    return CodeOutcome {code, error, info};
}

CodeOutcome CachedQuotes::rejected(const QString& code, const std::optional<cache::CacheEntry>& last,
    const validation::Verdict& verdict, const api::FetchInfo& info) const
{
    const auto suspect = std::make_shared<const validation::Verdict>(verdict);
    api::ApiError error = api::ApiError::make(api::ErrorKind::DataQuality,
        QStringLiteral("%1: rejected %2 %3: %4")
            .arg(code, QString::number(verdict.quote.price, 'g', 10), verdict.quote.currency,
                verdict.summary()));
    error.requestId = info.requestId;
    error.suspect = suspect;
    CodeOutcome outcome = fallback(code, last, error, info);
    if (!last && verdict.lastGood && !outcome.result
        && outcome.result.error().kind == api::ErrorKind::DataQuality) {
        // The cache lost it (evicted, another backend), the gate still knows it: shown as stale, aged from
        // when it was received.
        api::FetchInfo stale = info;
        stale.servedFrom = api::ServedFrom::Stale;
        stale.ageMs = std::max<qint64>(0, verdict.lastGood->receivedAt.msecsTo(m_clock.nowUtc()));
        outcome = CodeOutcome {code, *verdict.lastGood, stale};
    }
    if (outcome.result) {
        outcome.info.suspect = suspect;
    } else if (!outcome.result.error().suspect) {
        api::ApiError expired = outcome.result.error();
        expired.suspect = suspect;
        outcome.result = expired;
    }
    return outcome;
}

void CachedQuotes::count(const CodeOutcome& outcome)
{
    if (!outcome.result) {
        ++(outcome.result.error().kind == api::ErrorKind::CacheExpired ? m_counts.expired : m_counts.errors);
        return;
    }
    switch (outcome.info.servedFrom) {
    case api::ServedFrom::Live:
        ++m_counts.live;
        break;
    case api::ServedFrom::Cache:
        ++m_counts.cache;
        break;
    case api::ServedFrom::Stale:
        ++m_counts.stale;
        break;
    }
}

} // namespace oilwatch::feed
