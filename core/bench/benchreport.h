#pragma once

#include "bench/benchresult.h"

#include <optional>

#include <QByteArray>
#include <QString>

namespace oilwatch::bench {

// The exports of a run. CSV follows RFC 4180 (comma, CRLF, quotes doubled), UTF-8, timestamps ISO-8601 UTC.
// The JSON schema is documented in docs/BENCHMARKS.md. No export ever contains the API key.
namespace report {

QByteArray summaryCsv(const BenchResult& result);
QByteArray summaryJson(const BenchResult& result);
QByteArray seriesCsv(const BenchResult& result);
QByteArray requestsCsv(const BenchResult& result);
// HdrHistogram's outputPercentileDistribution text format, values in milliseconds, readable by the public
// HdrHistogram plotter.
QByteArray hgrm(const LatencyHistogram& histogram, int ticksPerHalfDistance = 5);
// The wrk2-style text summary the CLI prints.
QString textSummary(const BenchResult& result);
// The same, with wrk2's "Detailed Percentile spectrum" (the .hgrm lines of the success latencies) added.
QString textSummary(const BenchResult& result, bool withSpectrum);

// Writes atomically (temporary file, then rename); the error says what failed, in one line.
std::optional<QString> writeFile(const QString& path, const QByteArray& bytes);

} // namespace report
} // namespace oilwatch::bench
