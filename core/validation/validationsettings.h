#pragma once

#include "validation/catalogueentry.h"

#include <map>
#include <vector>

#include <QString>

namespace oilwatch::validation {

// A move of more than maxChangePercent against the last good value, within windowMs of it (measured on the
// quotes' created_at), is a spike. Past the window the rule stays quiet: a real move that was quarantined
// becomes the reference once its first quote arrives more than windowMs after the last good one.
struct SpikeLimit
{
    double maxChangePercent = 10.0;
    qint64 windowMs = 15 * 60'000;

    bool operator==(const SpikeLimit&) const = default;
};

// Two codes that move together; spread = price(first) - price(second) must lie in [min, max]. The check
// needs a last good value of the other code no further than maxGapMs from the quote's created_at.
struct SpreadBand
{
    QString first;
    QString second;
    double min = 0.0;
    double max = 0.0;
    qint64 maxGapMs = 60 * 60'000;
    QString source; // where the band comes from, for the settings page and the review

    bool operator==(const SpreadBand&) const = default;
};

// Every knob of the validator. A plain struct: the app fills it from QSettings (keys of its choice), core
// never reads settings itself. Each default's reason is given where it is set (validationsettings.cpp for
// the tables).
struct ValidationSettings
{
    // How far created_at may lie in our future. 300 s is the tolerance the API itself allows between its
    // clock and a webhook receiver's (contract §2.10); a desktop clock off by more is broken itself.
    qint64 clockSkewMs = 300'000;
    // The oldest created_at a "latest" answer may carry. Markets close at weekends and on holidays and the
    // API keeps answering with the last settlement: Thursday's close before Easter is still the latest on
    // Tuesday morning, about 4.5 days later. 5 days covers that; anything older is not "latest".
    qint64 maxLatestAgeMs = 5LL * 24 * 3600'000;
    // Plausible ranges by code. They win over the catalogue's price_limits and the built-in table
    // (plausibleranges.h): the user has the last word, e.g. to let WTI go negative.
    std::map<QString, PriceRange> rangeOverrides;
    // Spike limits by code; they win over the category's.
    std::map<QString, SpikeLimit> spikeOverrides;
    // Spike limits by catalogue category (compared case-insensitively); see defaultSpikeLimits().
    std::map<QString, SpikeLimit> spikeByCategory = defaultSpikeLimits();
    // For codes whose category is unknown or not in the table: 10 % in 15 minutes, the middle of the table.
    SpikeLimit defaultSpike;
    std::vector<SpreadBand> spreadBands = defaultSpreadBands();

    // The limit for one code: override, else category, else defaultSpike.
    SpikeLimit spikeFor(const QString& code, const QString& category) const;
    // The bands that involve the code (as first or second).
    std::vector<const SpreadBand*> bandsFor(const QString& code) const;

    static std::map<QString, SpikeLimit> defaultSpikeLimits();
    static std::vector<SpreadBand> defaultSpreadBands();
};

} // namespace oilwatch::validation
