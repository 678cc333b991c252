#pragma once

#include <optional>

#include <QByteArrayView>
#include <QDateTime>

namespace oilwatch::resilience {

// One minute: a server asking for more is asking for more than a retry within one request can give; the
// caller's next poll (or the breaker) takes over from there.
inline constexpr qint64 kMaxRetryAfterMs = 60'000;

// An HTTP-date in any of the three forms RFC 7231 §7.1.1.1 says a recipient must accept:
//   IMF-fixdate  "Sun, 06 Nov 1994 08:49:37 GMT"
//   RFC 850      "Sunday, 06-Nov-94 08:49:37 GMT"  (two-digit year: the nearest year not over 50 years ahead)
//   asctime      "Sun Nov  6 08:49:37 1994"
// Names are matched case-insensitively; the weekday must be a real weekday name but is not checked against
// the date. `nowUtc` only matters for the two-digit year.
std::optional<QDateTime> parseHttpDate(QByteArrayView text, const QDateTime& nowUtc);

// The wait a Retry-After value asks for, in ms, clamped to [0, maxMs]:
//   "120"              → 120 s (a run of digits too long for any integer is simply huge → maxMs)
//   an HTTP-date       → the time from `nowUtc` until then; a date already past → 0
//   "-5", "1.5", "+3", "soon", "" → nullopt: RFC 7231 allows only 1*DIGIT, and a value we cannot read must
//                        not be mistaken for "retry at once" (the caller falls back to its own backoff).
std::optional<qint64> parseRetryAfter(
    QByteArrayView value, const QDateTime& nowUtc, qint64 maxMs = kMaxRetryAfterMs);

// `waitMs`, unless waiting that long from `nowMs` would reach `deadlineMs` (all on the same monotonic clock):
// then nullopt, because an attempt that starts at its deadline cannot succeed, and waiting less than the
// server asked would only earn another 429. No deadline → `waitMs` unchanged.
std::optional<qint64> waitWithinDeadline(qint64 waitMs, qint64 nowMs, std::optional<qint64> deadlineMs);

} // namespace oilwatch::resilience
