// The cost of the latency histogram: record() per value, merge() per histogram, and the percentile queries
// the reports make. Each measurement is repeated and the median and the best run are printed, because a
// shared machine adds noise in one direction only. Where the OS has a per-thread CPU clock the times are
// CPU time, so that other processes taking the core do not count; wall time is printed beside it.

#include "bench/latencyhistogram.h"
#include "util/randomsource.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>
#include <vector>

#if defined(__unix__) || defined(__APPLE__)
#include <time.h>
#endif

#include <QCommandLineParser>
#include <QCoreApplication>

namespace {

using namespace oilwatch;
using Clock = std::chrono::steady_clock;

// Nanoseconds of CPU time this thread has used; the wall clock where there is no such clock.
double threadCpuNs()
{
#if defined(CLOCK_THREAD_CPUTIME_ID)
    timespec now {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return double(now.tv_sec) * 1e9 + double(now.tv_nsec);
#else
    return std::chrono::duration<double, std::nano>(Clock::now().time_since_epoch()).count();
#endif
}

// Log-normal around 2 ms (sigma 1): the shape of real latencies, mostly in the histogram's first buckets.
std::vector<qint64> logNormal(std::size_t n, util::RandomSource& random)
{
    constexpr double kPi = 3.14159265358979323846;
    std::vector<qint64> out(n);
    for (qint64& v : out) {
        const double normal
            = std::sqrt(-2.0 * std::log(1.0 - random.uniform01())) * std::cos(2.0 * kPi * random.uniform01());
        v = std::max<qint64>(1, std::llround(std::exp(std::log(2000.0) + normal)));
    }
    return out;
}

// Uniform over 1 µs .. 60 s: every bucket, the worst case for the caches.
std::vector<qint64> uniform(std::size_t n, util::RandomSource& random)
{
    std::vector<qint64> out(n);
    for (qint64& v : out)
        v = 1 + qint64(random.uniform01() * 59'999'999.0);
    return out;
}

struct Timing
{
    double median = 0; // CPU time
    double best = 0; // CPU time
    double wallMedian = 0;
};

// Runs `body` `repeats` times; returns nanoseconds per `units`.
Timing measure(int repeats, double units, const std::function<void()>& body)
{
    std::vector<double> cpu;
    std::vector<double> wall;
    for (int r = 0; r < repeats; ++r) {
        const auto wallStart = Clock::now();
        const double cpuStart = threadCpuNs();
        body();
        cpu.push_back((threadCpuNs() - cpuStart) / units);
        wall.push_back(std::chrono::duration<double, std::nano>(Clock::now() - wallStart).count() / units);
    }
    std::sort(cpu.begin(), cpu.end());
    std::sort(wall.begin(), wall.end());
    return {cpu[cpu.size() / 2], cpu.front(), wall[wall.size() / 2]};
}

void print(const char* what, const Timing& t, const char* unit)
{
    std::printf("%-42s median %9.2f  best %9.2f  (wall median %9.2f)  %s\n", what, t.median, t.best,
        t.wallMedian, unit);
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Measures the latency histogram's costs."));
    parser.addHelpOption();
    const QCommandLineOption valuesOption(QStringLiteral("values"),
        QStringLiteral("Values recorded per run (default 50000000)."), QStringLiteral("n"),
        QStringLiteral("50000000"));
    const QCommandLineOption repeatsOption(QStringLiteral("repeats"),
        QStringLiteral("Runs per measurement (default 7)."), QStringLiteral("n"), QStringLiteral("7"));
    parser.addOptions({valuesOption, repeatsOption});
    parser.process(app);
    const qint64 values = std::max<qint64>(1, parser.value(valuesOption).toLongLong());
    const int repeats = std::max(1, parser.value(repeatsOption).toInt());

    util::SeededRandom random(20261127);
    constexpr std::size_t kPool = 1 << 20; // 8 MiB of values, cycled: generating them is not what we time
    const std::vector<qint64> lognormalPool = logNormal(kPool, random);
    const std::vector<qint64> uniformPool = uniform(kPool, random);

    bench::LatencyHistogram sink;
    const auto recordAll = [&](const std::vector<qint64>& pool) {
        return [&sink, &pool, values] {
            sink.reset();
            for (qint64 i = 0; i < values; ++i)
                sink.record(pool[std::size_t(i) & (kPool - 1)]);
        };
    };
    std::printf("histogram: 1 us .. 60 s, 3 digits, %lld bytes of counts\n",
        static_cast<long long>(sink.footprintBytes()));
    std::printf("values per run: %lld, runs: %d\n\n", static_cast<long long>(values), repeats);

    print(
        "record(), log-normal ~2 ms", measure(repeats, double(values), recordAll(lognormalPool)), "ns/value");
    print("record(), uniform 1 us .. 60 s", measure(repeats, double(values), recordAll(uniformPool)),
        "ns/value");
    // The loop alone, so the record() cost can be read net of it.
    volatile qint64 checksum = 0;
    print("baseline: the same loop, summing instead",
        measure(repeats, double(values),
            [&] {
                qint64 sum = 0;
                for (qint64 i = 0; i < values; ++i)
                    sum += lognormalPool[std::size_t(i) & (kPool - 1)];
                checksum = checksum + sum;
            }),
        "ns/value");

    bench::LatencyHistogram full;
    for (qint64 v : uniformPool)
        full.record(v);
    bench::LatencyHistogram target;
    constexpr int kMerges = 2000;
    print("merge() of two full histograms",
        measure(repeats, kMerges * 1000.0,
            [&] {
                for (int i = 0; i < kMerges; ++i)
                    target.merge(full);
            }),
        "us/merge");

    // Queries are slower than a record by far: fewer calls per run, reported per call.
    const auto perCall = [&](const char* what, int calls, const std::function<qint64()>& query) {
        print(what,
            measure(repeats, calls * 1000.0,
                [&] {
                    qint64 sum = 0;
                    for (int i = 0; i < calls; ++i)
                        sum += query();
                    checksum = checksum + sum;
                }),
            "us/call");
    };
    perCall("valueAtPercentile(99.9)", 2000, [&] { return full.valueAtPercentile(99.9); });
    perCall("percentileDistribution(5)", 200, [&] { return full.percentileDistribution(5).size(); });
    perCall("linearBins(100)", 200, [&] { return full.linearBins(100).size(); });

    // What the histogram saves: keeping every value and sorting them for the percentiles.
    const std::size_t exactValues = std::size_t(std::min<qint64>(values, 10'000'000));
    print("for contrast: vector push_back + sort",
        measure(repeats, double(exactValues),
            [&] {
                std::vector<qint64> all;
                for (std::size_t i = 0; i < exactValues; ++i)
                    all.push_back(lognormalPool[i & (kPool - 1)]);
                std::sort(all.begin(), all.end());
                checksum = checksum + all[all.size() * 999 / 1000];
            }),
        "ns/value");
    std::printf("\n(checksum %lld, recorded %lld)\n", static_cast<long long>(checksum),
        static_cast<long long>(sink.count()));
    return 0;
}
