#include "util/lttb.h"

#include <algorithm>
#include <cmath>

namespace oilwatch::util {

namespace {

// Index of the first highest and the first lowest point of [begin, end).
std::pair<std::size_t, std::size_t> extremesOf(
    std::span<const SeriesPoint> points, std::size_t begin, std::size_t end)
{
    std::size_t high = begin;
    std::size_t low = begin;
    for (std::size_t i = begin + 1; i < end; ++i) {
        if (points[i].y > points[high].y)
            high = i;
        if (points[i].y < points[low].y)
            low = i;
    }
    return {high, low};
}

void appendSorted(std::vector<std::size_t>& out, std::initializer_list<std::size_t> picks)
{
    std::vector<std::size_t> sorted(picks);
    std::sort(sorted.begin(), sorted.end());
    for (std::size_t i : sorted) {
        if (out.empty() || out.back() != i)
            out.push_back(i);
    }
}

// LTTB over the run [begin, end) with `share` >= 3 points, appended to `out`.
void downsampleRun(std::span<const SeriesPoint> points, std::size_t begin, std::size_t end, std::size_t share,
    std::vector<std::size_t>& out)
{
    const std::size_t n = end - begin;
    if (n <= share) {
        for (std::size_t i = begin; i < end; ++i)
            out.push_back(i);
        return;
    }
    const auto [high, low] = extremesOf(points, begin, end);
    if (share < 3) {
        appendSorted(out, {begin, high, low, end - 1});
        return;
    }
    // The middle n - 2 points cut into share - 2 buckets; bucket b starts at floor(b * (n - 2) / (share -
    // 2)), computed in integers: the published version's floating `every` can round the last point of the
    // middle out of every bucket (245 / 30 * 30 < 245).
    const auto bucketStart = [&](std::size_t b) { return begin + 1 + b * (n - 2) / (share - 2); };
    std::size_t a = begin; // the point picked in the previous bucket
    out.push_back(begin);
    for (std::size_t bucket = 0; bucket + 2 < share; ++bucket) {
        const std::size_t from = bucketStart(bucket);
        const std::size_t to = bucketStart(bucket + 1);
        // The third corner: the average of the next bucket (the last point for the last bucket).
        const std::size_t nextFrom = to;
        const std::size_t nextTo = bucket + 3 < share ? bucketStart(bucket + 2) : to;
        double avgX = 0.0;
        double avgY = 0.0;
        if (bucket + 3 >= share || nextFrom >= nextTo) {
            avgX = points[end - 1].x;
            avgY = points[end - 1].y;
        } else {
            for (std::size_t i = nextFrom; i < nextTo; ++i) {
                avgX += points[i].x;
                avgY += points[i].y;
            }
            avgX /= static_cast<double>(nextTo - nextFrom);
            avgY /= static_cast<double>(nextTo - nextFrom);
        }
        const bool holdsHigh = high >= from && high < to;
        const bool holdsLow = low >= from && low < to;
        if (holdsHigh || holdsLow) {
            if (holdsHigh && holdsLow)
                appendSorted(out, {high, low});
            else
                out.push_back(holdsHigh ? high : low);
            a = out.back();
            continue;
        }
        double bestArea = -1.0;
        std::size_t best = from;
        const SeriesPoint& pa = points[a];
        for (std::size_t i = from; i < to; ++i) {
            // Twice the triangle's area; the factor does not change which is largest.
            const double area
                = std::abs((pa.x - avgX) * (points[i].y - pa.y) - (pa.x - points[i].x) * (avgY - pa.y));
            if (area > bestArea) {
                bestArea = area;
                best = i;
            }
        }
        out.push_back(best);
        a = best;
    }
    out.push_back(end - 1);
}

} // namespace

std::vector<std::size_t> lttb(
    std::span<const SeriesPoint> points, std::size_t threshold, std::span<const std::size_t> runStarts)
{
    const std::size_t n = points.size();
    std::vector<std::size_t> out;
    if (n == 0)
        return out;
    if (n <= threshold) {
        out.resize(n);
        for (std::size_t i = 0; i < n; ++i)
            out[i] = i;
        return out;
    }
    // Run boundaries: 0, the valid starts in order, n.
    std::vector<std::size_t> bounds {0};
    for (std::size_t start : runStarts) {
        if (start > bounds.back() && start < n)
            bounds.push_back(start);
    }
    bounds.push_back(n);
    out.reserve(threshold + 2 * bounds.size());
    for (std::size_t r = 0; r + 1 < bounds.size(); ++r) {
        const std::size_t begin = bounds[r];
        const std::size_t end = bounds[r + 1];
        const std::size_t length = end - begin;
        // Proportional share, rounded to nearest; threshold < 3 gives every run the smallest picture.
        const std::size_t share = threshold < 3
            ? 0
            : static_cast<std::size_t>(std::llround(double(threshold) * double(length) / double(n)));
        downsampleRun(points, begin, end, share, out);
    }
    return out;
}

} // namespace oilwatch::util
