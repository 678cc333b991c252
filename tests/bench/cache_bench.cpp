// Cache and history benchmark, in one run on one machine:
//  (a) a cache hit (MemoryCache, SqliteCache) against a full request to the in-process simulator over
//      loopback through the app's client (OilPriceApiClient on QnamTransport), median and p99 per operation;
//  (b) PriceHistory insert rate, one row per transaction and 1000 rows per transaction;
//  (c) the chart's widest window on a year of minute data for 10 codes (~5.26 M rows): the raw query of one
//      code over the year, and the downsampled one.
// Traffic goes to 127.0.0.1 only. The year file is kept in --data-dir and reused by the next run.

#include "api/oilpriceapiclient.h"
#include "cache/memorycache.h"
#include "cache/sqlitecache.h"
#include "sim/simserver.h"
#include "storage/pricehistory.h"
#include "transport/qnamtransport.h"
#include "util/clock.h"
#include "util/randomsource.h"
#include "util/utc.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <vector>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTimer>

namespace {

using namespace oilwatch;
using Steady = std::chrono::steady_clock;

// The bench's quotes carry no origin ("unknown"); the app reads one origin at a time, and so does the bench.
const storage::OriginFilter kOrigins = storage::OriginFilter::only(api::Origin::unknown());

constexpr int kYearCodes = 10;
constexpr qint64 kMinutesPerYear = 365LL * 24 * 60;
const QDateTime kYearStart
    = QDateTime::fromSecsSinceEpoch(1'735'689'600, oilwatch::util::utc()); // 2025-01-01T00:00:00Z

struct Options
{
    int cacheGets = 200'000;
    int requests = 2'000;
    int singleRowTransactions = 2'000;
    int thousandRowTransactions = 200;
    int queryRepeats = 5;
    int buckets = 1'000;
    QString dataDir;
};

double nsSince(Steady::time_point start)
{
    return double(std::chrono::duration_cast<std::chrono::nanoseconds>(Steady::now() - start).count());
}

double percentile(std::vector<double> samples, double p)
{
    if (samples.empty())
        return 0.0;
    std::sort(samples.begin(), samples.end());
    const auto index = size_t(p / 100.0 * double(samples.size() - 1) + 0.5);
    return samples[std::min(index, samples.size() - 1)];
}

void printLatency(const char* what, const std::vector<double>& ns)
{
    std::printf("%-44s n=%-7zu median %10.3f us   p99 %10.3f us\n", what, ns.size(),
        percentile(ns, 50) / 1000.0, percentile(ns, 99) / 1000.0);
}

// Each get timed on its own: the timer's own cost (measured the same way) is printed next to it.
std::vector<double> timeEach(int count, const std::function<void(int)>& operation)
{
    std::vector<double> ns;
    ns.reserve(size_t(count));
    for (int i = 0; i < count; ++i) {
        const Steady::time_point start = Steady::now();
        operation(i);
        ns.push_back(nsSince(start));
    }
    return ns;
}

QStringList cacheKeys()
{
    QStringList keys;
    for (int i = 0; i < kYearCodes; ++i)
        keys.append(QStringLiteral("latest:CODE_%1_USD").arg(i));
    return keys;
}

void fill(cache::PriceCache& cache, const util::Clock& clock, const QStringList& keys)
{
    // About the size of one /v1/prices/latest answer.
    const QByteArray body
        = QByteArray(R"({"status":"success","data":{"price":71.23,"formatted":"$71.23",)"
                     R"("currency":"USD","code":"WTI_USD","created_at":"2026-01-01T00:00:00Z",)"
                     R"("type":"spot_price","source":"oilpriceapi.sim"}})");
    for (const QString& key : keys)
        cache.put(key, cache::CacheEntry::fetchedNow(clock, body, clock.nowUtc(), "\"v1\""));
}

std::vector<double> timeGets(cache::PriceCache& cache, const QStringList& keys, int count)
{
    volatile qint64 sink = 0;
    auto ns = timeEach(count, [&](int i) { sink = sink + cache.get(keys.at(i % keys.size()))->body.size(); });
    return ns;
}

bool benchCacheVersusLoopback(const Options& options, const QString& dir)
{
    const util::Clock& clock = util::SystemClock::instance();
    const QStringList keys = cacheKeys();
    std::printf("\n== (a) cache hit vs loopback request\n");
    printLatency("timer alone (steady_clock::now twice)", timeEach(options.cacheGets, [](int) {}));

    cache::MemoryCache memory({}, clock);
    fill(memory, clock, keys);
    timeGets(memory, keys, options.cacheGets / 10); // warm-up
    printLatency("MemoryCache::get (hit)", timeGets(memory, keys, options.cacheGets));

    cache::SqliteCache sqlite(dir + QStringLiteral("/cache.db"), clock);
    const auto opened = sqlite.open();
    if (!opened) {
        std::fprintf(stderr, "cannot open the cache: %s\n", qPrintable(opened.error().message));
        return false;
    }
    fill(sqlite, clock, keys);
    sqlite.flush();
    timeGets(sqlite, keys, options.cacheGets / 10);
    printLatency("SqliteCache::get (hit)", timeGets(sqlite, keys, options.cacheGets));
    const auto putNs = timeEach(options.cacheGets / 10, [&](int i) {
        sqlite.put(keys.at(i % keys.size()), cache::CacheEntry::fetchedNow(clock, "body", clock.nowUtc()));
    });
    printLatency("SqliteCache::put (caller's side)", putNs);
    const Steady::time_point flushStart = Steady::now();
    sqlite.flush();
    std::printf("%-44s %.3f ms for %d queued puts, %lld batches written so far\n", "SqliteCache::flush",
        nsSince(flushStart) / 1e6, options.cacheGets / 10, sqlite.persistStats().batchesWritten);

    sim::SimServer server;
    QString error;
    if (!server.start(&error)) {
        std::fprintf(stderr, "cannot start the simulator: %s\n", qPrintable(error));
        return false;
    }
    transport::QnamTransport network;
    api::ClientConfig config;
    config.baseUrl = server.baseUrl();
    config.apiKey = server.apiKey();
    api::OilPriceApiClient client(config, network, clock);
    QObject context;
    int failures = 0;
    auto request = [&](int) {
        QEventLoop loop;
        client.latest(QStringLiteral("WTI_USD"), &context,
            [&](const api::Result<api::Quote>& result, const api::FetchInfo&) {
                if (!result.ok())
                    ++failures;
                loop.quit();
            });
        QTimer::singleShot(10'000, &loop, &QEventLoop::quit);
        loop.exec();
    };
    timeEach(50, request); // connection set-up and first-use costs out of the numbers
    failures = 0;
    printLatency("loopback GET /v1/prices/latest via client", timeEach(options.requests, request));
    std::printf("%-44s %d of %d\n", "loopback failures", failures, options.requests);
    return failures == 0;
}

api::Quote benchQuote(const QString& code, const QDateTime& at, double price)
{
    api::Quote quote;
    quote.code = code;
    quote.price = price;
    quote.currency = QStringLiteral("USD");
    quote.unit = QStringLiteral("barrel");
    quote.createdAt = at;
    quote.type = QStringLiteral("spot_price");
    quote.source = QStringLiteral("bench");
    quote.receivedAt = at.addSecs(1);
    return quote;
}

bool insertRate(const QString& path, int transactions, int rowsPerTransaction)
{
    storage::PriceHistory history(path, util::SystemClock::instance());
    if (!history.open()) {
        std::fprintf(stderr, "cannot open %s\n", qPrintable(path));
        return false;
    }
    std::vector<QList<api::Quote>> batches(static_cast<size_t>(transactions));
    qint64 row = 0;
    for (auto& batch : batches)
        for (int i = 0; i < rowsPerTransaction; ++i, ++row)
            batch.append(benchQuote(
                QStringLiteral("WTI_USD"), kYearStart.addSecs(row * 60), 70.0 + double(row % 100)));
    const Steady::time_point start = Steady::now();
    for (const auto& batch : batches) {
        const auto added = history.append(batch);
        if (!added || added.value() != rowsPerTransaction) {
            std::fprintf(stderr, "append failed\n");
            return false;
        }
    }
    const double seconds = nsSince(start) / 1e9;
    std::printf("insert, %4d row(s) per transaction: %8lld rows in %7.3f s = %10.0f rows/s (%.3f ms per "
                "transaction)\n",
        rowsPerTransaction, row, seconds, double(row) / seconds, seconds * 1000.0 / transactions);
    return true;
}

// Built in time order, 100 000 rows per transaction: a build cut short lacks the year's last minute.
bool yearIsComplete(const QString& path)
{
    if (!QFileInfo::exists(path))
        return false;
    storage::PriceHistory history(path, util::SystemClock::instance());
    const auto opened = history.open();
    if (!opened || opened.value().warning)
        return false;
    for (int c = 0; c < kYearCodes; ++c) {
        const auto latest = history.latest(kOrigins, QStringLiteral("CODE_%1_USD").arg(c));
        if (!latest || !latest.value()
            || latest.value()->createdAt != kYearStart.addSecs((kMinutesPerYear - 1) * 60))
            return false;
    }
    return true;
}

bool buildYear(const QString& path)
{
    if (yearIsComplete(path)) {
        std::printf("reusing %s (%.0f MiB)\n", qPrintable(path), double(QFileInfo(path).size()) / (1 << 20));
        return true;
    }
    for (const QString& suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
        QFile::remove(path + suffix); // our own half-built bench file
    storage::PriceHistory history(path, util::SystemClock::instance());
    if (!history.open()) {
        std::fprintf(stderr, "cannot create %s\n", qPrintable(path));
        return false;
    }
    util::SeededRandom random(7);
    std::vector<double> prices(kYearCodes, 70.0);
    constexpr qint64 kMinutesPerTransaction = 10'000; // 100 000 rows per transaction
    const Steady::time_point start = Steady::now();
    for (qint64 minute = 0; minute < kMinutesPerYear; minute += kMinutesPerTransaction) {
        QList<api::Quote> batch;
        const qint64 end = std::min(kMinutesPerYear, minute + kMinutesPerTransaction);
        batch.reserve(int((end - minute) * kYearCodes));
        for (qint64 m = minute; m < end; ++m) {
            const QDateTime at = kYearStart.addSecs(m * 60);
            for (int c = 0; c < kYearCodes; ++c) {
                prices[size_t(c)] = std::max(1.0, prices[size_t(c)] + random.uniform(-0.05, 0.05));
                batch.append(benchQuote(QStringLiteral("CODE_%1_USD").arg(c), at, prices[size_t(c)]));
            }
        }
        if (!history.append(batch)) {
            std::fprintf(stderr, "append failed while building the year\n");
            return false;
        }
    }
    const double seconds = nsSince(start) / 1e9;
    const qint64 rows = kMinutesPerYear * kYearCodes;
    std::printf("built %s: %lld rows in %.1f s = %.0f rows/s (100 000 rows per transaction)\n",
        qPrintable(path), rows, seconds, double(rows) / seconds);
    return true;
}

bool benchYear(const Options& options)
{
    std::printf("\n== (c) a year of minute data, 10 codes\n");
    const QString path = options.dataDir + QStringLiteral("/history-year-10codes.db");
    if (!QDir().mkpath(options.dataDir) || !buildYear(path))
        return false;
    std::printf("file size: %.0f MiB\n", double(QFileInfo(path).size()) / (1 << 20));

    storage::PriceHistory history(path, util::SystemClock::instance());
    Steady::time_point start = Steady::now();
    const auto opened = history.open();
    if (!opened) {
        std::fprintf(stderr, "cannot open %s\n", qPrintable(path));
        return false;
    }
    std::printf("%-44s %.1f ms (integrity_check of the whole file included)\n", "PriceHistory::open",
        nsSince(start) / 1e6);

    const QString code = QStringLiteral("CODE_3_USD");
    const QDateTime from = kYearStart;
    const QDateTime to = kYearStart.addSecs((kMinutesPerYear - 1) * 60);
    std::vector<double> rawMs;
    std::vector<double> sampledMs;
    qsizetype rawRows = 0;
    qsizetype buckets = 0;
    for (int i = 0; i < options.queryRepeats; ++i) {
        start = Steady::now();
        const auto raw = history.query(kOrigins, code, from, to, 0, storage::Order::OldestFirst);
        rawMs.push_back(nsSince(start) / 1e6);
        rawRows = raw ? raw.value().size() : -1;
        start = Steady::now();
        const auto sampled = history.downsample(kOrigins, code, from, to, options.buckets);
        sampledMs.push_back(nsSince(start) / 1e6);
        buckets = sampled ? sampled.value().size() : -1;
    }
    std::printf("%-44s %lld rows: median %8.1f ms, min %8.1f ms, max %8.1f ms (%d runs)\n",
        "query, one code, one year (raw)", qlonglong(rawRows), percentile(rawMs, 50), percentile(rawMs, 0),
        percentile(rawMs, 100), options.queryRepeats);
    std::printf("%-44s %lld buckets: median %8.1f ms, min %8.1f ms, max %8.1f ms (%d runs)\n",
        "downsample, one code, one year", qlonglong(buckets), percentile(sampledMs, 50),
        percentile(sampledMs, 0), percentile(sampledMs, 100), options.queryRepeats);
    return rawRows == kMinutesPerYear && buckets == options.buckets;
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Cache hit vs loopback request, history insert rate, year query."));
    parser.addHelpOption();
    const QCommandLineOption dataDirOption(QStringLiteral("data-dir"),
        QStringLiteral("where the year file is built and kept"), QStringLiteral("dir"),
        QDir::tempPath() + QStringLiteral("/oilwatch-bench"));
    const QCommandLineOption requestsOption(QStringLiteral("requests"), QStringLiteral("loopback requests"),
        QStringLiteral("n"), QStringLiteral("2000"));
    const QCommandLineOption skipYearOption(QStringLiteral("skip-year"), QStringLiteral("skip (c)"));
    parser.addOptions({dataDirOption, requestsOption, skipYearOption});
    parser.process(app);

    Options options;
    options.dataDir = parser.value(dataDirOption);
    options.requests = parser.value(requestsOption).toInt();

    QTemporaryDir scratch;
    if (!scratch.isValid()) {
        std::fprintf(stderr, "no temporary folder\n");
        return 1;
    }
    bool ok = benchCacheVersusLoopback(options, scratch.path());

    std::printf("\n== (b) PriceHistory insert rate (WAL, synchronous=NORMAL)\n");
    ok = insertRate(scratch.filePath(QStringLiteral("insert-1.db")), options.singleRowTransactions, 1) && ok;
    ok = insertRate(scratch.filePath(QStringLiteral("insert-1000.db")), options.thousandRowTransactions, 1000)
        && ok;

    if (!parser.isSet(skipYearOption))
        ok = benchYear(options) && ok;
    return ok ? 0 : 1;
}
