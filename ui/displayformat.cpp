#include "displayformat.h"

#include <algorithm>
#include <cmath>

#include <QHash>
#include <QLocale>

namespace oilwatch::ui {

QString displayName(const QString& code)
{
    static const QHash<QString, QString> names = {
        {QStringLiteral("BRENT_CRUDE_USD"), QStringLiteral("Brent Crude Oil")},
        {QStringLiteral("WTI_USD"), QStringLiteral("WTI Crude Oil")},
        {QStringLiteral("NATURAL_GAS_USD"), QStringLiteral("Henry Hub Natural Gas")},
        {QStringLiteral("DUTCH_TTF_EUR"), QStringLiteral("Dutch TTF Gas")},
        {QStringLiteral("GASOLINE_USD"), QStringLiteral("Gasoline")},
        {QStringLiteral("GASOLINE_RBOB_USD"), QStringLiteral("RBOB Gasoline")},
        {QStringLiteral("NATURAL_GAS_GBP"), QStringLiteral("UK Natural Gas")},
        {QStringLiteral("UK_NATURAL_GAS_GBP"), QStringLiteral("UK Natural Gas")},
        {QStringLiteral("HEATING_OIL_USD"), QStringLiteral("Heating Oil")},
        {QStringLiteral("DIESEL_USD"), QStringLiteral("Diesel")},
        {QStringLiteral("ULSD_DIESEL_USD"), QStringLiteral("Diesel (ULSD)")},
        {QStringLiteral("JET_FUEL_USD"), QStringLiteral("Jet Fuel")},
        {QStringLiteral("GOLD_USD"), QStringLiteral("Gold")},
        {QStringLiteral("EU_CARBON_EUR"), QStringLiteral("EU Carbon")},
        {QStringLiteral("COAL_USD"), QStringLiteral("Coal")},
        {QStringLiteral("OPEC_BASKET_USD"), QStringLiteral("OPEC Basket")},
    };
    return names.value(code, code);
}

QString currencySymbol(const QString& currency)
{
    const QString upper = currency.toUpper();
    if (upper == QLatin1String("USD"))
        return QStringLiteral("$");
    if (upper == QLatin1String("EUR"))
        return QStringLiteral("€");
    if (upper == QLatin1String("GBP"))
        return QStringLiteral("£");
    return {};
}

QString effectiveCurrency(const QString& currency, const QString& code)
{
    if (!currency.isEmpty())
        return currency.toUpper();
    const qsizetype underscore = code.lastIndexOf(QLatin1Char('_'));
    const QString suffix = underscore >= 0 ? code.mid(underscore + 1) : QString();
    return suffix.size() == 3 ? suffix : QString();
}

int priceDecimals(double price)
{
    return std::abs(price) < 10.0 ? 3 : 2;
}

QString formatNumber(double value, int decimals)
{
    static const QLocale english(QLocale::English, QLocale::UnitedStates);
    return english.toString(value, 'f', decimals);
}

QString formatMoney(double value, const QString& currency, int decimals)
{
    const QString symbol = currencySymbol(currency);
    const QString digits = formatNumber(std::abs(value), decimals);
    const QString sign = value < 0 ? QStringLiteral("-") : QString();
    if (!symbol.isEmpty())
        return sign + symbol + digits;
    if (currency.isEmpty())
        return sign + digits;
    return sign + digits + QLatin1Char(' ') + currency;
}

QString formatUnit(const QString& unit)
{
    QString text = unit.trimmed();
    text.replace(QLatin1Char('_'), QLatin1Char(' '));
    if (text.startsWith(QLatin1String("per "), Qt::CaseInsensitive))
        text = text.mid(4);
    return text;
}

QString formatDuration(qint64 seconds)
{
    if (seconds < 120)
        return QStringLiteral("%1 s").arg(std::max<qint64>(seconds, 0));
    if (seconds < 120 * 60)
        return QStringLiteral("%1 min").arg(seconds / 60);
    return QStringLiteral("%1 h").arg(seconds / 3600);
}

QString formatAge(qint64 seconds)
{
    if (seconds < 1)
        return QStringLiteral("updated just now");
    return QStringLiteral("updated %1 ago").arg(formatDuration(seconds));
}

QString formatLatencyUs(double us)
{
    if (us < 1000.0)
        return QStringLiteral("%1 µs").arg(formatNumber(us, 0));
    const double ms = us / 1000.0;
    if (ms < 10.0)
        return QStringLiteral("%1 ms").arg(formatNumber(ms, 2));
    if (ms < 1000.0)
        return QStringLiteral("%1 ms").arg(formatNumber(ms, 1));
    return QStringLiteral("%1 s").arg(formatNumber(ms / 1000.0, 2));
}

QString formatDurationMs(qint64 ms)
{
    // Rounded up: "0 s left" while something is still running would be wrong.
    const qint64 seconds = (std::max<qint64>(ms, 0) + 999) / 1000;
    if (seconds < 60)
        return QStringLiteral("%1 s").arg(seconds);
    if (seconds < 3600)
        return QStringLiteral("%1 min %2 s").arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1 h %2 min")
        .arg(seconds / 3600)
        .arg((seconds % 3600) / 60, 2, 10, QLatin1Char('0'));
}

QString servedFromText(api::ServedFrom from)
{
    switch (from) {
    case api::ServedFrom::Live:
        return QStringLiteral("live");
    case api::ServedFrom::Cache:
        return QStringLiteral("cache");
    case api::ServedFrom::Stale:
        return QStringLiteral("stale");
    }
    return {};
}

} // namespace oilwatch::ui
