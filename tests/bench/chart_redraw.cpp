// How long the price chart takes to redraw a year of minute data for ten codes (~5.26 M points): with the
// chart's LTTB downsampling to the plot's pixel width, and, in the same process on the same data, handing
// every point to Qt Charts (the reference). A redraw is what a zoom, a pan, a preset or a new point costs:
// QtChartsPriceChart::redraw() (pick the points in view, downsample, replace the Qt Charts series, fit the
// axes) followed by painting the widget (grab(), so Qt Charts lays out and draws every line).
//
//   bench_chart_redraw [--codes N] [--days N] [--repeats N] [--full-repeats N] [--width PX] [--height PX]
//
// Prints, per case, the median and the slowest of the repeats, and the split between redraw() and paint.

#include "qtchartspricechart.h"
#include "util/lttb.h"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <vector>

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QtCharts/QChart>
#include <QtCharts/QLineSeries>

namespace {

using namespace oilwatch;

struct Sample
{
    double redrawMs = 0;
    double paintMs = 0;
    double cpuMs = 0; // the process's CPU time over both, every thread (the redraw may use two)
    double total() const { return redrawMs + paintMs; }
};

// CPU time of the process: on a shared machine the wall time also holds the time spent waiting for a core,
// which this does not.
double processCpuMs()
{
    timespec ts {};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

Sample timeOnce(ui::QtChartsPriceChart& chart)
{
    const double cpu0 = processCpuMs();
    QElapsedTimer timer;
    timer.start();
    chart.redraw();
    const qint64 redrawNs = timer.nsecsElapsed();
    const QPixmap picture = chart.grab();
    const qint64 totalNs = timer.nsecsElapsed();
    if (picture.isNull())
        qFatal("grab failed");
    return {double(redrawNs) / 1e6, double(totalNs - redrawNs) / 1e6, processCpuMs() - cpu0};
}

void report(const char* name, std::vector<Sample> samples, qsizetype drawn)
{
    std::sort(samples.begin(), samples.end(),
        [](const Sample& a, const Sample& b) { return a.total() < b.total(); });
    const Sample& median = samples[samples.size() / 2];
    std::vector<double> cpu;
    for (const Sample& sample : samples)
        cpu.push_back(sample.cpuMs);
    std::sort(cpu.begin(), cpu.end());
    std::printf("%-34s repeats %2zu  median %9.1f ms (redraw %8.1f + paint %8.1f)  fastest %9.1f ms  "
                "slowest %9.1f ms  median CPU %9.1f ms  points handed to Qt Charts %lld\n",
        name, samples.size(), median.total(), median.redrawMs, median.paintMs, samples.front().total(),
        samples.back().total(), cpu[cpu.size() / 2], static_cast<long long>(drawn));
    std::fflush(stdout);
}

qsizetype drawnPoints(ui::QtChartsPriceChart& chart, const QStringList& codes)
{
    qsizetype n = 0;
    for (const QString& code : codes) {
        for (QLineSeries* series : chart.segments(code))
            n += series->count();
    }
    return n;
}

} // namespace

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption codesOption("codes", "Series.", "N", "10");
    const QCommandLineOption daysOption("days", "Days of minute data per series.", "N", "365");
    const QCommandLineOption repeatsOption("repeats", "Timed redraws with LTTB.", "N", "20");
    const QCommandLineOption fullRepeatsOption("full-repeats", "Timed redraws of every point.", "N", "3");
    const QCommandLineOption widthOption("width", "Window width.", "PX", "1200");
    const QCommandLineOption heightOption("height", "Window height.", "PX", "500");
    parser.addOptions({codesOption, daysOption, repeatsOption, fullRepeatsOption, widthOption, heightOption});
    parser.process(app);
    const int codeCount = parser.value(codesOption).toInt();
    const int days = parser.value(daysOption).toInt();
    const int repeats = std::max(1, parser.value(repeatsOption).toInt());
    const int fullRepeats = std::max(0, parser.value(fullRepeatsOption).toInt());

    // A random walk per code, one point a minute, ending now; prices of different scale like the real codes.
    QRandomGenerator random(20261207);
    const qint64 minutes = qint64(days) * 24 * 60;
    const double end = double(QDateTime::currentMSecsSinceEpoch());
    const double start = end - double(minutes) * 60'000.0;
    ui::QtChartsPriceChart chart;
    chart.setWindow(std::chrono::days(days + 1));
    QStringList codes;
    qsizetype total = 0;
    for (int c = 0; c < codeCount; ++c) {
        const QString code = QStringLiteral("CODE_%1").arg(c);
        codes << code;
        QList<util::SeriesPoint> points;
        points.reserve(minutes);
        double price = 3.0 + 10.0 * c;
        for (qint64 i = 0; i < minutes; ++i) {
            price = std::max(0.01, price * (1.0 + (random.generateDouble() - 0.5) * 0.002));
            points.append({start + double(i) * 60'000.0, price});
        }
        total += points.size();
        chart.replaceSeries(code, points, {});
    }
    chart.resize(parser.value(widthOption).toInt(), parser.value(heightOption).toInt());
    chart.show();
    QApplication::processEvents();
    // The first redraw after loading also builds the chart's per-block candidates (one pass over every
    // point); later ones only extend them with new points.
    const Sample first = timeOnce(chart);
    std::printf("data:      %d codes x %lld minutes = %lld points; window %dx%d, plot %d px wide\n",
        codeCount, static_cast<long long>(minutes), static_cast<long long>(total), chart.width(),
        chart.height(), int(chart.chart()->plotArea().width()));

    report("first redraw after loading", {first}, drawnPoints(chart, codes));

    // LTTB alone, on one code's year, for the split.
    {
        std::vector<util::SeriesPoint> one;
        one.reserve(std::size_t(minutes));
        double price = 70.0;
        for (qint64 i = 0; i < minutes; ++i) {
            price *= 1.0 + (random.generateDouble() - 0.5) * 0.002;
            one.push_back({start + double(i) * 60'000.0, price});
        }
        std::vector<double> ms;
        for (int r = 0; r < repeats; ++r) {
            QElapsedTimer timer;
            timer.start();
            const auto picked = util::lttb(one, std::size_t(chart.chart()->plotArea().width()));
            ms.push_back(double(timer.nsecsElapsed()) / 1e6);
            if (picked.empty())
                return 1;
        }
        std::sort(ms.begin(), ms.end());
        std::printf("%-34s repeats %2d  median %9.2f ms  slowest %9.2f ms  (%lld points in)\n",
            "util::lttb, one code", repeats, ms[ms.size() / 2], ms.back(), static_cast<long long>(minutes));
    }

    std::vector<Sample> lttb;
    for (int r = 0; r < repeats; ++r)
        lttb.push_back(timeOnce(chart));
    report("year, LTTB to the plot width", lttb, drawnPoints(chart, codes));

    // Zoomed to the last week: fewer points in view, the same work per pixel.
    chart.zoomTo({qint64(end) - 7LL * 86'400'000, qint64(end)});
    std::vector<Sample> week;
    for (int r = 0; r < repeats; ++r)
        week.push_back(timeOnce(chart));
    report("zoomed to a week, LTTB", week, drawnPoints(chart, codes));
    chart.resetZoom();

    if (fullRepeats > 0) {
        chart.setDownsampling(false);
        std::vector<Sample> full;
        for (int r = 0; r < fullRepeats; ++r)
            full.push_back(timeOnce(chart));
        report("year, every point (reference)", full, drawnPoints(chart, codes));
    }
    return 0;
}
