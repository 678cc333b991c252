#include "settings/settingvalues.h"

#include <cmath>

#include <QStringList>

namespace oilwatch::settings {

std::optional<std::pair<double, double>> parseNumberPair(const QVariant& value)
{
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

std::optional<validation::SpikeLimit> parseSpikeLimit(const QVariant& value)
{
    const auto pair = parseNumberPair(value);
    if (!pair || pair->first <= 0 || pair->second <= 0)
        return std::nullopt;
    return validation::SpikeLimit {pair->first, qint64(pair->second * 60'000)};
}

std::optional<double> parsePositive(const QVariant& value)
{
    bool ok = false;
    const double number = value.toString().trimmed().toDouble(&ok);
    if (!ok || !std::isfinite(number) || number <= 0)
        return std::nullopt;
    return number;
}

} // namespace oilwatch::settings
