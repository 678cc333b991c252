#include "storage/historystore.h"

#include <QPointer>

namespace oilwatch::storage {

namespace {

StorageError notOpened()
{
    return StorageError {QStringLiteral("price history: the database was not opened")};
}

} // namespace

HistoryStore::HistoryStore(QString path, const util::Clock& clock, QObject* parent)
    : QObject(parent)
    , m_path(std::move(path))
    , m_clock(clock)
    , m_worker(new QObject)
{
    m_thread.setObjectName(QStringLiteral("oilwatch-history"));
    m_worker->moveToThread(&m_thread);
    m_thread.start();
}

HistoryStore::~HistoryStore()
{
    // Queued behind every request already made, so those finish first; the QtSql connection is closed on
    // the thread that opened it, as QtSql requires.
    QMetaObject::invokeMethod(
        m_worker,
        [this] {
            m_history.reset();
            QThread::currentThread()->quit();
        },
        Qt::QueuedConnection);
    m_thread.wait();
    delete m_worker;
}

template <class T>
void HistoryStore::reply(QPointer<QObject> context, Callback<T> done, StorageResult<T> result)
{
    if (!done)
        return;
    // The answer comes back through the store (which outlives its worker) and checks the context there, on
    // the thread that owns both: no thread ever reads a context that another is deleting.
    QMetaObject::invokeMethod(
        this,
        [context, done = std::move(done), result = std::move(result)] {
            if (context)
                done(result);
        },
        Qt::QueuedConnection);
}

template <class T>
void HistoryStore::run(
    QObject* context, std::function<StorageResult<T>(PriceHistory&)> work, Callback<T> done)
{
    QMetaObject::invokeMethod(
        m_worker,
        [this, guard = QPointer<QObject>(context), work = std::move(work), done = std::move(done)]() mutable {
            StorageResult<T> result
                = m_history ? work(*m_history) : StorageResult<T>(m_openError.value_or(notOpened()));
            reply<T>(guard, std::move(done), std::move(result));
        },
        Qt::QueuedConnection);
}

void HistoryStore::open(QObject* context, Callback<OpenReport> done)
{
    QMetaObject::invokeMethod(
        m_worker,
        [this, guard = QPointer<QObject>(context), done = std::move(done)]() mutable {
            if (m_history) {
                reply<OpenReport>(guard, std::move(done), OpenReport {});
                return;
            }
            auto history = std::make_unique<PriceHistory>(m_path, m_clock);
            StorageResult<OpenReport> result = history->open();
            if (result) {
                m_history = std::move(history);
                m_openError.reset();
            } else {
                m_openError = result.error();
            }
            reply<OpenReport>(guard, std::move(done), std::move(result));
        },
        Qt::QueuedConnection);
}

void HistoryStore::append(QList<api::Quote> quotes, QObject* context, Callback<int> done)
{
    run<int>(
        context, [quotes = std::move(quotes)](PriceHistory& history) { return history.append(quotes); },
        std::move(done));
}

void HistoryStore::query(const OriginFilter& origins, const QString& code, const QDateTime& from,
    const QDateTime& to, QObject* context, Callback<QList<api::Quote>> done)
{
    run<QList<api::Quote>>(
        context,
        [origins, code, from, to](
            PriceHistory& history) { return history.query(origins, code, from, to, 0, Order::OldestFirst); },
        std::move(done));
}

void HistoryStore::points(const OriginFilter& origins, const QString& code, const QDateTime& from,
    const QDateTime& to, QObject* context, Callback<QList<util::SeriesPoint>> done)
{
    run<QList<util::SeriesPoint>>(
        context,
        [origins, code, from, to](PriceHistory& history) { return history.points(origins, code, from, to); },
        std::move(done));
}

void HistoryStore::latest(const OriginFilter& origins, const QString& code, QObject* context,
    Callback<std::optional<api::Quote>> done)
{
    run<std::optional<api::Quote>>(
        context, [origins, code](PriceHistory& history) { return history.latest(origins, code); },
        std::move(done));
}

void HistoryStore::codes(const OriginFilter& origins, QObject* context, Callback<QStringList> done)
{
    run<QStringList>(
        context, [origins](PriceHistory& history) { return history.codes(origins); }, std::move(done));
}

void HistoryStore::appendQuarantined(QList<QuarantineRecord> records, QObject* context, Callback<int> done)
{
    run<int>(
        context,
        [records = std::move(records)](PriceHistory& history) { return history.appendQuarantined(records); },
        std::move(done));
}

void HistoryStore::quarantined(const OriginFilter& origins, const QStringList& codes, int limit,
    QObject* context, Callback<QList<QuarantineRecord>> done)
{
    run<QList<QuarantineRecord>>(
        context,
        [origins, codes, limit](PriceHistory& history) { return history.quarantined(origins, codes, limit); },
        std::move(done));
}

void HistoryStore::storedOrigins(QObject* context, Callback<QList<api::Origin>> done)
{
    run<QList<api::Origin>>(
        context, [](PriceHistory& history) { return history.storedOrigins(); }, std::move(done));
}

void HistoryStore::applyRetention(std::chrono::days keep, QObject* context, Callback<int> done)
{
    run<int>(
        context, [keep](PriceHistory& history) { return history.applyRetention(keep); }, std::move(done));
}

} // namespace oilwatch::storage
