#include "feed/historybackfill.h"

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

} // namespace

HistoryBackfill::HistoryBackfill(
    api::OilPriceApiClient& client, storage::HistoryStore& store, const util::Clock& clock, QObject* parent)
    : QObject(parent)
    , m_client(client)
    , m_store(store)
    , m_clock(clock)
{ }

storage::OriginFilter HistoryBackfill::origins() const
{
    return storage::OriginFilter::only(m_client.config().origin());
}

void HistoryBackfill::run(const QStringList& codes)
{
    ++m_snapshots;
    m_store.codes(origins(), this, [this, codes](const storage::StorageResult<QStringList>& stored) {
        --m_snapshots;
        for (const QString& code : codes) {
            const bool queued = std::any_of(
                m_queue.cbegin(), m_queue.cend(), [&code](const Job& job) { return job.code == code; });
            if (queued)
                continue;
            if (stored)
                m_queue << Job {code, !stored.value().contains(code), {}};
            else
                m_queue << Job {code, false, stored.error().message};
        }
        if (!m_busy)
            next();
    });
}

void HistoryBackfill::next()
{
    if (m_queue.isEmpty()) {
        m_busy = false;
        if (m_snapshots == 0)
            Q_EMIT finished();
        return;
    }
    m_busy = true;
    const Job job = m_queue.takeFirst();
    if (!job.storeError.isEmpty())
        fail(job.code, job.storeError);
    else if (job.needsBackfill)
        backfill(job.code);
    else
        publish(job.code, 0);
}

void HistoryBackfill::backfill(const QString& code)
{
    api::HistoryQuery query;
    query.code = code;
    query.window = kWindow;
    log()->info("{}: no stored history, backfilling from {}", code.toStdString(),
        api::historyWindowPath(kWindow).toStdString());
    m_client.history(
        query, this, [this, code](const api::Result<QList<api::Quote>>& result, const api::FetchInfo&) {
            if (!result) {
                fail(code, result.error().describe());
                return;
            }
            QList<api::Quote> checked;
            for (const api::Quote& quote : result.value()) {
                if (!m_gate || m_gate->checkHistorical(quote).isOk())
                    checked << quote;
            }
            m_store.append(checked, this, [this, code](const storage::StorageResult<int>& stored) {
                if (!stored) {
                    fail(code, stored.error().message);
                    return;
                }
                log()->info("{}: backfilled {} records", code.toStdString(), stored.value());
                publish(code, stored.value());
            });
        });
}

void HistoryBackfill::publish(const QString& code, int stored)
{
    const QDateTime from = m_clock.nowUtc().addMSecs(-kSeriesSpanMs);
    m_store.query(origins(), code, from, {}, this,
        [this, code, stored](const storage::StorageResult<QList<api::Quote>>& series) {
            if (!series) {
                fail(code, series.error().message);
                return;
            }
            Q_EMIT historyReady(code, series.value());
            Q_EMIT codeDone(code, stored);
            next();
        });
}

void HistoryBackfill::fail(const QString& code, const QString& message)
{
    log()->warn("{}: history backfill failed: {}", code.toStdString(), message.toStdString());
    Q_EMIT codeFailed(code, message);
    next();
}

} // namespace oilwatch::feed
