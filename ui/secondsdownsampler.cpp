#include "secondsdownsampler.h"

#include <algorithm>

namespace oilwatch::ui {

QList<bench::SecondSample> downsampleSeconds(const QList<bench::SecondSample>& seconds, int maxPoints)
{
    maxPoints = std::max(maxPoints, 1);
    if (seconds.size() <= maxPoints)
        return seconds;
    const qsizetype perPoint = (seconds.size() + maxPoints - 1) / maxPoints;
    QList<bench::SecondSample> out;
    out.reserve(maxPoints);
    for (qsizetype from = 0; from < seconds.size(); from += perPoint) {
        const qsizetype to = std::min(from + perPoint, seconds.size());
        bench::SecondSample merged;
        merged.second = seconds[from].second;
        for (qsizetype i = from; i < to; ++i) {
            const bench::SecondSample& s = seconds[i];
            merged.requests += s.requests;
            merged.errors = std::max(merged.errors, s.errors);
            merged.p50Us = std::max(merged.p50Us, s.p50Us);
            merged.p95Us = std::max(merged.p95Us, s.p95Us);
            merged.p99Us = std::max(merged.p99Us, s.p99Us);
        }
        const qint64 n = to - from;
        merged.requests = (merged.requests + n / 2) / n;
        out.append(merged);
    }
    return out;
}

} // namespace oilwatch::ui
