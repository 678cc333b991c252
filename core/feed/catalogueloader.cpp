#include "feed/catalogueloader.h"

#include "api/oilpriceapiclient.h"
#include "api/responseparser.h"
#include "cache/pricecache.h"
#include "logging/logging.h"

#include <QPointer>

namespace oilwatch::feed {

CatalogueLoader::CatalogueLoader(
    api::OilPriceApiClient& client, cache::PriceCache& cache, const util::Clock& clock, QObject* parent)
    : QObject(parent)
    , m_client(client)
    , m_cache(cache)
    , m_clock(clock)
{ }

QString CatalogueLoader::keyFor(const api::Origin& origin)
{
    return origin.id() + QStringLiteral("|commodities");
}

validation::Catalogue CatalogueLoader::parse(const QByteArray& body)
{
    validation::Catalogue catalogue;
    const api::Result<QJsonArray> items = api::ResponseParser::commodityItems(body);
    if (!items)
        return catalogue;
    for (const QJsonValue& item : items.value()) {
        if (std::optional<validation::CatalogueEntry> entry
            = validation::CatalogueEntry::fromJson(item.toObject()))
            catalogue.insert(std::move(*entry));
    }
    return catalogue;
}

std::optional<validation::Catalogue> CatalogueLoader::stored() const
{
    const std::optional<cache::CacheEntry> entry = m_cache.get(keyFor(m_client.config().origin()));
    if (!entry)
        return std::nullopt;
    validation::Catalogue catalogue = parse(entry->body);
    if (catalogue.size() == 0)
        return std::nullopt;
    return catalogue;
}

void CatalogueLoader::load(QObject* context, Callback done)
{
    const QString key = keyFor(m_client.config().origin());
    const std::optional<cache::CacheEntry> entry = m_cache.get(key);
    std::optional<validation::Catalogue> cached = stored();
    if (cached && entry->ageMs(m_clock) < kFreshMs) {
        QMetaObject::invokeMethod(
            context, [done, catalogue = *cached] { done(catalogue, Source::Cache); }, Qt::QueuedConnection);
        return;
    }
    m_client.commoditiesBody(
        context, [this, key, done, cached](const api::Result<QByteArray>& body, const api::FetchInfo&) {
            if (body) {
                validation::Catalogue catalogue = parse(body.value());
                m_cache.put(key, cache::CacheEntry::fetchedNow(m_clock, body.value()));
                done(catalogue, Source::Api);
                return;
            }
            logging::logger("cache")->warn("commodity catalogue not loaded: {}{}",
                body.error().describe().toStdString(), cached ? "; using the one stored" : "");
            if (cached)
                done(*cached, Source::StaleCache);
            else
                done({}, Source::None);
        });
}

} // namespace oilwatch::feed
