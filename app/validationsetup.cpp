#include "app/validationsetup.h"

#include <cmath>
#include <optional>
#include <utility>

#include <QSettings>

namespace oilwatch::app {

namespace {

// "A,B" as two finite numbers.
std::optional<std::pair<double, double>> numberPair(const QVariant& value)
{
    // QSettings reads an unquoted "1,2" from an ini file as a list of two strings.
    const QStringList parts = value.userType() == QMetaType::QStringList
        ? value.toStringList()
        : value.toString().split(QLatin1Char(','));
    if (parts.size() != 2)
        return std::nullopt;
    bool okA = false;
    bool okB = false;
    const double a = parts[0].trimmed().toDouble(&okA);
    const double b = parts[1].trimmed().toDouble(&okB);
    if (!okA || !okB || !std::isfinite(a) || !std::isfinite(b))
        return std::nullopt;
    return std::pair {a, b};
}

std::optional<validation::SpikeLimit> spikeLimit(const QVariant& value)
{
    const auto pair = numberPair(value);
    if (!pair || pair->first <= 0 || pair->second <= 0)
        return std::nullopt;
    return validation::SpikeLimit {pair->first, qint64(pair->second * 60'000)};
}

std::optional<qint64> positive(const QVariant& value, qint64 unitMs)
{
    bool ok = false;
    const double number = value.toDouble(&ok);
    if (!ok || !std::isfinite(number) || number <= 0)
        return std::nullopt;
    return qint64(number * double(unitMs));
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
        if (const auto limit = spikeLimit(store.value(spikeDefault)))
            settings.defaultSpike = *limit;
        else
            ignored(spikeDefault);
    }
    store.beginGroup(QStringLiteral("validation/range"));
    const QStringList rangeCodes = store.childKeys();
    store.endGroup();
    for (const QString& code : rangeCodes) {
        const QString key = QStringLiteral("validation/range/") + code;
        const auto pair = numberPair(store.value(key));
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
        if (const auto limit = spikeLimit(store.value(key)))
            settings.spikeOverrides[code] = *limit;
        else
            ignored(key);
    }
    return settings;
}

} // namespace oilwatch::app
