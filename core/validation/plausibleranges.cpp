#include "validation/plausibleranges.h"

namespace oilwatch::validation {

namespace {

RangeRow row(const char* code, double min, double max, const char* source)
{
    return {QString::fromLatin1(code), {min, max}, QString::fromLatin1(source)};
}

std::vector<RangeRow> makeTable()
{
    // Bounds are deliberately wide: about half the lowest and twice the highest price on record, so that
    // only nonsense (a misplaced decimal point, a price in the wrong unit, a zero) falls outside. The
    // records are approximate, from memory of the public series named in each row; tighten them in the
    // settings where a user knows better. Minimums are all above 0: a <= 0 price needs the catalogue's
    // price_limits or a settings override to say it is possible.
    return {
        row("BRENT_CRUDE_USD", 5, 300,
            "ICE Brent front month, USD/bbl: low about 9.1 (Dec 1998), high 147.50 (Jul 2008)"),
        row("WTI_USD", 5, 300,
            "NYMEX WTI front month, USD/bbl: high 147.27 (Jul 2008); settled at -37.63 on 2020-04-20, "
            "which this table flags: allow it through price_limits or the settings"),
        row("URALS_CRUDE_USD", 3, 300,
            "Urals FOB, USD/bbl: trades at a discount to Brent, up to about 35 in 2022"),
        row("DUBAI_CRUDE_USD", 5, 300, "Dubai/Oman, USD/bbl: tracks Brent within a few dollars"),
        row("NATURAL_GAS_USD", 0.5, 50,
            "Henry Hub spot (EIA series RNGWHHD), USD/MMBtu: about 1.5 to 10 most years, spikes into the "
            "20s (2003, 2005, February 2021)"),
        row("NATURAL_GAS_GBP", 0.05, 20,
            "UK NBP day-ahead in GBP/therm (the simulator's unit): about 0.1 (2020) to about 8 (2022); a "
            "price in pence (85 rather than 0.85) lands outside, as it should"),
        row("DUTCH_TTF_EUR", 1, 700,
            "Dutch TTF front month, EUR/MWh: about 3.5 (2020) to about 340 (Aug 2022)"),
        row("COAL_USD", 15, 1000, "Thermal coal, USD/t: about 40 (2016, 2020) to about 440 (2022)"),
        row("NEWCASTLE_COAL_USD", 15, 1000,
            "ICE Newcastle, USD/t: about 45 (2016, 2020) to about 440 (Sep 2022)"),
        row("DIESEL_USD", 0.2, 15, "NY Harbor ULSD, USD/gal: about 0.6 (2020) to about 5.3 (2022)"),
        row("GASOLINE_USD", 0.2, 15, "US gasoline spot, USD/gal: about 0.4 (Mar 2020) to about 4.3 (2022)"),
        row("GASOLINE_RBOB_USD", 0.2, 15, "NYMEX RBOB, USD/gal: about 0.4 (Mar 2020) to about 4.3 (2022)"),
        row("JET_FUEL_USD", 0.2, 15,
            "US Gulf/NYH jet fuel, USD/gal: about 0.4 (2020) to about 7.6 (Apr 2022)"),
        row("HEATING_OIL_USD", 0.2, 15, "NYMEX heating oil, USD/gal: about 0.6 (2020) to about 5.3 (2022)"),
        row("GOLD_USD", 100, 20'000,
            "LBMA gold, USD/troy oz: about 250 (1999) to records above 3,000 (2025); wide on top because "
            "gold keeps setting records"),
        row("EU_CARBON_EUR", 1, 500, "EU ETS allowances, EUR/t: about 3 (2013) to about 100 (Feb 2023)"),
        row("EUR_USD", 0.5, 2.5, "EUR/USD: 0.82 (Oct 2000) to 1.60 (Jul 2008)"),
        row("GBP_USD", 0.5, 3.0, "GBP/USD: about 1.04 (Sep 2022) to about 2.1 (Nov 2007)"),
        row("VLSFO_USD", 50, 3000, "Singapore VLSFO bunkers, USD/t: about 250 (2020) to about 1,200 (2022)"),
        row("HFO_380_USD", 50, 3000,
            "Singapore HSFO 380 bunkers, USD/t: about 150 (2020) to about 750 (2022)"),
        row("MGO_05S_USD", 50, 3000, "Marine gasoil bunkers, USD/t: about 300 (2020) to about 1,500 (2022)"),
    };
}

} // namespace

QString rangeOriginName(RangeOrigin origin)
{
    switch (origin) {
    case RangeOrigin::Settings:
        return QStringLiteral("settings");
    case RangeOrigin::Catalogue:
        return QStringLiteral("catalogue");
    case RangeOrigin::BuiltinTable:
        return QStringLiteral("builtin");
    }
    return QStringLiteral("builtin");
}

const std::vector<RangeRow>& PlausibleRanges::builtinTable()
{
    static const std::vector<RangeRow> table = makeTable();
    return table;
}

const RangeRow* PlausibleRanges::builtinRow(const QString& code)
{
    for (const RangeRow& entry : builtinTable()) {
        if (entry.code == code)
            return &entry;
    }
    return nullptr;
}

std::optional<ChosenRange> PlausibleRanges::choose(
    const QString& code, const CatalogueEntry* entry, const ValidationSettings& settings)
{
    if (const auto it = settings.rangeOverrides.find(code); it != settings.rangeOverrides.end())
        return ChosenRange {it->second, RangeOrigin::Settings};
    if (entry && entry->limits)
        return ChosenRange {*entry->limits, RangeOrigin::Catalogue};
    if (const RangeRow* builtin = builtinRow(code))
        return ChosenRange {builtin->range, RangeOrigin::BuiltinTable};
    return std::nullopt;
}

} // namespace oilwatch::validation
