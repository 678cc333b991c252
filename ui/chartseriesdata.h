#pragma once

#include "util/lttb.h"

#include <cstddef>
#include <utility>
#include <vector>

namespace oilwatch::ui {

// One code's points as the price chart keeps them (x: ms since the epoch, y: price), with its gaps, and how
// they are picked for drawing. No Qt Charts in here: it is the data side of QtChartsPriceChart, and the part
// that must stay fast with a year of minutes.
class ChartSeriesData
{
public:
    // A long range is downsampled from per-block candidates (the first, lowest, highest and last of every
    // kBlock points, and both sides of a gap) once it holds more than kCandidatesFrom points per pixel. LTTB
    // keeps one point per pixel out of dozens; which of a block's 64 it keeps is all but always one of these,
    // and the extremes are kept exactly. A year of minutes for ten codes is 16 times less work per redraw.
    static constexpr std::size_t kBlock = 64;
    static constexpr std::size_t kCandidatesFrom = 16;

    bool empty() const { return m_head >= m_points.size(); }
    std::size_t size() const { return m_points.size() - m_head; }
    // Points held, those that left the window included (for tests of the memory a live window keeps).
    std::size_t held() const { return m_points.capacity(); }
    // Both require !empty().
    const util::SeriesPoint& first() const { return m_points[m_head]; }
    const util::SeriesPoint& last() const { return m_points.back(); }
    // Number of runs (unbroken pieces of line).
    int runCount() const;

    // Appends in time order (an earlier x is refused: false). `startsRun`: a gap before it.
    bool append(const util::SeriesPoint& point, bool startsRun);
    // Replaces the points with `points` (kept in time order, non-finite dropped), runs starting at
    // `runStarts`; the points held after the last of them stay after it.
    void replace(const std::vector<util::SeriesPoint>& points, const std::vector<std::size_t>& runStarts);
    void clear();
    // Forgets the points before `cutoff`; memory is given back now and then, not on every call.
    void dropBefore(double cutoff);

    // The points in [from, to] (absolute indices [first, second)).
    std::pair<std::size_t, std::size_t> inRange(double from, double to) const;
    const util::SeriesPoint& at(std::size_t index) const { return m_points[index]; }
    // The points in [from, to] to draw, about `threshold` of them (every one when !downsample), one list
    // per run. Updates the candidates with points added since the last call.
    std::vector<std::vector<util::SeriesPoint>> pick(
        double from, double to, std::size_t threshold, bool downsample);

private:
    void updateCandidates();
    void dropCandidates();

    std::vector<util::SeriesPoint> m_points;
    // Points before m_head have left the window; erased once they are many and half the vector (erasing the
    // front on every poll would copy a year of data each time).
    std::size_t m_head = 0;
    std::vector<std::size_t> m_runStarts; // ascending indices where a run begins after a gap
    // Per block of kBlock points from index 0: its candidates, ascending; m_blockEnds[b] is where block b's
    // end. Dropped whenever indices shift.
    std::vector<std::size_t> m_candidates;
    std::vector<std::size_t> m_blockEnds;
};

} // namespace oilwatch::ui
