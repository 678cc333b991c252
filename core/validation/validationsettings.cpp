#include "validation/validationsettings.h"

namespace oilwatch::validation {

namespace {

constexpr qint64 kMinute = 60'000;

} // namespace

std::map<QString, SpikeLimit> ValidationSettings::defaultSpikeLimits()
{
    // Keys are the catalogue's categories (contract §2.6, the simulator's catalogue). All windows are 15
    // minutes: three of the API's usual 5-minute updates, long enough to catch a bad print between two good
    // ones, short enough that a real move is accepted a quarter of an hour later (SpikeLimit).
    return {
        // Brent and WTI rarely move 5 % in a whole day; the worst sessions on record (March 2020, April
        // 2020) moved about 25 %. 8 % inside 15 minutes happens only on such days, and then a person
        // should look before the value is trusted.
        {QStringLiteral("Crude Oil"), {8.0, 15 * kMinute}},
        // Products follow crude with a little more noise (crack spreads move too).
        {QStringLiteral("Refined Products"), {10.0, 15 * kMinute}},
        // Gas is about twice as volatile as crude (annualised 50-60 % against 30 %); winter days with 10 %
        // moves at Henry Hub and TTF are not rare, so the bar is higher.
        {QStringLiteral("Natural Gas"), {15.0, 15 * kMinute}},
        {QStringLiteral("Coal"), {10.0, 15 * kMinute}},
        {QStringLiteral("Marine Fuels"), {10.0, 15 * kMinute}},
        // EU allowances: about 40 % annualised, between crude and gas.
        {QStringLiteral("Emissions"), {12.0, 15 * kMinute}},
        // Gold: about 15 % annualised; its worst day in decades (April 2013) was under 10 %.
        {QStringLiteral("Metals"), {5.0, 15 * kMinute}},
        // Major FX pairs: 7-8 % annualised; the pound's flash crash of October 2016 (about 6 % in minutes)
        // is the kind of event this should catch for review.
        {QStringLiteral("Forex"), {3.0, 15 * kMinute}},
    };
}

std::vector<SpreadBand> ValidationSettings::defaultSpreadBands()
{
    return {
        {QStringLiteral("BRENT_CRUDE_USD"), QStringLiteral("WTI_USD"), -10.0, 35.0, 60 * kMinute,
            QStringLiteral("Brent minus WTI, USD/barrel: mostly 0 to +10 since 2011, a peak near +27 in "
                           "autumn 2011, WTI a few dollars above Brent before 2010; the band leaves "
                           "headroom on both sides")},
    };
}

SpikeLimit ValidationSettings::spikeFor(const QString& code, const QString& category) const
{
    if (const auto it = spikeOverrides.find(code); it != spikeOverrides.end())
        return it->second;
    for (const auto& [name, limit] : spikeByCategory) {
        if (name.compare(category.trimmed(), Qt::CaseInsensitive) == 0)
            return limit;
    }
    return defaultSpike;
}

std::vector<const SpreadBand*> ValidationSettings::bandsFor(const QString& code) const
{
    std::vector<const SpreadBand*> bands;
    for (const SpreadBand& band : spreadBands) {
        if (band.first == code || band.second == code)
            bands.push_back(&band);
    }
    return bands;
}

} // namespace oilwatch::validation
