#pragma once

#include "api/quote.h"

#include <chrono>

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QPair>
#include <QSet>
#include <QString>

namespace oilwatch::ui {

// What the dashboard's price chart draws, and where its line breaks, from live quotes and stored history.
// The rules live here, apart from the chart widget, so they can be tested as plain values: each call returns
// the steps to apply to one code's series (PriceChart::clearCode, addPoint, insertGap), in order.
//
// The rules:
// - A code's points only move forward in time: a point older than the last one drawn is dropped (the chart
//   keeps time order per code).
// - A hole longer than kGapPolls poll intervals between two points is a gap: nobody reported the outage (the
//   app was closed, the machine slept), so the line must not bridge it.
// - Stored history may be coarser than the polls, and its resolution changes along the way (a backfill has a
//   record a minute for the last hours and fewer before): there a hole is more than kGapPolls of the
//   series' own previous steps, and never less than kGapPolls polls.
// - History older than the chart's window before its newest record is skipped: it would be drawn and
//   dropped again at once.
// - Live points drawn before a code's history arrived (the last known value, a fast first poll) are drawn
//   again after it, so the line stays in time order whichever comes first. At most kMaxPointsBeforeHistory
//   are kept: a history that never comes must not grow them.
// No clock: every time comes with its call.
class PriceSeriesBuilder
{
public:
    static constexpr int kGapPolls = 3;
    static constexpr int kMaxPointsBeforeHistory = 512;

    struct Step
    {
        enum class Kind
        {
            Clear, // empty the code's series
            Point, // add (at, price)
            Gap, // break the line before the next point
        };
        Kind kind = Kind::Point;
        QDateTime at; // Point only
        double price = 0.0; // Point only

        bool operator==(const Step&) const = default;
    };
    using Steps = QList<Step>;

    explicit PriceSeriesBuilder(std::chrono::milliseconds pollInterval);
    // The gaps of points added from now on follow it.
    void setPollInterval(std::chrono::milliseconds interval);

    // A value drawn at `at` (a live quote at its receipt, a cache hit at its fetch time). gapAfterMs 0: a
    // hole of more than kGapPolls poll intervals before it is a gap.
    Steps add(const api::Quote& quote, const QDateTime& at, qint64 gapAfterMs = 0);
    // Whether the quote (same created_at and price) is the last point drawn for its code: a fresh cache hit
    // of the observation the last poll drew already, which must not be drawn twice.
    bool isLastDrawn(const api::Quote& quote) const;
    // The code's stored history, oldest first, for a chart showing `window`: the series drawn anew, with the
    // live points that came before it after it. An empty history only marks the code as seeded.
    Steps seed(const QString& code, const QList<api::Quote>& quotesOldestFirst, std::chrono::seconds window);
    // A code no longer watched: nothing of it is kept.
    void forget(const QString& code);

private:
    struct Drawn
    {
        QDateTime at;
        QDateTime createdAt;
        double price = 0.0;
    };

    std::chrono::milliseconds m_pollInterval;
    QHash<QString, Drawn> m_last;
    QHash<QString, QList<QPair<QDateTime, api::Quote>>> m_beforeHistory;
    QSet<QString> m_seeded;
};

} // namespace oilwatch::ui
