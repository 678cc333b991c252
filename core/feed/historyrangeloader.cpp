#include "feed/historyrangeloader.h"

#include "api/oilpriceapiclient.h"
#include "feed/quotegate.h"
#include "logging/logging.h"
#include "storage/historystore.h"
#include "util/clock.h"

namespace oilwatch::feed {

namespace {

auto log()
{
    return logging::logger("history");
}

constexpr std::chrono::seconds kDay {24 * 60 * 60};

} // namespace

struct HistoryRangeLoader::Run
{
    QStringList codes;
    QDateTime from; // invalid: everything stored ("All")
    QDateTime backfillFrom; // where a range's backfill must reach; for "All", a year back to start with
    int done = 0; // codes
    int total = 0;
};

HistoryRangeLoader::HistoryRangeLoader(
    api::OilPriceApiClient& client, storage::HistoryStore& store, const util::Clock& clock, QObject* parent)
    : QObject(parent)
    , m_client(client)
    , m_store(store)
    , m_clock(clock)
{ }

HistoryRangeLoader::~HistoryRangeLoader() = default;

storage::OriginFilter HistoryRangeLoader::origins() const
{
    return storage::OriginFilter::only(m_client.config().origin());
}

QString HistoryRangeLoader::intervalFor(std::chrono::seconds span)
{
    if (span <= 7 * kDay)
        return QStringLiteral("raw");
    if (span <= 31 * kDay)
        return QStringLiteral("hourly");
    return QStringLiteral("daily");
}

api::HistoryWindow HistoryRangeLoader::windowFor(std::chrono::seconds back)
{
    if (back <= kDay)
        return api::HistoryWindow::PastDay;
    if (back <= 7 * kDay)
        return api::HistoryWindow::PastWeek;
    if (back <= 30 * kDay)
        return api::HistoryWindow::PastMonth;
    return api::HistoryWindow::PastYear;
}

std::vector<std::size_t> HistoryRangeLoader::gapStarts(
    const QList<util::SeriesPoint>& points, double minimumGapMs)
{
    std::vector<std::size_t> starts;
    double previousStep = 0.0;
    for (qsizetype i = 1; i < points.size(); ++i) {
        const double step = points[i].x - points[i - 1].x;
        if (step > minimumGapMs && step > kGapSteps * previousStep && previousStep > 0.0)
            starts.push_back(std::size_t(i));
        previousStep = step;
    }
    return starts;
}

void HistoryRangeLoader::cancel()
{
    m_run.reset();
}

void HistoryRangeLoader::load(const QStringList& codes, std::chrono::seconds span)
{
    auto run = std::make_shared<Run>();
    run->codes = codes;
    const QDateTime now = m_clock.nowUtc();
    if (span.count() > 0)
        run->from = now.addSecs(-span.count());
    run->backfillFrom = span.count() > 0 ? run->from : now.addYears(-1);
    run->total = int(codes.size());
    m_run = run;
    Q_EMIT progress(0, run->total * kStepsPerCode, QStringLiteral("Reading stored history…"));
    next(run);
}

void HistoryRangeLoader::step(const std::shared_ptr<Run>& run, const QString& what, int partial)
{
    Q_EMIT progress(run->done * kStepsPerCode + std::clamp(partial, 0, kStepsPerCode - 1),
        run->total * kStepsPerCode, what);
}

void HistoryRangeLoader::next(std::shared_ptr<Run> run)
{
    if (run != m_run)
        return; // abandoned
    if (run->codes.isEmpty()) {
        m_run.reset();
        Q_EMIT progress(run->total * kStepsPerCode, run->total * kStepsPerCode, QString());
        Q_EMIT finished();
        return;
    }
    read(run, run->codes.takeFirst(), true);
}

void HistoryRangeLoader::read(std::shared_ptr<Run> run, const QString& code, bool mayBackfill)
{
    m_store.points(origins(), code, run->from, {}, this,
        [this, run, code, mayBackfill](const storage::StorageResult<QList<util::SeriesPoint>>& points) {
            if (run != m_run)
                return;
            if (!points) {
                Q_EMIT codeFailed(code, points.error().message);
                ++run->done;
                next(run);
                return;
            }
            const QList<util::SeriesPoint>& stored = points.value();
            const QDateTime now = m_clock.nowUtc();
            const auto asked = m_askedFrom.constFind(code);
            const QDateTime oldest = stored.isEmpty()
                ? now
                : QDateTime::fromMSecsSinceEpoch(qint64(stored.first().x), now.timeZone());
            if (mayBackfill && !run->from.isValid()) {
                // "All": once a session, back from the oldest stored point, a year at a time.
                if (asked == m_askedFrom.cend() || asked->isValid()) {
                    backfill(run, code, oldest.addYears(-1), oldest, 1);
                    return;
                }
            } else if (mayBackfill) {
                const double spanMs = double(run->backfillFrom.msecsTo(now));
                const double startMs = double(run->backfillFrom.toMSecsSinceEpoch());
                const bool covered
                    = !stored.isEmpty() && stored.first().x - startMs <= spanMs * kCoverageSlack;
                const bool askedBefore = asked != m_askedFrom.cend() && *asked <= run->backfillFrom;
                if (!covered && !askedBefore) {
                    backfill(run, code, run->backfillFrom, oldest, 0);
                    return;
                }
            }
            Q_EMIT seriesLoaded(code, stored, gapStarts(stored, double(m_minimumGap.count())));
            ++run->done;
            step(run, QString());
            next(run);
        });
}

void HistoryRangeLoader::backfill(
    std::shared_ptr<Run> run, const QString& code, const QDateTime& from, const QDateTime& until, int year)
{
    const QDateTime now = m_clock.nowUtc();
    const std::chrono::seconds back {from.secsTo(now)};
    api::HistoryQuery query;
    query.code = code;
    query.window = windowFor(back);
    query.from = from.date();
    query.to = until.date();
    query.interval = intervalFor(back);
    // An "All" walk marks the code with an invalid start: asked once, however far it went.
    m_askedFrom.insert(code, year > 0 ? QDateTime() : from);
    const QString endpoint = api::historyWindowPath(query.window).section(QLatin1Char('/'), -1);
    const QString codeOf = QStringLiteral("code %1 of %2").arg(run->done + 1).arg(run->total);
    const QString yearOf = year > 0 ? QStringLiteral(", year %1").arg(year) : QString();
    step(run, QStringLiteral("Fetching %1 from %2 (%3%4)…").arg(code, endpoint, codeOf, yearOf));
    log()->info("{}: chart range not stored, backfilling {} to {} from {} ({})", code.toStdString(),
        query.from.toString(Qt::ISODate).toStdString(), query.to.toString(Qt::ISODate).toStdString(),
        api::historyWindowPath(query.window).toStdString(), query.interval.toStdString());
    // The bar moves with the pages: of a range, by the pages the server says there are; of an "All" walk,
    // a share per year.
    const auto onPage = [this, run, code, endpoint, codeOf, yearOf, year](int page, int totalPages) {
        if (run != m_run)
            return;
        const int partial = year > 0 ? (year - 1) * kStepsPerCode / 5 + page
            : totalPages > 0         ? page * kStepsPerCode / (totalPages + 1)
                                     : page;
        const QString pages = totalPages > 0 ? QStringLiteral("page %1 of %2").arg(page).arg(totalPages)
                                             : QStringLiteral("page %1").arg(page);
        step(run,
            QStringLiteral("Fetching %1 from %2 (%3%4, %5)…").arg(code, endpoint, codeOf, yearOf, pages),
            partial);
    };
    m_client.history(
        query, this,
        [this, run, code, from, year](const api::Result<QList<api::Quote>>& result, const api::FetchInfo&) {
            if (run != m_run)
                return;
            if (!result) {
                Q_EMIT codeFailed(code, result.error().describe());
                read(run, code, false); // what is stored still shows
                return;
            }
            QList<api::Quote> checked;
            for (const api::Quote& quote : result.value()) {
                if (!m_gate || m_gate->checkHistorical(quote).isOk())
                    checked << quote;
            }
            // An "All" walk goes on while the API has older prices.
            const bool older = year > 0 && !result.value().isEmpty() && year < kAllYears;
            m_store.append(checked, this,
                [this, run, code, from, year, older](const storage::StorageResult<int>& stored) {
                    if (run != m_run)
                        return;
                    if (!stored)
                        Q_EMIT codeFailed(code, stored.error().message);
                    else
                        log()->info(
                            "{}: backfilled {} records for the chart", code.toStdString(), stored.value());
                    if (stored && older)
                        backfill(run, code, from.addYears(-1), from, year + 1);
                    else
                        read(run, code, false);
                });
        },
        1000, onPage);
}

} // namespace oilwatch::feed
