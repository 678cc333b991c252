#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace oilwatch::util {

// One point of a time series: x is time (e.g. milliseconds since the epoch as a double, exact up to 2^53),
// y the value.
struct SeriesPoint
{
    double x = 0.0;
    double y = 0.0;
};

// Largest-triangle-three-buckets (Steinarsson 2013): picks about `threshold` of `points` that keep the shape
// of the line, so a chart draws one point per pixel instead of millions.
//
// Two changes to the published algorithm, both for a price chart:
// - Extremes are pinned: in the bucket that holds a run's highest (or lowest) point, that point is taken
//   instead of the largest triangle. Plain LTTB usually keeps a spike but does not promise to, and a chart
//   that hides the day's high is wrong, not just coarse. When the high and the low share a bucket both are
//   kept, so a run may give one point more than its share.
// - Gaps: `runStarts` lists the indices where a new run (an unbroken line piece) begins; index 0 always
//   starts one. Each run is downsampled on its own with a share of `threshold` proportional to its length,
//   so no bucket ever mixes points across a gap and the chart never bridges one.
//
// Contracts: `points` sorted by x (ties allowed), finite; `runStarts` ascending, entries out of range or
// repeated are ignored. Returns indices into `points`, ascending, always including the first and last point
// of every run and each run's first highest and first lowest point. When points.size() <= threshold every
// index is returned. A run whose share is below 3 (too small for a middle bucket), or any run when
// threshold < 3, keeps its first, lowest, highest and last point: the smallest picture that still shows
// its range.
std::vector<std::size_t> lttb(
    std::span<const SeriesPoint> points, std::size_t threshold, std::span<const std::size_t> runStarts = {});

} // namespace oilwatch::util
