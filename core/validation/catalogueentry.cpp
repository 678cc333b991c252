#include "validation/catalogueentry.h"

#include <cmath>

#include <QJsonArray>

namespace oilwatch::validation {

namespace {

std::optional<PriceRange> rangeOf(const QJsonValue& min, const QJsonValue& max)
{
    if (!min.isDouble() || !max.isDouble())
        return std::nullopt;
    const PriceRange range {min.toDouble(), max.toDouble()};
    if (!std::isfinite(range.min) || !std::isfinite(range.max) || !range.isValid())
        return std::nullopt;
    return range;
}

// {"min": a, "max": b} or [a, b]
std::optional<PriceRange> rangeIn(const QJsonValue& value)
{
    if (value.isObject())
        return rangeOf(
            value.toObject().value(QLatin1String("min")), value.toObject().value(QLatin1String("max")));
    if (value.isArray() && value.toArray().size() == 2)
        return rangeOf(value.toArray().at(0), value.toArray().at(1));
    return std::nullopt;
}

} // namespace

CatalogueEntry CatalogueEntry::fromCommodity(const api::Commodity& commodity)
{
    CatalogueEntry entry;
    entry.code = commodity.code;
    entry.name = commodity.name;
    entry.category = commodity.category;
    entry.unit = commodity.unit;
    entry.currency = commodity.currency;
    return entry;
}

std::optional<CatalogueEntry> CatalogueEntry::fromJson(const QJsonObject& item)
{
    const QString code = item.value(QLatin1String("code")).toString().trimmed();
    if (code.isEmpty())
        return std::nullopt;
    CatalogueEntry entry;
    entry.code = code;
    entry.name = item.value(QLatin1String("name")).toString();
    entry.category = item.value(QLatin1String("category")).toString();
    entry.unit = item.value(QLatin1String("unit")).toString();
    entry.currency = item.value(QLatin1String("currency")).toString();
    const QJsonObject limits = item.value(QLatin1String("price_limits")).toObject();
    entry.limits = rangeIn(limits);
    if (!entry.limits)
        entry.limits = rangeIn(item.value(QLatin1String("validation")));
    entry.typicalRange = rangeIn(limits.value(QLatin1String("typical_range")));
    return entry;
}

Catalogue::Catalogue(const QList<CatalogueEntry>& entries)
{
    for (const CatalogueEntry& entry : entries)
        insert(entry);
}

Catalogue Catalogue::fromCommodities(const QList<api::Commodity>& commodities)
{
    Catalogue catalogue;
    for (const api::Commodity& commodity : commodities)
        catalogue.insert(CatalogueEntry::fromCommodity(commodity));
    return catalogue;
}

void Catalogue::insert(CatalogueEntry entry)
{
    QString code = entry.code;
    m_entries.insert_or_assign(std::move(code), std::move(entry));
}

const CatalogueEntry* Catalogue::find(const QString& code) const
{
    const auto it = m_entries.find(code);
    return it == m_entries.end() ? nullptr : &it->second;
}

QList<CatalogueEntry> Catalogue::entries() const
{
    QList<CatalogueEntry> all;
    all.reserve(size());
    for (const auto& [code, entry] : m_entries)
        all.append(entry);
    return all;
}

} // namespace oilwatch::validation
