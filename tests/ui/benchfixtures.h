#pragma once

// Benchmark results made up for the panel's tests, built only through the public bench API so they work with
// any implementation of it.
#include "bench/benchresult.h"

#include <cmath>

#include <QTimeZone>

namespace oilwatch::testing {

// A closed-model run of `seconds` seconds whose latencies spread around `medianUs` with a long tail: 2000
// successes, a few failures, one SecondSample per second.
inline bench::BenchResult syntheticResult(qint64 medianUs = 2000, int seconds = 10, bool recordEach = false)
{
    bench::BenchResult r;
    r.config.concurrency = 8;
    r.config.recordEachRequest = recordEach;
    r.context.target = QStringLiteral("http://127.0.0.1:8321/v1/prices/latest");
    r.context.startedUtc = QDateTime(QDate(2026, 11, 27), QTime(1, 2, 3), QTimeZone::utc());
    r.measuredMs = seconds * 1000;
    // A deterministic log-normal-ish spread: most values near the median, a thin tail up to 20x.
    for (int i = 0; i < 2000; ++i) {
        const double u = (i + 0.5) / 2000.0;
        const double factor = std::exp(1.2 * (u - 0.5)) * (u > 0.99 ? 1.0 + (u - 0.99) * 1900.0 : 1.0);
        const qint64 latency = std::max<qint64>(1, qint64(double(medianUs) * factor));
        r.success.record(latency);
        if (recordEach)
            r.requests.append({i * 5000LL, i * 5000LL, latency, 200, {}});
    }
    for (int i = 0; i < 7; ++i)
        r.failure.record(30'000'000);
    r.completed = 2007;
    r.errors = 7;
    r.errorsByKind = {{QStringLiteral("timeout"), 5}, {QStringLiteral("http_5xx"), 2}};
    r.retries = 3;
    r.breakerTrips = 1;
    r.late = 0;
    for (int s = 0; s < seconds; ++s)
        r.series.append({s, 200 + s, s % 3 == 0 ? 1 : 0, medianUs, medianUs * 2, medianUs * 4});
    return r;
}

} // namespace oilwatch::testing
