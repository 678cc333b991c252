#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include <QtGlobal>

namespace oilwatch::ui {

// A span of the time axis in milliseconds since the epoch, from <= to.
struct TimeRange
{
    qint64 from = 0;
    qint64 to = 0;
    qint64 span() const { return to - from; }
    friend bool operator==(const TimeRange&, const TimeRange&) = default;
};

// The chart's zoom history, like a browser's Back: every zoom or pan pushes the range it leaves, Back goes
// to the one before, Reset forgets them all. std::nullopt stands for "no zoom": the chart follows the live
// window, so Back to it resumes following new prices.
//
// Bounded (kMaxDepth): a user who spins the wheel for a minute must not grow memory; the oldest entry goes
// first, since nobody steps back a hundred times.
class ZoomStack
{
public:
    static constexpr std::size_t kMaxDepth = 64;
    using Entry = std::optional<TimeRange>;

    void push(const Entry& left);
    // The range to go back to; the stack must not be empty (canGoBack()).
    Entry pop();
    void clear() { m_entries.clear(); }
    bool canGoBack() const { return !m_entries.empty(); }
    std::size_t depth() const { return m_entries.size(); }

private:
    std::vector<Entry> m_entries;
};

} // namespace oilwatch::ui
