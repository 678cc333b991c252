#pragma once

#include "api/quote.h"
#include "report/csvwriter.h"
#include "report/priceexport.h"

#include <atomic>
#include <memory>

#include <QDate>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QThread>

namespace oilwatch::api {
class OilPriceApiClient;
}
namespace oilwatch::feed {
class QuoteGate;
}
namespace oilwatch::storage {
class HistoryStore;
}
namespace oilwatch::util {
class Clock;
}

namespace oilwatch::report {

// What a price export reads from and fills gaps through. Everything but historyPath and clock may be null:
// without a client (or a store to put its answers in) nothing is backfilled.
struct PriceSources
{
    QString historyPath; // the history file the app keeps (HistoryStore::path())
    const util::Clock* clock = nullptr; // safe to read from another thread (SystemClock is)
    storage::HistoryStore* store = nullptr; // the app's store: backfilled prices are appended through it
    api::OilPriceApiClient* client = nullptr; // the app's client: its pipeline, its origin
    feed::QuoteGate* gate
        = nullptr; // backfilled prices pass QuoteGate::checkHistorical, as in HistoryBackfill
};

// One price export from start to a committed file, without ever blocking the thread that runs it (the GUI
// thread, or the CLI's event loop):
// 1. find the gaps (on a worker thread): the UTC days of the range, within the past year, on which the
//    store holds no price of a code from the client's origin;
// 2. backfill them (on this thread, asynchronous): one history request per code with gaps, from its first
//    missing day to its last, on the smallest past_* window (day, week, month, year) that reaches back to
//    its first missing day; every price passes the gate, then goes into the store; a failure is a warning,
//    the export goes on with what is stored;
// 3. write (on a worker thread): writePrices into a CsvFile, committed only when complete.
// Only a request with a `from` is backfilled: an open range means "what is stored". cancel() stops at the
// next slice and leaves no file. Destroying the job cancels it and waits for its worker.
class PriceExportJob final : public QObject
{
    Q_OBJECT
public:
    enum class Stage
    {
        FindingGaps,
        Backfilling,
        Writing,
    };
    Q_ENUM(Stage)

    PriceExportJob(PriceExportRequest request, QString outPath, CsvWriter::Options options,
        PriceSources sources, QObject* parent = nullptr);
    ~PriceExportJob() override;

    // Starts; finished() follows exactly once (also after cancel()).
    void start();
    void cancel();
    bool isRunning() const { return m_running; }
    void setBackfillEnabled(bool enabled) { m_backfillEnabled = enabled; }

    // The past_* window a backfill from `first` uses on `today`: the smallest that reaches back to it (each
    // window ends now: past_day cannot answer for the day before yesterday, whatever start_date says).
    static api::HistoryWindow windowFor(const QDate& first, const QDate& today);

Q_SIGNALS:
    void stageChanged(oilwatch::report::PriceExportJob::Stage stage);
    // While writing: data rows so far and the part of the range done (0..1).
    void progress(qint64 rows, double fraction);
    void backfilled(const QString& code, int stored);
    // Something went wrong that did not stop the export (a backfill that failed).
    void warning(const QString& message);
    // `outcome.error` empty and not cancelled: the file is in place, complete.
    void finished(const oilwatch::report::ExportOutcome& outcome);

private:
    struct Gap
    {
        QString code;
        QDate first;
        QDate last;
    };

    bool backfillApplies() const;
    void findGaps();
    void backfillNext();
    void write();
    void finish(ExportOutcome outcome);
    template <typename Work> void onWorker(Work work);

    PriceExportRequest m_request;
    QString m_outPath;
    CsvWriter::Options m_options;
    PriceSources m_sources;
    bool m_backfillEnabled = true;
    bool m_running = false;
    std::shared_ptr<std::atomic<bool>> m_cancelled = std::make_shared<std::atomic<bool>>(false);
    std::unique_ptr<QThread> m_worker;
    QList<Gap> m_gaps;
};

} // namespace oilwatch::report
