#include "report/priceexportjob.h"

#include "api/oilpriceapiclient.h"
#include "feed/quotegate.h"
#include "logging/logging.h"
#include "report/csvfile.h"
#include "storage/historystore.h"
#include "util/clock.h"

#include <QTimeZone>

namespace oilwatch::report {

namespace {

auto log()
{
    return logging::logger("report");
}

constexpr qint64 kDayMs = 86'400'000;

} // namespace

PriceExportJob::PriceExportJob(PriceExportRequest request, QString outPath, CsvWriter::Options options,
    PriceSources sources, QObject* parent)
    : QObject(parent)
    , m_request(std::move(request))
    , m_outPath(std::move(outPath))
    , m_options(options)
    , m_sources(sources)
{
    qRegisterMetaType<ExportOutcome>();
}

PriceExportJob::~PriceExportJob()
{
    m_cancelled->store(true);
    if (m_worker)
        m_worker->wait();
}

api::HistoryWindow PriceExportJob::windowFor(const QDate& first, const QDate& today)
{
    const qint64 days = first.daysTo(today);
    if (days <= 1)
        return api::HistoryWindow::PastDay;
    if (days <= 7)
        return api::HistoryWindow::PastWeek;
    if (days <= 30)
        return api::HistoryWindow::PastMonth;
    return api::HistoryWindow::PastYear;
}

template <typename Work> void PriceExportJob::onWorker(Work work)
{
    if (m_worker)
        m_worker->wait();
    m_worker.reset(QThread::create(std::move(work)));
    m_worker->setObjectName(QStringLiteral("price-export"));
    m_worker->start(QThread::LowPriority);
}

void PriceExportJob::start()
{
    if (m_running)
        return;
    m_running = true;
    m_cancelled->store(false);
    auto go = [this] {
        if (backfillApplies())
            findGaps();
        else
            write();
    };
    if (!m_sources.store) {
        go();
        return;
    }
    // The store's requests run in order, behind its open: once it answers, the file exists with its schema
    // and every append made before start() is in it, so the worker's own connection reads what the app saw.
    m_sources.store->storedOrigins(this, [go](const storage::StorageResult<QList<api::Origin>>&) { go(); });
}

void PriceExportJob::cancel()
{
    m_cancelled->store(true);
}

bool PriceExportJob::backfillApplies() const
{
    if (!m_backfillEnabled || !m_sources.client || !m_sources.store || !m_request.from.isValid())
        return false;
    const storage::OriginFilter& origins = m_request.origins;
    return origins.isAll() || *origins.origin() == m_sources.client->config().origin();
}

void PriceExportJob::findGaps()
{
    Q_EMIT stageChanged(Stage::FindingGaps);
    // The past_* endpoints go back a year: older gaps cannot be filled. Nor can tomorrow's.
    const QDateTime now = m_sources.clock->nowUtc();
    const QDate oldest = now.date().addDays(-365);
    const QDate first = std::max(m_request.from.toUTC().date(), oldest);
    const QDate last
        = std::min(m_request.to.isValid() ? m_request.to.toUTC().date() : now.date(), now.date());
    if (first > last) {
        write();
        return;
    }
    const QString path = m_sources.historyPath;
    const util::Clock* clock = m_sources.clock;
    const storage::OriginFilter origins = storage::OriginFilter::only(m_sources.client->config().origin());
    const QStringList codes = m_request.codes;
    QPointer<PriceExportJob> self(this);
    auto cancelled = m_cancelled;
    onWorker([self, path, clock, origins, codes, first, last, cancelled] {
        QList<Gap> gaps;
        QString error;
        {
            storage::PriceHistory history(path, *clock);
            if (auto opened = history.open(); !opened) {
                error = opened.error().message;
            } else {
                const QDateTime from = first.startOfDay(QTimeZone::utc());
                const int days = int(first.daysTo(last)) + 1;
                const QDateTime to = from.addMSecs(days * kDayMs - 1);
                for (const QString& code : codes) {
                    if (cancelled->load())
                        break;
                    // One bucket a day: a day without a bucket has no price.
                    auto buckets = history.downsample(origins, code, from, to, days);
                    if (!buckets) {
                        error = buckets.error().message;
                        break;
                    }
                    QSet<QDate> stored;
                    for (const storage::PriceBucket& bucket : buckets.value())
                        stored.insert(bucket.start.toUTC().date());
                    Gap gap {code, {}, {}};
                    for (QDate day = first; day <= last; day = day.addDays(1)) {
                        if (stored.contains(day))
                            continue;
                        if (!gap.first.isValid())
                            gap.first = day;
                        gap.last = day;
                    }
                    if (gap.first.isValid())
                        gaps << gap;
                }
            }
        }
        QMetaObject::invokeMethod(
            self,
            [self, gaps, error] {
                if (!self)
                    return;
                if (!error.isEmpty())
                    Q_EMIT self->warning(QStringLiteral("cannot look for gaps in the history: ") + error);
                self->m_gaps = gaps;
                self->backfillNext();
            },
            Qt::QueuedConnection);
    });
}

void PriceExportJob::backfillNext()
{
    if (m_cancelled->load()) {
        finish({0, true, {}});
        return;
    }
    if (m_gaps.isEmpty()) {
        write();
        return;
    }
    Q_EMIT stageChanged(Stage::Backfilling);
    const Gap gap = m_gaps.takeFirst();
    api::HistoryQuery query;
    query.code = gap.code;
    query.window = windowFor(gap.first, m_sources.clock->nowUtc().date());
    query.from = gap.first;
    query.to = gap.last;
    log()->info("export: {} has no stored price on some days from {} to {}, backfilling from {}",
        gap.code.toStdString(), gap.first.toString(Qt::ISODate).toStdString(),
        gap.last.toString(Qt::ISODate).toStdString(), api::historyWindowPath(query.window).toStdString());
    m_sources.client->history(query, this,
        [this, code = gap.code](const api::Result<QList<api::Quote>>& result, const api::FetchInfo&) {
            if (!result) {
                Q_EMIT warning(
                    QStringLiteral("%1: backfill failed: %2").arg(code, result.error().describe()));
                backfillNext();
                return;
            }
            QList<api::Quote> checked;
            for (const api::Quote& quote : result.value()) {
                if (!m_sources.gate || m_sources.gate->checkHistorical(quote).isOk())
                    checked << quote;
            }
            m_sources.store->append(checked, this, [this, code](const storage::StorageResult<int>& stored) {
                if (!stored)
                    Q_EMIT warning(QStringLiteral("%1: cannot store the backfill: %2")
                                       .arg(code, stored.error().message));
                else
                    Q_EMIT backfilled(code, stored.value());
                backfillNext();
            });
        });
}

void PriceExportJob::write()
{
    if (m_cancelled->load()) {
        finish({0, true, {}});
        return;
    }
    Q_EMIT stageChanged(Stage::Writing);
    const QString path = m_sources.historyPath;
    const util::Clock* clock = m_sources.clock;
    const PriceExportRequest request = m_request;
    const QString outPath = m_outPath;
    const CsvWriter::Options options = m_options;
    QPointer<PriceExportJob> self(this);
    auto cancelled = m_cancelled;
    onWorker([self, path, clock, request, outPath, options, cancelled] {
        ExportOutcome outcome;
        auto opened = CsvFile::open(outPath, options);
        if (auto* error = std::get_if<QString>(&opened)) {
            outcome.error = *error;
        } else {
            auto& file = std::get<std::unique_ptr<CsvFile>>(opened);
            storage::PriceHistory history(path, *clock);
            if (auto ready = history.open(); !ready) {
                outcome.error = ready.error().message;
            } else {
                outcome = writePrices(
                    history, request, file->writer(), [self, cancelled](qint64 rows, double fraction) {
                        QMetaObject::invokeMethod(
                            self,
                            [self, rows, fraction] {
                                if (self)
                                    Q_EMIT self->progress(rows, fraction);
                            },
                            Qt::QueuedConnection);
                        return !cancelled->load();
                    });
            }
            outcome.cancelled = outcome.cancelled || cancelled->load();
            if (outcome.cancelled || !outcome.error.isEmpty())
                file->cancel();
            else if (auto failed = file->commit())
                outcome.error = *failed;
        }
        QMetaObject::invokeMethod(
            self,
            [self, outcome] {
                if (self)
                    self->finish(outcome);
            },
            Qt::QueuedConnection);
    });
}

void PriceExportJob::finish(ExportOutcome outcome)
{
    m_running = false;
    Q_EMIT finished(outcome);
}

} // namespace oilwatch::report
