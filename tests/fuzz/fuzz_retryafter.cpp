// Fuzzes resilience::parseRetryAfter and ::parseHttpDate, which read the Retry-After header of every 429 and
// 503 the API (or anything between us and it) sends.
//
// Input: byte 0 picks the cap (maxMs), bytes 1-4 the current time (seconds after 1970, up to 2106), the rest
// is the header value. Invariants: the wait is within [0, max(maxMs, 0)]; a run of digits means exactly
// min(digits s, cap); a value that parses as an HTTP-date waits exactly until that date (clamped); a parsed
// date written back as an IMF-fixdate parses to the same instant.

#include "fuzzcheck.h"
#include "resilience/retryafter.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>

#include <QTimeZone>

using namespace oilwatch::resilience;

namespace {

constexpr std::array<qint64, 8> kCaps {kMaxRetryAfterMs, 0, 1, 999, 3'600'000, -5,
    std::numeric_limits<qint64>::max(), std::numeric_limits<qint64>::max() / 1000 + 1};

QByteArray imfFixdate(const QDateTime& time)
{
    static const char* const days[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    static const char* const months[]
        = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const QDate date = time.date();
    return QByteArray(days[date.dayOfWeek() - 1]) + ", "
        + QByteArray::number(date.day()).rightJustified(2, '0') + ' ' + months[date.month() - 1] + ' '
        + QByteArray::number(date.year()).rightJustified(4, '0') + ' '
        + time.time().toString(QStringLiteral("hh:mm:ss")).toLatin1() + " GMT";
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size < 5)
        return 0;
    const qint64 maxMs = kCaps[data[0] % kCaps.size()];
    const quint32 nowSecs
        = quint32(data[1]) | quint32(data[2]) << 8 | quint32(data[3]) << 16 | quint32(data[4]) << 24;
    const QDateTime now = QDateTime::fromSecsSinceEpoch(qint64(nowSecs), QTimeZone::utc());
    const QByteArrayView value(reinterpret_cast<const char*>(data) + 5, qsizetype(size) - 5);

    const std::optional<qint64> wait = parseRetryAfter(value, now, maxMs);
    const qint64 cap = std::max<qint64>(0, maxMs);
    if (wait)
        FUZZ_CHECK(*wait >= 0 && *wait <= cap);

    const QByteArrayView text = value.trimmed();
    const bool allDigits = !text.isEmpty()
        && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (allDigits) {
        FUZZ_CHECK(wait.has_value());
        // min(digits * 1000, cap) without overflow: compare digit by digit against cap / 1000.
        qint64 seconds = 0;
        bool beyond = false;
        for (char c : text) {
            if (seconds > (cap / 1000 - (c - '0')) / 10) {
                beyond = true;
                break;
            }
            seconds = seconds * 10 + (c - '0');
        }
        FUZZ_CHECK(*wait == (beyond ? cap : std::min(seconds * 1000, cap)));
        return 0;
    }

    const std::optional<QDateTime> date = parseHttpDate(value, now);
    if (!date) {
        FUZZ_CHECK(!wait.has_value());
        return 0;
    }
    FUZZ_CHECK(date->isValid());
    FUZZ_CHECK(date->timeSpec() == Qt::UTC || date->timeZone() == QTimeZone::utc());
    FUZZ_CHECK(wait.has_value());
    FUZZ_CHECK(*wait == std::clamp<qint64>(now.msecsTo(*date), 0, cap));
    if (date->date().year() >= 0 && date->date().year() <= 9999) {
        const auto again = parseHttpDate(imfFixdate(*date), now);
        FUZZ_CHECK(again.has_value() && *again == *date);
    }
    return 0;
}
