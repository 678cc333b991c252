#pragma once

#include "api/quote.h"

#include <QString>

namespace oilwatch::ui {

// Human name for a commodity code; unknown codes are shown as the code itself.
QString displayName(const QString& code);

// "$", "€", "£" for the currencies people read as symbols, empty for the rest (shown as a code instead).
QString currencySymbol(const QString& currency);

// The currency of a quote, falling back to the code's suffix ("DUTCH_TTF_EUR" -> "EUR") when the API left it
// out.
QString effectiveCurrency(const QString& currency, const QString& code);

// Cheap commodities (gas at ~3 $/mmBtu) move in the third decimal, so they get one more digit.
int priceDecimals(double price);

// "2,650.10": fixed decimals with group separators, independent of the user's locale so tests are stable.
QString formatNumber(double value, int decimals);

// "$75.12", "-$37.63", "75.12 CAD".
QString formatMoney(double value, const QString& currency, int decimals);

// "barrel" from "barrel", "per_barrel" or "per barrel".
QString formatUnit(const QString& unit);

// "5 s", "3 min", "2 h": a whole number in the largest unit that keeps at least two of it.
QString formatDuration(qint64 seconds);

// "updated 5 s ago", "updated 3 min ago".
QString formatAge(qint64 seconds);

// A latency in the unit that keeps three significant digits readable: "840 µs", "1.25 ms", "12.3 ms",
// "2.50 s".
QString formatLatencyUs(double us);

// A time left or a length: "45 s", "3 min 05 s", "1 h 02 min".
QString formatDurationMs(qint64 ms);

// Own mapping rather than api::servedFromName so the UI words can differ from the log words.
QString servedFromText(api::ServedFrom from);

} // namespace oilwatch::ui
