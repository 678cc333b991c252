#pragma once

#include "api/quote.h"

#include <map>
#include <optional>

#include <QJsonObject>
#include <QList>
#include <QString>

namespace oilwatch::validation {

// A closed price interval [min, max] in the commodity's own unit and currency.
struct PriceRange
{
    double min = 0.0;
    double max = 0.0;

    bool contains(double price) const { return price >= min && price <= max; }
    bool isValid() const { return min <= max; }
    bool operator==(const PriceRange&) const = default;
};

// What the validator needs to know about one code from the API's catalogue (contract §2.6).
struct CatalogueEntry
{
    QString code;
    QString name; // "Brent Crude Oil": for people choosing codes (the watchlist picker); may be empty
    QString category; // e.g. "Crude Oil": picks the spike default (ValidationSettings)
    QString unit; // empty: not known, the unit rule is skipped
    QString currency; // empty: not known, the currency rule is skipped
    // From price_limits{min,max} (GET /v1/commodities/{code}) or, failing that, validation{min,max} (the
    // Node SDK's Commodity type). nullopt: the API gave none, the built-in table applies.
    std::optional<PriceRange> limits;
    // price_limits.typical_range, as [lo, hi] or {min, max}: informational only, never used to reject.
    std::optional<PriceRange> typicalRange;

    // A price <= 0 is allowed only when the catalogue's lower limit is <= 0 (WTI futures settled at -37.63
    // on 2020-04-20: a catalogue that knows this says so in its limits).
    bool allowsNonPositive() const { return limits && limits->min <= 0.0; }

    static CatalogueEntry fromCommodity(const api::Commodity& commodity);
    // One item of /v1/commodities or the data object of /v1/commodities/{code}. nullopt without a code.
    // Limits that are not two finite numbers with min <= max are ignored, not trusted.
    static std::optional<CatalogueEntry> fromJson(const QJsonObject& item);
};

// The catalogue by code (exact, upper case, as the API spells codes).
class Catalogue
{
public:
    Catalogue() = default;
    explicit Catalogue(const QList<CatalogueEntry>& entries);
    static Catalogue fromCommodities(const QList<api::Commodity>& commodities);

    void insert(CatalogueEntry entry); // replaces an entry with the same code
    const CatalogueEntry* find(const QString& code) const; // nullptr when unknown
    qsizetype size() const { return qsizetype(m_entries.size()); }
    // Every entry, ordered by code: what a picker lists.
    QList<CatalogueEntry> entries() const;

private:
    std::map<QString, CatalogueEntry> m_entries;
};

} // namespace oilwatch::validation
