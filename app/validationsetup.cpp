#include "app/validationsetup.h"

#include "settings/settingvalues.h"

#include <optional>

#include <QSettings>

namespace oilwatch::app {

namespace {

std::optional<qint64> positive(const QVariant& value, qint64 unitMs)
{
    const auto number = settings::parsePositive(value);
    if (!number)
        return std::nullopt;
    return qint64(*number * double(unitMs));
}

} // namespace

validation::ValidationSettings loadValidationSettings(QSettings& store, QStringList* warnings)
{
    validation::ValidationSettings settings;
    auto ignored = [&](const QString& key) {
        if (warnings)
            *warnings << QStringLiteral("ignoring the setting %1 = \"%2\": not a valid value")
                             .arg(key, store.value(key).toStringList().join(QLatin1Char(',')));
    };
    auto readDuration = [&](const QString& key, qint64 unitMs, qint64& into) {
        if (!store.contains(key))
            return;
        if (const auto ms = positive(store.value(key), unitMs))
            into = *ms;
        else
            ignored(key);
    };
    readDuration(QStringLiteral("validation/clock_skew_s"), 1000, settings.clockSkewMs);
    readDuration(QStringLiteral("validation/max_latest_age_h"), 3'600'000, settings.maxLatestAgeMs);

    const QString spikeDefault = QStringLiteral("validation/spike_default");
    if (store.contains(spikeDefault)) {
        if (const auto limit = settings::parseSpikeLimit(store.value(spikeDefault)))
            settings.defaultSpike = *limit;
        else
            ignored(spikeDefault);
    }
    store.beginGroup(QStringLiteral("validation/range"));
    const QStringList rangeCodes = store.childKeys();
    store.endGroup();
    for (const QString& code : rangeCodes) {
        const QString key = QStringLiteral("validation/range/") + code;
        const auto pair = settings::parseNumberPair(store.value(key));
        if (pair && pair->first <= pair->second)
            settings.rangeOverrides[code] = validation::PriceRange {pair->first, pair->second};
        else
            ignored(key);
    }
    store.beginGroup(QStringLiteral("validation/spike"));
    const QStringList spikeCodes = store.childKeys();
    store.endGroup();
    for (const QString& code : spikeCodes) {
        const QString key = QStringLiteral("validation/spike/") + code;
        if (const auto limit = settings::parseSpikeLimit(store.value(key)))
            settings.spikeOverrides[code] = *limit;
        else
            ignored(key);
    }
    return settings;
}

} // namespace oilwatch::app
