#include "chartseriesdata.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <iterator>
#include <limits>
#include <numeric>

namespace oilwatch::ui {

namespace {

// Points that left the window are erased once there are this many and they are half the vector. Small, so
// that a live window (450 points for 15 minutes of 2-second polls) keeps a vector of about twice its size: at
// 4096 a code's vector grew for 2.5 hours, to 8192 points, which a day-long memory run saw as growth. The
// "half the vector" rule keeps the cost amortised for a year of points.
constexpr std::size_t kCompactAfter = 256;

bool xLess(const util::SeriesPoint& p, double x)
{
    return p.x < x;
}

bool lessX(double x, const util::SeriesPoint& p)
{
    return x < p.x;
}

} // namespace

int ChartSeriesData::runCount() const
{
    if (empty())
        return 0;
    return 1 + static_cast<int>(std::count_if(m_runStarts.begin(), m_runStarts.end(), [this](std::size_t s) {
        return s > m_head;
    }));
}

bool ChartSeriesData::append(const util::SeriesPoint& point, bool startsRun)
{
    if (!empty() && point.x < m_points.back().x)
        return false;
    if (startsRun && !empty())
        m_runStarts.push_back(m_points.size());
    m_points.push_back(point);
    return true;
}

void ChartSeriesData::replace(
    const std::vector<util::SeriesPoint>& points, const std::vector<std::size_t>& runStarts)
{
    std::vector<util::SeriesPoint> loaded;
    loaded.reserve(points.size());
    for (const util::SeriesPoint& p : points) {
        // Time order and finite values, as append() demands: a bad row is dropped, not drawn as a spike.
        if (std::isfinite(p.x) && std::isfinite(p.y) && (loaded.empty() || p.x >= loaded.back().x))
            loaded.push_back(p);
    }
    const double lastLoaded = loaded.empty() ? -std::numeric_limits<double>::infinity() : loaded.back().x;
    const auto tail
        = std::upper_bound(m_points.begin() + std::ptrdiff_t(m_head), m_points.end(), lastLoaded, lessX);
    std::vector<util::SeriesPoint> newer(tail, m_points.end());
    std::vector<std::size_t> starts;
    for (std::size_t s : runStarts) {
        if (s > 0 && s < loaded.size() && (starts.empty() || s > starts.back()))
            starts.push_back(s);
    }
    m_points = std::move(loaded);
    m_head = 0;
    m_runStarts = std::move(starts);
    m_points.insert(m_points.end(), newer.begin(), newer.end());
    dropCandidates();
}

void ChartSeriesData::clear()
{
    m_points.clear();
    m_runStarts.clear();
    m_head = 0;
    dropCandidates();
}

void ChartSeriesData::dropBefore(double cutoff)
{
    const auto first
        = std::lower_bound(m_points.begin() + std::ptrdiff_t(m_head), m_points.end(), cutoff, xLess);
    m_head = static_cast<std::size_t>(first - m_points.begin());
    std::erase_if(m_runStarts, [this](std::size_t s) { return s <= m_head; });
    if (empty()) {
        clear();
        return;
    }
    if (m_head >= kCompactAfter && m_head * 2 >= m_points.size()) {
        m_points.erase(m_points.begin(), m_points.begin() + std::ptrdiff_t(m_head));
        for (std::size_t& s : m_runStarts)
            s -= m_head;
        m_head = 0;
        dropCandidates();
    }
}

std::pair<std::size_t, std::size_t> ChartSeriesData::inRange(double from, double to) const
{
    const auto begin = m_points.begin() + std::ptrdiff_t(m_head);
    const auto i0 = std::lower_bound(begin, m_points.end(), from, xLess);
    const auto i1 = std::upper_bound(i0, m_points.end(), to, lessX);
    return {std::size_t(i0 - m_points.begin()), std::size_t(i1 - m_points.begin())};
}

std::vector<std::vector<util::SeriesPoint>> ChartSeriesData::pick(
    double from, double to, std::size_t threshold, bool downsample)
{
    const auto [i0, i1] = inRange(from, to);
    std::vector<std::vector<util::SeriesPoint>> runs;
    if (i0 >= i1)
        return runs;
    std::vector<std::size_t> starts; // relative to i0
    for (std::size_t s : m_runStarts) {
        if (s > i0 && s < i1)
            starts.push_back(s - i0);
    }
    const std::span<const util::SeriesPoint> inView(m_points.data() + i0, i1 - i0);
    std::vector<std::size_t> picked;
    if (downsample && inView.size() > kCandidatesFrom * threshold) {
        updateCandidates();
        // The candidates in view: every point of the partial blocks at both edges, the stored candidates of
        // the whole blocks between. Indices relative to i0, ascending.
        std::vector<std::size_t> index;
        index.reserve(inView.size() / (kBlock / 8));
        const std::size_t firstWhole = (i0 + kBlock - 1) / kBlock;
        const std::size_t endWhole = std::min(i1 / kBlock, m_blockEnds.size());
        const std::size_t wholeFrom = std::min(firstWhole * kBlock, i1);
        for (std::size_t i = i0; i < wholeFrom; ++i)
            index.push_back(i - i0);
        std::size_t tailFrom = wholeFrom;
        if (endWhole > firstWhole) {
            const std::size_t begin = firstWhole == 0 ? 0 : m_blockEnds[firstWhole - 1];
            for (std::size_t c = begin; c < m_blockEnds[endWhole - 1]; ++c)
                index.push_back(m_candidates[c] - i0);
            tailFrom = endWhole * kBlock;
        }
        for (std::size_t i = std::max(tailFrom, wholeFrom); i < i1; ++i)
            index.push_back(i - i0);
        std::vector<util::SeriesPoint> reduced(index.size());
        for (std::size_t k = 0; k < index.size(); ++k)
            reduced[k] = inView[index[k]];
        // A run start that is not a candidate maps to the next one, still after the gap: never bridged.
        std::vector<std::size_t> reducedStarts;
        for (std::size_t s : starts)
            reducedStarts.push_back(
                std::size_t(std::lower_bound(index.begin(), index.end(), s) - index.begin()));
        picked = util::lttb(reduced, threshold, reducedStarts);
        for (std::size_t& k : picked)
            k = index[k];
    } else if (downsample) {
        picked = util::lttb(inView, threshold, starts);
    } else {
        picked.resize(inView.size());
        std::iota(picked.begin(), picked.end(), std::size_t {0});
    }
    auto nextStart = starts.begin();
    runs.emplace_back();
    runs.back().reserve(picked.size());
    for (std::size_t i : picked) {
        if (nextStart != starts.end() && i >= *nextStart) {
            while (nextStart != starts.end() && i >= *nextStart)
                ++nextStart;
            runs.emplace_back();
        }
        runs.back().push_back(inView[i]);
    }
    return runs;
}

void ChartSeriesData::updateCandidates()
{
    auto start = m_runStarts.begin();
    for (std::size_t b = m_blockEnds.size(); (b + 1) * kBlock <= m_points.size(); ++b) {
        const std::size_t from = b * kBlock;
        const std::size_t to = from + kBlock;
        std::size_t low = from;
        std::size_t high = from;
        for (std::size_t i = from + 1; i < to; ++i) {
            if (m_points[i].y < m_points[low].y)
                low = i;
            if (m_points[i].y > m_points[high].y)
                high = i;
        }
        std::size_t picks[8] = {from, low, high, to - 1};
        std::size_t n = 4;
        start = std::lower_bound(start, m_runStarts.end(), from);
        for (auto s = start; s != m_runStarts.end() && *s < to && n + 2 <= std::size(picks); ++s) {
            picks[n++] = *s;
            if (*s > from)
                picks[n++] = *s - 1;
        }
        std::sort(picks, picks + n);
        for (std::size_t k = 0; k < n; ++k) {
            if (k == 0 || picks[k] != picks[k - 1])
                m_candidates.push_back(picks[k]);
        }
        m_blockEnds.push_back(m_candidates.size());
    }
}

void ChartSeriesData::dropCandidates()
{
    m_candidates.clear();
    m_blockEnds.clear();
}

} // namespace oilwatch::ui
