#include "resilience/retryafter.h"

#include <algorithm>
#include <array>

#include <QList>
#include <QTimeZone>

namespace oilwatch::resilience {

namespace {

constexpr std::array<const char*, 7> kShortDays {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
constexpr std::array<const char*, 7> kLongDays {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
constexpr std::array<const char*, 12> kMonths {
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};

template <std::size_t N> bool isOneOf(QByteArrayView word, const std::array<const char*, N>& names)
{
    const QByteArray lower = word.toByteArray().toLower();
    return std::any_of(names.begin(), names.end(), [&](const char* name) { return lower == name; });
}

std::optional<int> month(QByteArrayView word)
{
    const QByteArray lower = word.toByteArray().toLower();
    for (std::size_t i = 0; i < kMonths.size(); ++i) {
        if (lower == kMonths[i])
            return static_cast<int>(i) + 1;
    }
    return std::nullopt;
}

// A number written with between minDigits and maxDigits digits and nothing else.
std::optional<int> digits(QByteArrayView text, int minDigits, int maxDigits)
{
    if (text.size() < minDigits || text.size() > maxDigits)
        return std::nullopt;
    int value = 0;
    for (char c : text) {
        if (c < '0' || c > '9')
            return std::nullopt;
        value = value * 10 + (c - '0');
    }
    return value;
}

// "hh:mm:ss"
std::optional<QTime> timeOfDay(QByteArrayView text)
{
    if (text.size() != 8 || text[2] != ':' || text[5] != ':')
        return std::nullopt;
    const auto h = digits(text.sliced(0, 2), 2, 2);
    const auto m = digits(text.sliced(3, 2), 2, 2);
    const auto s = digits(text.sliced(6, 2), 2, 2);
    if (!h || !m || !s)
        return std::nullopt;
    const QTime time(*h, *m, *s);
    return time.isValid() ? std::optional<QTime>(time) : std::nullopt;
}

std::optional<QDateTime> assemble(
    int year, std::optional<int> monthNumber, std::optional<int> day, std::optional<QTime> time)
{
    if (!monthNumber || !day || !time)
        return std::nullopt;
    const QDate date(year, *monthNumber, *day);
    if (!date.isValid())
        return std::nullopt;
    return QDateTime(date, *time, QTimeZone::utc());
}

QList<QByteArrayView> words(QByteArrayView text)
{
    QList<QByteArrayView> out;
    qsizetype start = -1;
    for (qsizetype i = 0; i <= text.size(); ++i) {
        const bool space = i == text.size() || text[i] == ' ';
        if (space && start >= 0) {
            out.append(text.sliced(start, i - start));
            start = -1;
        } else if (!space && start < 0) {
            start = i;
        }
    }
    return out;
}

bool isGmt(QByteArrayView word)
{
    return word.toByteArray().toUpper() == "GMT";
}

} // namespace

std::optional<QDateTime> parseHttpDate(QByteArrayView text, const QDateTime& nowUtc)
{
    const QList<QByteArrayView> w = words(text.trimmed());
    // IMF-fixdate: "Sun," "06" "Nov" "1994" "08:49:37" "GMT"
    if (w.size() == 6) {
        if (!w[0].endsWith(',') || !isOneOf(w[0].chopped(1), kShortDays) || !isGmt(w[5]))
            return std::nullopt;
        const auto year = digits(w[3], 4, 4);
        if (!year)
            return std::nullopt;
        return assemble(*year, month(w[2]), digits(w[1], 2, 2), timeOfDay(w[4]));
    }
    // RFC 850: "Sunday," "06-Nov-94" "08:49:37" "GMT"
    if (w.size() == 4) {
        if (!w[0].endsWith(',') || !isOneOf(w[0].chopped(1), kLongDays) || !isGmt(w[3]))
            return std::nullopt;
        const QByteArrayView date = w[1];
        if (date.size() != 9 || date[2] != '-' || date[6] != '-')
            return std::nullopt;
        const auto twoDigitYear = digits(date.sliced(7, 2), 2, 2);
        if (!twoDigitYear)
            return std::nullopt;
        // RFC 7231: a year that looks more than 50 years ahead is the most recent past year with those
        // digits.
        const int nowYear = nowUtc.date().year();
        int year = nowYear - nowYear % 100 + *twoDigitYear;
        if (year > nowYear + 50)
            year -= 100;
        else if (year <= nowYear - 50)
            year += 100;
        return assemble(year, month(date.sliced(3, 3)), digits(date.sliced(0, 2), 2, 2), timeOfDay(w[2]));
    }
    // asctime: "Sun" "Nov" "6" "08:49:37" "1994" (the day is space-padded, so it may be one digit)
    if (w.size() == 5) {
        if (!isOneOf(w[0], kShortDays))
            return std::nullopt;
        const auto year = digits(w[4], 4, 4);
        if (!year)
            return std::nullopt;
        return assemble(*year, month(w[1]), digits(w[2], 1, 2), timeOfDay(w[3]));
    }
    return std::nullopt;
}

std::optional<qint64> parseRetryAfter(QByteArrayView value, const QDateTime& nowUtc, qint64 maxMs)
{
    const QByteArrayView text = value.trimmed();
    if (text.isEmpty())
        return std::nullopt;
    maxMs = std::max<qint64>(0, maxMs);
    if (std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        // Stop reading once past the maximum: the digits may not fit any integer type. Compared in seconds,
        // not ms: seconds * 1000 overflows for a maximum near the top of qint64 (found by
        // tests/fuzz/fuzz_retryafter); seconds <= maxMs / 1000 keeps seconds * 10 + 9 and seconds * 1000 in
        // range.
        qint64 seconds = 0;
        for (char c : text) {
            seconds = seconds * 10 + (c - '0');
            if (seconds > maxMs / 1000)
                return maxMs;
        }
        return seconds * 1000;
    }
    const std::optional<QDateTime> when = parseHttpDate(text, nowUtc);
    if (!when)
        return std::nullopt;
    return std::clamp<qint64>(nowUtc.msecsTo(*when), 0, maxMs);
}

std::optional<qint64> waitWithinDeadline(qint64 waitMs, qint64 nowMs, std::optional<qint64> deadlineMs)
{
    waitMs = std::max<qint64>(0, waitMs);
    if (deadlineMs && nowMs + waitMs >= *deadlineMs)
        return std::nullopt;
    return waitMs;
}

} // namespace oilwatch::resilience
