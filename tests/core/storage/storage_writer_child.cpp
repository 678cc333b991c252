// A writer for tst_crashsafety to kill: appends to a price history or a price cache in a loop and prints one
// line per row, only after the transaction holding it has committed, so every printed row must survive a
// SIGKILL at any instant.
//
//   storage_writer_child --history PATH --run R
//   storage_writer_child --cache PATH --run R
//
// Rows are named "R-i" (i counting from 0), so the rows of every run on the same file are distinct.

#include "cache/sqlitecache.h"
#include "storage/pricehistory.h"
#include "util/clock.h"
#include "util/utc.h"

#include <cstdio>

#include <QCommandLineParser>
#include <QCoreApplication>

using namespace oilwatch;

namespace {

constexpr int kRowsPerTransaction = 20;
const QDateTime kT0 = QDateTime::fromSecsSinceEpoch(1'767'225'600, oilwatch::util::utc());

void report(const QString& row)
{
    std::fputs(qPrintable(row + QLatin1Char('\n')), stdout);
    std::fflush(stdout);
}

int fail(const QString& message)
{
    std::fprintf(stderr, "storage_writer_child: %s\n", qPrintable(message));
    return 2;
}

int writeHistory(const QString& path, int run)
{
    storage::PriceHistory history(path, util::SystemClock::instance());
    const auto opened = history.open();
    if (!opened) {
        return fail(opened.error().message);
    }
    if (opened.value().warning) {
        return fail(opened.value().warning->message); // a killed writer must never leave an unusable file
    }
    for (qint64 i = 0;; i += kRowsPerTransaction) {
        QList<api::Quote> batch;
        for (qint64 k = i; k < i + kRowsPerTransaction; ++k) {
            api::Quote quote;
            quote.code = QStringLiteral("CHILD");
            quote.price = double(k);
            // Distinct per run and row: the run in whole days, the row in milliseconds.
            quote.createdAt = kT0.addDays(run).addMSecs(k);
            quote.source = QStringLiteral("%1-%2").arg(run).arg(k);
            batch.append(quote);
        }
        const auto added = history.append(batch);
        if (!added) {
            return fail(added.error().message);
        }
        for (const api::Quote& quote : batch) {
            report(quote.source);
        }
    }
}

int writeCache(const QString& path, int run)
{
    cache::SqliteCache cache(path, util::SystemClock::instance());
    const auto opened = cache.open();
    if (!opened) {
        return fail(opened.error().message);
    }
    if (opened.value().warning) {
        return fail(opened.value().warning->message);
    }
    const QByteArray body(2048, 'p'); // a few pages per batch, so that a kill can land inside a write
    for (qint64 i = 0;; ++i) {
        const QString key = QStringLiteral("%1-%2").arg(run).arg(i);
        cache.put(key, cache::CacheEntry::fetchedNow(util::SystemClock::instance(), body + key.toUtf8()));
        cache.flush();
        if (cache.persistStats().batchesFailed > 0) {
            return fail(cache.persistStats().lastError);
        }
        report(key);
    }
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    const QCommandLineOption historyOption(
        QStringLiteral("history"), QStringLiteral("history file"), QStringLiteral("path"));
    const QCommandLineOption cacheOption(
        QStringLiteral("cache"), QStringLiteral("cache file"), QStringLiteral("path"));
    const QCommandLineOption runOption(
        QStringLiteral("run"), QStringLiteral("run number"), QStringLiteral("n"));
    parser.addOptions({historyOption, cacheOption, runOption});
    parser.process(app);
    const int run = parser.value(runOption).toInt();
    if (parser.isSet(historyOption)) {
        return writeHistory(parser.value(historyOption), run);
    }
    if (parser.isSet(cacheOption)) {
        return writeCache(parser.value(cacheOption), run);
    }
    return fail(QStringLiteral("give --history PATH or --cache PATH"));
}
