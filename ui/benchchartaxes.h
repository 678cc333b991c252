#pragma once

class QValueAxis;

namespace oilwatch::ui {

// A latency axis in milliseconds from 0 to a round value above `highestMs`, with as many decimals in its
// labels as the range needs ("0.25" for a sub-millisecond run, "120" for a slow one).
void setLatencyAxisRange(QValueAxis* axis, double highestMs);

// A time axis in seconds from 0 to at least `lastSecond`, ticks on round numbers of seconds.
void setSecondsAxisRange(QValueAxis* axis, double lastSecond);

// A count or rate axis from 0 to a round value above `highest`, whole-number labels.
void setCountAxisRange(QValueAxis* axis, double highest);

} // namespace oilwatch::ui
