#pragma once

#include "api/quote.h"
#include "storage/pricehistory.h"

#include <chrono>
#include <functional>
#include <memory>
#include <optional>

#include <QDateTime>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QThread>

namespace oilwatch::storage {

// PriceHistory on its own worker thread, so that the thread that owns widgets never waits for the disk.
// Requests run on the worker in the order they were made; each answer is delivered on the thread that owns
// the store, and only while `context` lives (the same contract as every asynchronous call in core).
// Destroying the store finishes the requests already queued, closes the database and joins the worker.
class HistoryStore final : public QObject
{
    Q_OBJECT
public:
    template <class T> using Callback = std::function<void(const StorageResult<T>& result)>;

    // The clock must outlive the store and be safe to read from the worker thread (SystemClock is).
    HistoryStore(QString path, const util::Clock& clock, QObject* parent = nullptr);
    ~HistoryStore() override;
    HistoryStore(const HistoryStore&) = delete;
    HistoryStore& operator=(const HistoryStore&) = delete;

    QString path() const { return m_path; }

    // Opens the file (recovering from an unusable one, see PriceHistory::open). Requests made before it
    // answers are queued behind it; requests on a store that failed to open answer with its error.
    void open(QObject* context, Callback<OpenReport> done);
    // Stores the quotes not stored yet (identity: code + origin + created_at); `done` may be empty.
    void append(QList<api::Quote> quotes, QObject* context = nullptr, Callback<int> done = {});
    // from <= created_at <= to (an invalid bound is open), oldest first: the order a chart draws in.
    void query(const OriginFilter& origins, const QString& code, const QDateTime& from, const QDateTime& to,
        QObject* context, Callback<QList<api::Quote>> done);
    // PriceHistory::points on the worker: time and price only, oldest first.
    void points(const OriginFilter& origins, const QString& code, const QDateTime& from, const QDateTime& to,
        QObject* context, Callback<QList<util::SeriesPoint>> done);
    void latest(const OriginFilter& origins, const QString& code, QObject* context,
        Callback<std::optional<api::Quote>> done);
    void codes(const OriginFilter& origins, QObject* context, Callback<QStringList> done);
    // PriceHistory::appendQuarantined / quarantined, on the worker.
    void appendQuarantined(
        QList<QuarantineRecord> records, QObject* context = nullptr, Callback<int> done = {});
    void quarantined(const OriginFilter& origins, const QStringList& codes, int limit, QObject* context,
        Callback<QList<QuarantineRecord>> done);
    void storedOrigins(QObject* context, Callback<QList<api::Origin>> done);
    // Deletes what is older than `keep` (PriceHistory::applyRetention); `done` hears how many rows went.
    void applyRetention(std::chrono::days keep, QObject* context = nullptr, Callback<int> done = {});

private:
    // Runs `work` on the worker with the open history, or answers with the error that kept it closed.
    template <class T>
    void run(QObject* context, std::function<StorageResult<T>(PriceHistory&)> work, Callback<T> done);
    // Called on the worker: hands `result` to `done` on this store's thread if `context` still lives.
    template <class T> void reply(QPointer<QObject> context, Callback<T> done, StorageResult<T> result);

    QString m_path;
    const util::Clock& m_clock;
    QThread m_thread;
    QObject* m_worker = nullptr; // lives on m_thread; deleted after it finished
    // Touched only on the worker thread.
    std::unique_ptr<PriceHistory> m_history;
    std::optional<StorageError> m_openError;
};

} // namespace oilwatch::storage
