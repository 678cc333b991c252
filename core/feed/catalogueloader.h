#pragma once

#include "validation/catalogueentry.h"

#include <functional>
#include <optional>

#include <QObject>

namespace oilwatch::api {
class OilPriceApiClient;
class Origin;
} // namespace oilwatch::api
namespace oilwatch::cache {
class PriceCache;
}
namespace oilwatch::util {
class Clock;
}

namespace oilwatch::feed {

// The API's commodity catalogue, for the validator: each code's unit, currency, category and price_limits.
// It changes rarely, so it is kept in the price cache under "ORIGIN|commodities" (one server's catalogue is
// never taken for another's) and asked for at most once a day; offline, the last one stored serves.
class CatalogueLoader final : public QObject
{
    Q_OBJECT
public:
    enum class Source
    {
        Cache, // fresh enough: no request
        Api,
        StaleCache, // the request failed: the last one stored, however old
        None, // neither: the validator keeps its built-in table and skips the unit and currency rules
    };
    using Callback = std::function<void(const validation::Catalogue& catalogue, Source source)>;

    // A day: a catalogue adds a code or a limit now and then, never within the hour.
    static constexpr qint64 kFreshMs = 24LL * 60 * 60 * 1000;

    // Every reference must outlive the loader.
    CatalogueLoader(api::OilPriceApiClient& client, cache::PriceCache& cache, const util::Clock& clock,
        QObject* parent = nullptr);

    // Answers once, on this thread; destroying `context` first cancels the answer.
    void load(QObject* context, Callback done);
    // The stored catalogue, whatever its age, without a request: for one-shot commands.
    std::optional<validation::Catalogue> stored() const;

    static QString keyFor(const api::Origin& origin);
    // The entries of a /v1/commodities body that name a code; empty for anything else.
    static validation::Catalogue parse(const QByteArray& body);

private:
    api::OilPriceApiClient& m_client;
    cache::PriceCache& m_cache;
    const util::Clock& m_clock;
};

} // namespace oilwatch::feed
