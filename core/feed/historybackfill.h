#pragma once

#include "api/apierror.h"
#include "api/quote.h"
#include "storage/pricehistory.h"

#include <QList>
#include <QObject>
#include <QStringList>

namespace oilwatch::api {
class OilPriceApiClient;
}
namespace oilwatch::storage {
class HistoryStore;
}
namespace oilwatch::util {
class Clock;
}

namespace oilwatch::feed {

class QuoteGate;

// Fills the price history of codes seen for the first time from the API's past_week endpoint, then hands
// each code's stored series to whoever draws it.
//
// past_week, not past_year: the chart shows the recent trend, and a year of raw records is ~90 pages of 100
// per code (450 requests for the five default codes, more than a trial key's day) where a week is two.
// Codes are done one after another so a first start costs a short, steady trickle of requests, never a
// burst the limiter has to queue.
class HistoryBackfill final : public QObject
{
    Q_OBJECT
public:
    static constexpr api::HistoryWindow kWindow = api::HistoryWindow::PastWeek;
    // What historyReady carries: a little more than the chart's 15-minute window. A week of 2-second polls is
    // 300,000 rows a code; reading and handing them over only for the chart to drop all but the last 450
    // would cost seconds of disk and a pause on the GUI thread.
    static constexpr qint64 kSeriesSpanMs = 60LL * 60 * 1000;

    // The store must be open (or opening: its requests queue behind the open).
    HistoryBackfill(api::OilPriceApiClient& client, storage::HistoryStore& store, const util::Clock& clock,
        QObject* parent = nullptr);

    // For each code: backfill when nothing was stored at the moment of the call, then emit historyReady with
    // the stored week. "Nothing stored" is decided by one look at the store queued at once, before any quote
    // a feed started afterwards can append: a live price arriving first must not pass for history. Calling
    // it again while a run is going adds the codes to that run.
    void run(const QStringList& codes);
    // With a gate, every backfilled price is checked first (QuoteGate::checkHistorical): a suspect one is
    // quarantined, never stored or drawn. The gate must outlive the backfill.
    void setGate(QuoteGate* gate) { m_gate = gate; }
    bool isRunning() const { return m_snapshots > 0 || m_busy; }

Q_SIGNALS:
    // Stored quotes of the last kSeriesSpanMs, oldest first: what MainWindow::seedHistory takes.
    void historyReady(const QString& code, const QList<oilwatch::api::Quote>& quotesOldestFirst);
    // `stored`: how many records the backfill added (0 when the code had history already).
    void codeDone(const QString& code, int stored);
    // The API or the disk failed for this code; the others go on.
    void codeFailed(const QString& code, const QString& message);
    void finished();

private:
    struct Job
    {
        QString code;
        bool needsBackfill = false;
        QString storeError; // the store could not say what it holds
    };

    // The client's origin: another server's history is neither shown nor taken as a reason not to backfill.
    storage::OriginFilter origins() const;
    void next();
    void backfill(const QString& code);
    void publish(const QString& code, int stored);
    void fail(const QString& code, const QString& message);

    api::OilPriceApiClient& m_client;
    storage::HistoryStore& m_store;
    const util::Clock& m_clock;
    QuoteGate* m_gate = nullptr;
    QList<Job> m_queue;
    int m_snapshots = 0; // looks at the store asked for and not answered yet
    bool m_busy = false; // a job is in progress
};

} // namespace oilwatch::feed
