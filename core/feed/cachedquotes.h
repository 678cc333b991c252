#pragma once

#include "api/apierror.h"
#include "api/quote.h"
#include "api/result.h"
#include "cache/cachepolicy.h"
#include "cache/pricecache.h"

#include <functional>

#include <QList>
#include <QObject>
#include <QStringList>

namespace oilwatch::api {
class OilPriceApiClient;
}
namespace oilwatch::storage {
class HistoryStore;
}

namespace oilwatch::feed {

class QuoteGate;

// What one code got from a fetch: a quote (live, cached or stale, with its age in `info`) or the error
// that stopped it. A CacheExpired error carries the last value and its age.
struct CodeOutcome
{
    QString code;
    api::Result<api::Quote> result = api::Quote {};
    api::FetchInfo info;
};

// How the codes of the fetches so far were served, for the status bar's hit ratio and the logs.
struct ServeCounts
{
    qint64 live = 0;
    qint64 cache = 0;
    qint64 stale = 0;
    qint64 expired = 0;
    qint64 errors = 0; // failures no old value could cover
};

// Latest quotes through the cache: fresh codes come from the cache without a request, the others from one
// request for all of them. What the API returns is cached per code and appended to the price history; when
// the request fails, CachePolicy decides per code between the last value marked stale, a cache-expired
// error that carries it, and the plain error.
//
// Every live quote passes the QuoteGate (setGate; QuoteStack always sets one) before it is cached, appended
// to the history or returned. A suspect quote is none of these: it goes to the quarantine, and its code is
// served like a code whose request failed with a typed api::ErrorKind::DataQuality error, so CachePolicy
// decides as for any failure: the last good value as stale with its age, a cache-expired error carrying it,
// or, with no last value at all, the DataQuality error itself (exit code 6). The rejected quote and its
// issues ride along as a validation::Verdict: FetchInfo::suspect next to a served value, ApiError::suspect
// on an error. So the value shown is always one that passed, and it is never shown without saying that the
// latest answer was rejected and why. Where the cache lost the last value, the gate's last good value
// stands in, as stale. Before a code's first live check, the gate is seeded with the cache's value, so that
// after a restart a spike is not taken as the first value.
//
// Entries are keyed per origin and code ("ORIGIN|latest:CODE", ORIGIN the client's api::Origin id), so a
// server's prices are never served for another server: not from the cache, not as stale. They hold a body
// ResponseParser::parseLatest reads back, with the quote's created_at. An entry keeps the response's ETag /
// Last-Modified only when the request asked for its code alone: the validators of a many-code response
// describe that whole body, not one code's part of it.
class CachedQuotes final : public QObject
{
    Q_OBJECT
public:
    using Callback = std::function<void(const QList<CodeOutcome>& outcomes)>;

    // `history` may be null (no history is kept). Every reference must outlive this object.
    CachedQuotes(api::OilPriceApiClient& client, cache::PriceCache& cache, cache::CachePolicy policy,
        const util::Clock& clock, storage::HistoryStore* history = nullptr, QObject* parent = nullptr);

    // Answers once, on the caller's thread, with one outcome per code in the order asked; never re-entrant
    // (even when every code is fresh). Destroying `context` first cancels the answer.
    void fetch(const QStringList& codes, QObject* context, Callback done);

    // The stored value of each code that has one, without a request and without counting it as served:
    // servedFrom Cache with its age while within the policy's staleness bound, else a cache-expired error
    // carrying it.
    QList<CodeOutcome> lastKnown(const QStringList& codes) const;

    static QString keyFor(const api::Origin& origin, const QString& code);
    // Whose prices this serves: the client's origin.
    const api::Origin& origin() const { return m_origin; }
    static QByteArray bodyFor(const api::Quote& quote);

    // Checks every live quote from now on; null (the default) checks nothing, for tests of caching alone.
    // The gate must outlive this object.
    void setGate(QuoteGate* gate) { m_gate = gate; }
    QuoteGate* gate() const { return m_gate; }

    cache::PriceCache& cache() { return m_cache; }
    const cache::CachePolicy& policy() const { return m_policy; }
    // A changed poll interval changes how long a value counts as fresh; requests in flight are unaffected.
    void setPolicySettings(const cache::CachePolicySettings& settings) { m_policy.setSettings(settings); }
    ServeCounts serveCounts() const { return m_counts; }

Q_SIGNALS:
    // Every fetch's outcomes, just before its callback: for observers (metrics) that see every code served,
    // whoever asked.
    void served(const QList<oilwatch::feed::CodeOutcome>& outcomes);

private:
    struct Pending;

    void fetchLive(std::shared_ptr<Pending> pending, QObject* context);
    void onLive(Pending& pending, const QList<api::Quote>& quotes, const api::FetchInfo& info);
    void onFailure(Pending& pending, const api::ApiError& error, const api::FetchInfo& info);
    // What CachePolicy makes of a failed code: its last value as stale, a cache-expired error, or `error`.
    CodeOutcome fallback(const QString& code, const std::optional<cache::CacheEntry>& last,
        const api::ApiError& error, const api::FetchInfo& info) const;
    // What a code whose live quote the gate rejected gets instead (see the class comment).
    CodeOutcome rejected(const QString& code, const std::optional<cache::CacheEntry>& last,
        const validation::Verdict& verdict, const api::FetchInfo& info) const;
    std::optional<api::Quote> decode(const cache::CacheEntry& entry) const;
    void count(const CodeOutcome& outcome);

    // The cache key of `code` for this origin.
    QString keyFor(const QString& code) const { return keyFor(m_origin, code); }

    api::OilPriceApiClient& m_client;
    const api::Origin m_origin;
    cache::PriceCache& m_cache;
    cache::CachePolicy m_policy;
    const util::Clock& m_clock;
    storage::HistoryStore* m_history;
    QuoteGate* m_gate = nullptr;
    ServeCounts m_counts;
};

} // namespace oilwatch::feed
