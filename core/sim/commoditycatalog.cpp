#include "sim/commoditycatalog.h"

#include <algorithm>

namespace oilwatch::sim {

namespace {

CommodityInfo make(const char* code, const char* name, const char* category, const char* unit,
    const char* currency, double startPrice, double annualVolatility, int decimals = 2)
{
    CommodityInfo info;
    info.code = QString::fromLatin1(code);
    info.name = QString::fromLatin1(name);
    info.category = QString::fromLatin1(category);
    info.unit = QString::fromLatin1(unit);
    info.currency = QString::fromLatin1(currency);
    info.description = QStringLiteral("%1 in %2 per %3 (simulated)").arg(info.name, info.currency, info.unit);
    info.startPrice = startPrice;
    info.annualVolatility = annualVolatility;
    info.decimals = decimals;
    return info;
}

std::vector<CommodityInfo> builtinCommodities()
{
    // Levels roughly where these markets traded in 2024-2025; volatilities are typical annualised figures.
    return {
        make("BRENT_CRUDE_USD", "Brent Crude Oil", "Crude Oil", "barrel", "USD", 75.0, 0.30),
        make("WTI_USD", "WTI Crude Oil", "Crude Oil", "barrel", "USD", 71.0, 0.32),
        make("URALS_CRUDE_USD", "Urals Crude", "Crude Oil", "barrel", "USD", 62.0, 0.34),
        make("DUBAI_CRUDE_USD", "Dubai Crude", "Crude Oil", "barrel", "USD", 74.0, 0.30),
        make("NATURAL_GAS_USD", "US Natural Gas (Henry Hub)", "Natural Gas", "MMBtu", "USD", 3.0, 0.60),
        // UK gas trades around 85 pence/therm; quoted here in pounds, so it needs more than two decimals.
        make("NATURAL_GAS_GBP", "UK Natural Gas", "Natural Gas", "therm", "GBP", 0.85, 0.55, 4),
        make("DUTCH_TTF_EUR", "Dutch TTF Natural Gas", "Natural Gas", "MWh", "EUR", 35.0, 0.55),
        make("COAL_USD", "Coal", "Coal", "metric ton", "USD", 135.0, 0.35),
        make("NEWCASTLE_COAL_USD", "Newcastle Coal", "Coal", "metric ton", "USD", 140.0, 0.35),
        make("DIESEL_USD", "Diesel", "Refined Products", "gallon", "USD", 2.45, 0.30),
        make("GASOLINE_USD", "Gasoline", "Refined Products", "gallon", "USD", 2.30, 0.32),
        make("GASOLINE_RBOB_USD", "RBOB Gasoline", "Refined Products", "gallon", "USD", 2.20, 0.33),
        make("JET_FUEL_USD", "Jet Fuel", "Refined Products", "gallon", "USD", 2.35, 0.30),
        make("HEATING_OIL_USD", "Heating Oil", "Refined Products", "gallon", "USD", 2.40, 0.30),
        make("GOLD_USD", "Gold", "Metals", "troy oz", "USD", 2400.0, 0.15),
        make("EU_CARBON_EUR", "EU Carbon Allowances", "Emissions", "tonne", "EUR", 70.0, 0.40),
        make("EUR_USD", "Euro / US Dollar", "Forex", "rate", "USD", 1.0850, 0.07, 4),
        make("GBP_USD", "British Pound / US Dollar", "Forex", "rate", "USD", 1.2700, 0.08, 4),
        make("VLSFO_USD", "Very Low Sulphur Fuel Oil", "Marine Fuels", "metric ton", "USD", 600.0, 0.28),
        make("HFO_380_USD", "Heavy Fuel Oil 380", "Marine Fuels", "metric ton", "USD", 450.0, 0.30),
        make("MGO_05S_USD", "Marine Gasoil 0.5%S", "Marine Fuels", "metric ton", "USD", 750.0, 0.28),
    };
}

int editDistance(QStringView a, QStringView b)
{
    // Two rows suffice; codes are short.
    std::vector<int> previous(size_t(b.size()) + 1);
    std::vector<int> current(previous.size());
    for (size_t j = 0; j < previous.size(); ++j)
        previous[j] = int(j);
    for (qsizetype i = 1; i <= a.size(); ++i) {
        current[0] = int(i);
        for (qsizetype j = 1; j <= b.size(); ++j) {
            const int substitution = previous[size_t(j - 1)] + (a[i - 1] == b[j - 1] ? 0 : 1);
            current[size_t(j)]
                = std::min({previous[size_t(j)] + 1, current[size_t(j - 1)] + 1, substitution});
        }
        std::swap(previous, current);
    }
    return previous[size_t(b.size())];
}

qsizetype commonPrefix(QStringView a, QStringView b)
{
    qsizetype n = 0;
    while (n < a.size() && n < b.size() && a[n] == b[n])
        ++n;
    return n;
}

} // namespace

CommodityCatalog::CommodityCatalog()
    : m_commodities(builtinCommodities())
{ }

CommodityCatalog::CommodityCatalog(std::vector<CommodityInfo> commodities)
    : m_commodities(std::move(commodities))
{ }

const CommodityCatalog& CommodityCatalog::builtin()
{
    static const CommodityCatalog catalog;
    return catalog;
}

const CommodityInfo* CommodityCatalog::find(QStringView code) const
{
    const int index = indexOf(code);
    return index < 0 ? nullptr : &m_commodities[size_t(index)];
}

int CommodityCatalog::indexOf(QStringView code) const
{
    for (size_t i = 0; i < m_commodities.size(); ++i) {
        if (m_commodities[i].code == code)
            return int(i);
    }
    return -1;
}

QStringList CommodityCatalog::codes() const
{
    QStringList result;
    result.reserve(size());
    for (const auto& info : m_commodities)
        result.append(info.code);
    return result;
}

QStringList CommodityCatalog::suggestions(QStringView unknownCode, int maxCount) const
{
    const QString wanted = unknownCode.trimmed().toString().toUpper();
    if (wanted.isEmpty() || maxCount <= 0)
        return {};

    struct Candidate
    {
        int score; // lower is better
        int index;
    };
    std::vector<Candidate> candidates;
    for (size_t i = 0; i < m_commodities.size(); ++i) {
        const QString& code = m_commodities[i].code;
        const int distance = editDistance(wanted, code);
        const auto prefix = commonPrefix(wanted, code);
        // A typo is a small edit distance; a truncated code ("WTI", "BRENT") is a long shared prefix or a
        // contained fragment. Anything else is noise and would only confuse.
        const bool closeTypo = distance <= std::max<qsizetype>(2, wanted.size() / 3);
        const bool sharesStart = prefix >= 3 && prefix * 2 >= std::min(wanted.size(), code.size());
        const bool contains = wanted.size() >= 3 && code.contains(wanted);
        if (!closeTypo && !sharesStart && !contains)
            continue;
        candidates.push_back({distance - int(prefix) * 2, int(i)});
    }
    std::stable_sort(candidates.begin(), candidates.end(),
        [](const Candidate& a, const Candidate& b) { return a.score < b.score; });
    QStringList result;
    for (const auto& candidate : candidates) {
        if (result.size() >= maxCount)
            break;
        result.append(m_commodities[size_t(candidate.index)].code);
    }
    return result;
}

} // namespace oilwatch::sim
