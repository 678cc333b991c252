// The CSV writer's throughput and memory on a year of minute prices for ten codes (525,600 × 10 = 5,256,000
// rows of the long price format), next to a bare loop that writes the same bytes with no quoting, no
// neutralising and no typed cells: the floor any CSV writer pays for formatting and writing those rows.
//
//   bench_csv_export --mode writer|bare [--rows N] [--out FILE]
//
// One mode per process, so each has its own peak RSS. Prints one line of key=value pairs: rows, bytes,
// seconds, rows_per_sec, rss_kb_at_1m and rss_kb_at_5m (resident memory after 1 M and 5 M rows: flat memory
// means they are equal), peak_rss_kb (VmHWM). --out defaults to /dev/null, which measures the writer rather
// than the disk; a file is written through report::CsvFile (QSaveFile, committed at the end) in writer
// mode and through stdio in bare mode.
#include "report/csvfile.h"
#include "report/csvwriter.h"

#include <charconv>
#include <cstdio>
#include <cstring>
#include <ctime>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QTextStream>

namespace {

constexpr const char* kCodes[10] = {"BRENT_CRUDE_USD", "WTI_USD", "NATURAL_GAS_USD", "HEATING_OIL_USD",
    "GASOLINE_USD", "DIESEL_USD", "JET_FUEL_USD", "COAL_USD", "DUBAI_CRUDE_USD", "URALS_CRUDE_USD"};
constexpr qint64 kStartMs = 1'735'689'600'000; // 2025-01-01T00:00:00Z
constexpr qint64 kMinuteMs = 60'000;

// /proc/self/status: VmRSS (now) or VmHWM (peak), in kB.
long statusKb(const char* field)
{
    FILE* status = std::fopen("/proc/self/status", "r");
    if (!status)
        return -1;
    char line[256];
    long kb = -1;
    const std::size_t length = std::strlen(field);
    while (std::fgets(line, sizeof line, status)) {
        if (std::strncmp(line, field, length) == 0) {
            kb = std::strtol(line + length + 1, nullptr, 10);
            break;
        }
    }
    std::fclose(status);
    return kb;
}

// The same deterministic price walk for both modes: prices with two decimals around 40..120, some negative
// ones when a walk crosses zero is not needed here; every row is text the writer leaves unquoted.
struct Walk
{
    double prices[10];
    quint64 state = 88172645463325252ULL;
    Walk()
    {
        for (int i = 0; i < 10; ++i)
            prices[i] = 40.0 + 8.0 * i;
    }
    double next(int code)
    {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        const double step = double(int(state % 21) - 10) / 100.0;
        prices[code] = std::round((prices[code] + step) * 100.0) / 100.0;
        return prices[code];
    }
};

struct Result
{
    qint64 rows = 0;
    qint64 bytes = 0;
    double seconds = 0;
    long rssAt1M = -1;
    long rssAt5M = -1;
};

void sample(Result& result, qint64 row)
{
    if (row == 1'000'000)
        result.rssAt1M = statusKb("VmRSS:");
    else if (row == 5'000'000)
        result.rssAt5M = statusKb("VmRSS:");
}

Result runWriter(qint64 rows, const QString& out)
{
    Result result;
    std::unique_ptr<oilwatch::report::CsvFile> file;
    QFile devNull;
    std::unique_ptr<oilwatch::report::CsvWriter> own;
    oilwatch::report::CsvWriter* csv = nullptr;
    if (out == QLatin1String("/dev/null")) {
        devNull.setFileName(out);
        devNull.open(QIODevice::WriteOnly);
        own = std::make_unique<oilwatch::report::CsvWriter>(devNull);
        csv = own.get();
    } else {
        auto opened = oilwatch::report::CsvFile::open(out);
        if (auto* error = std::get_if<QString>(&opened)) {
            QTextStream(stderr) << *error << Qt::endl;
            std::exit(1);
        }
        file = std::move(std::get<std::unique_ptr<oilwatch::report::CsvFile>>(opened));
        csv = &file->writer();
    }
    QByteArray codes[10];
    for (int i = 0; i < 10; ++i)
        codes[i] = kCodes[i];
    Walk walk;
    QElapsedTimer timer;
    timer.start();
    csv->header({"timestamp", "code", "price", "currency", "unit", "origin", "source", "price_type"});
    for (qint64 row = 0; row < rows;) {
        const qint64 ms = kStartMs + (row / 10) * kMinuteMs;
        for (int c = 0; c < 10 && row < rows; ++c, ++row) {
            csv->timestampUtcMs(ms);
            csv->textUtf8(codes[c]);
            csv->number(walk.next(c));
            csv->textUtf8("USD");
            csv->textUtf8("barrel");
            csv->textUtf8("https://api.oilpriceapi.com");
            csv->textUtf8("oilpriceapi");
            csv->textUtf8("spot_price");
            csv->endRow();
            sample(result, row + 1);
        }
    }
    csv->flush();
    if (file && file->commit()) {
        QTextStream(stderr) << "commit failed" << Qt::endl;
        std::exit(1);
    }
    result.seconds = double(timer.nsecsElapsed()) / 1e9;
    result.rows = rows;
    result.bytes = out == QLatin1String("/dev/null") ? -1 : QFile(out).size();
    return result;
}

// No quoting decisions, no typed cells, no device: the row's pieces copied into a 64 KiB buffer that goes
// to stdio when full. The timestamp uses gmtime_r once per minute (ten rows share it), the price the same
// std::to_chars as the writer, so the difference is the writer's own cost.
Result runBare(qint64 rows, const QString& out)
{
    Result result;
    FILE* file = std::fopen(out.toLocal8Bit().constData(), "wb");
    if (!file)
        std::exit(1);
    std::vector<char> buffer;
    buffer.reserve(64 * 1024 + 512);
    auto append
        = [&](const char* text, std::size_t length) { buffer.insert(buffer.end(), text, text + length); };
    auto appendText = [&](const char* text) { append(text, std::strlen(text)); };
    Walk walk;
    QElapsedTimer timer;
    timer.start();
    appendText("timestamp,code,price,currency,unit,origin,source,price_type\r\n");
    char stamp[32];
    for (qint64 row = 0; row < rows;) {
        const qint64 ms = kStartMs + (row / 10) * kMinuteMs;
        const std::time_t seconds = std::time_t(ms / 1000);
        std::tm utc {};
        gmtime_r(&seconds, &utc);
        const int stampLength
            = std::snprintf(stamp, sizeof stamp, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, int(ms % 1000));
        for (int c = 0; c < 10 && row < rows; ++c, ++row) {
            append(stamp, std::size_t(stampLength));
            buffer.push_back(',');
            appendText(kCodes[c]);
            buffer.push_back(',');
            char digits[32];
            const auto end = std::to_chars(digits, digits + sizeof digits, walk.next(c)).ptr;
            append(digits, std::size_t(end - digits));
            appendText(",USD,barrel,https://api.oilpriceapi.com,oilpriceapi,spot_price\r\n");
            if (buffer.size() >= 64 * 1024) {
                std::fwrite(buffer.data(), 1, buffer.size(), file);
                buffer.clear();
            }
            sample(result, row + 1);
        }
    }
    std::fwrite(buffer.data(), 1, buffer.size(), file);
    std::fclose(file);
    result.seconds = double(timer.nsecsElapsed()) / 1e9;
    result.rows = rows;
    result.bytes = out == QLatin1String("/dev/null") ? -1 : QFile(out).size();
    return result;
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QString mode = QStringLiteral("writer");
    QString out = QStringLiteral("/dev/null");
    qint64 rows = 525'600LL * 10;
    const QStringList args = app.arguments();
    for (int i = 1; i + 1 < args.size(); i += 2) {
        if (args[i] == QLatin1String("--mode"))
            mode = args[i + 1];
        else if (args[i] == QLatin1String("--rows"))
            rows = args[i + 1].toLongLong();
        else if (args[i] == QLatin1String("--out"))
            out = args[i + 1];
    }
    const Result r = mode == QLatin1String("bare") ? runBare(rows, out) : runWriter(rows, out);
    std::printf(
        "mode=%s rows=%lld bytes=%lld seconds=%.3f rows_per_sec=%.0f rss_kb_at_1m=%ld rss_kb_at_5m=%ld "
        "peak_rss_kb=%ld\n",
        qPrintable(mode), static_cast<long long>(r.rows), static_cast<long long>(r.bytes), r.seconds,
        double(r.rows) / r.seconds, r.rssAt1M, r.rssAt5M, statusKb("VmHWM:"));
    return 0;
}
