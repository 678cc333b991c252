#pragma once

#include "bench/benchresult.h"

#include <optional>
#include <variant>

#include <QByteArray>
#include <QList>
#include <QString>

namespace oilwatch::bench {

// A run handed to k6 (https://k6.io), whose runners scale past one machine (k6-operator on Kubernetes, k6
// Cloud), and k6's answer read back.
namespace k6 {

// A k6 script that reproduces the run: the closed model as `constant-vus` (or `shared-iterations` for a
// request count) with the same virtual users, the open model as `constant-arrival-rate` with the same rate;
// the warm-up as a scenario of its own that the thresholds leave out; the same URL (OILWATCH_URL overrides
// it) and headers; thresholds at the run's p95 and p99 and its error rate. The key is read from
// OILPRICEAPI_KEY when the run sent one and is never written into the file. A run on the built-in simulator
// targets `oilwatch sim` on 127.0.0.1:8080, started with the same fault profile (the script says how).
QByteArray script(const BenchResult& result);

// What k6's --summary-export JSON holds of a run. k6 keeps only the trend statistics it was asked for
// (by default avg, min, med, max, p(90), p(95); the script asks for p(99) and p(99.9) too), not a histogram:
// a few points of the spectrum, not the whole of it.
struct Summary
{
    struct Point
    {
        double percentile = 0.0; // 0..100
        double ms = 0.0;
    };
    QList<Point> points; // ascending percentile: min (0), med (50), p(…) and max (100)
    double avgMs = 0.0;
    qint64 requests = 0;
    double ratePerSec = 0.0;
    double failedRate = 0.0; // share of failed requests, 0..1
};

// A clear message when `json` is not a k6 summary export with http_req_duration in it.
struct SummaryError
{
    QString message;
};
std::variant<Summary, SummaryError> parseSummary(const QByteArray& json);

} // namespace k6
} // namespace oilwatch::bench
