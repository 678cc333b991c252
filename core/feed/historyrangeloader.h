#pragma once

#include "api/quote.h"
#include "util/lttb.h"

#include <chrono>
#include <memory>
#include <vector>

#include <QHash>
#include <QList>
#include <QObject>
#include <QStringList>

namespace oilwatch::api {
class OilPriceApiClient;
}
namespace oilwatch::storage {
class HistoryStore;
class OriginFilter;
} // namespace oilwatch::storage
namespace oilwatch::util {
class Clock;
}

namespace oilwatch::feed {

class QuoteGate;

// What a chart's time-range preset (15m ... 1Y, All) needs: each code's stored points over the range, read
// on the store's worker thread, after filling what is not stored from the API's past_* endpoints.
//
// Per code, in turn (like HistoryBackfill: a steady trickle of requests, never a burst):
// 1. read the stored points of [now - span, now] (time and price only, see HistoryStore::points);
// 2. if the oldest is more than kCoverageSlack of the span after the range's start (or nothing is stored),
//    fetch the missing part [start, oldest] from one past_* endpoint with start_date/end_date, every page;
//    the endpoint is the narrowest that reaches back to the start (past_day ... past_year), and the interval
//    is coarse enough to keep a year to a few pages (intervalFor). Each price passes the gate (if one is
//    set) and is stored with the client's origin, exactly like HistoryBackfill;
// 3. read again and emit seriesLoaded.
// A code is fetched at most once per session for a given start: asking again for a range the API could not
// fill (a code younger than a year) must not cost the same pages every click.
//
// "All" (span 0) reads everything stored, and backfills year by year back from the oldest stored point
// (past_year with start_date/end_date, daily) until the API has nothing older or kAllYears are asked: how far
// back a code goes is not known before asking.
//
// Progress counts kStepsPerCode per code, advanced by each page of a backfill, so a bar moves during a long
// one.
class HistoryRangeLoader final : public QObject
{
    Q_OBJECT
public:
    static constexpr double kCoverageSlack = 0.05;
    static constexpr int kAllYears = 20;
    static constexpr int kStepsPerCode = 100;

    HistoryRangeLoader(api::OilPriceApiClient& client, storage::HistoryStore& store, const util::Clock& clock,
        QObject* parent = nullptr);
    ~HistoryRangeLoader() override;

    // Every backfilled price is checked first (QuoteGate::checkHistorical); the gate must outlive this.
    void setGate(QuoteGate* gate) { m_gate = gate; }
    // Where a chart should break the line: a step longer than this (and longer than kGapSteps of the
    // series' own previous step) is a hole. The dashboard sets a few poll intervals.
    void setMinimumGap(std::chrono::milliseconds gap) { m_minimumGap = gap; }

    // Starts loading `codes` over the last `span` (0: everything stored). A load in progress is abandoned:
    // its answers are dropped, the requests it already made finish on their own.
    void load(const QStringList& codes, std::chrono::seconds span);
    void cancel();
    bool isLoading() const { return m_run != nullptr; }

    // The API interval for a backfill reaching `span` back: raw up to a week, hourly to a month, daily
    // beyond.
    static QString intervalFor(std::chrono::seconds span);
    // The narrowest past_* window that reaches `back` into the past.
    static api::HistoryWindow windowFor(std::chrono::seconds back);
    // Indices where a new run starts: a step longer than both `minimumGapMs` and kGapSteps times the step
    // before it (stored history changes resolution along the way: daily a year ago, minutes today).
    static constexpr double kGapSteps = 5.0;
    static std::vector<std::size_t> gapStarts(const QList<util::SeriesPoint>& points, double minimumGapMs);

Q_SIGNALS:
    // `done` of `total` steps (kStepsPerCode per code, pages of a backfill in between); `what` says what is
    // happening, for a person.
    void progress(int done, int total, const QString& what);
    // A code's points over the range, oldest first, with where its runs start (gapStarts).
    void seriesLoaded(const QString& code, const QList<oilwatch::util::SeriesPoint>& points,
        const std::vector<std::size_t>& runStarts);
    // The API or the disk failed for this code; what is stored is still loaded when it can be read.
    void codeFailed(const QString& code, const QString& message);
    void finished();

private:
    struct Run;

    storage::OriginFilter origins() const;
    void next(std::shared_ptr<Run> run);
    void read(std::shared_ptr<Run> run, const QString& code, bool mayBackfill);
    // [from, until] from the narrowest past_* window; `year` counts the years of an "All" walk (0: a range).
    void backfill(std::shared_ptr<Run> run, const QString& code, const QDateTime& from,
        const QDateTime& until, int year);
    void step(const std::shared_ptr<Run>& run, const QString& what, int partial = 0);

    api::OilPriceApiClient& m_client;
    storage::HistoryStore& m_store;
    const util::Clock& m_clock;
    QuoteGate* m_gate = nullptr;
    std::chrono::milliseconds m_minimumGap {5 * 60 * 1000};
    std::shared_ptr<Run> m_run;
    // Per code, the earliest start already asked of the API this session.
    QHash<QString, QDateTime> m_askedFrom;
};

} // namespace oilwatch::feed
