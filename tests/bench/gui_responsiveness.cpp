// Window responsiveness during a benchmark run: the real Benchmark panel, shown, runs the built-in simulator
// at the highest rate the engines reach, while a probe measures how late the GUI thread serves
//  - a 10 ms precise timer (each tick's lateness over its due time), and
//  - an event posted every 10 ms from another thread, the way input arrives (from posting to handling).
// Phases, in one process: the idle window (the reference), a raw closed-model run, the same with the
// pipeline engine, and an open-model run near the raw engine's maximum rate. Each run goes twice: as the
// panel runs it, its load threads and simulator below the window's priority ("low"), then at the window's
// own priority ("same", as before that change). Each run phase also counts the progress signals and the
// live chart's redraws (at most 4 a second each), prints the rate reached, and the GUI thread's CPU time,
// its time waiting for a core and how often it was preempted.

#include "bench/benchconfig.h"
#include "bench/benchrun.h"
#include "bench/latencyhistogram.h"
#include "benchlivechart.h"
#include "benchpanel.h"
#include "benchrunlistmodel.h"
#include "benchsettingsform.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <sys/resource.h>
#include <thread>

#include <QApplication>
#include <QChart>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QEvent>
#include <QEventLoop>
#include <QFile>
#include <QPushButton>
#include <QTimer>
#include <QXYSeries>

namespace {

using namespace oilwatch;
using bench::BenchConfig;
using bench::LatencyHistogram;

constexpr int kAfterListedMs = 500;
constexpr qint64 kStallUs = 20'000;

qint64 steadyUs()
{
    return std::chrono::duration_cast<std::chrono::microseconds>(
        std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

// What the calling thread has used so far: CPU time, how long it waited for a CPU while it could have run,
// and how often the kernel took the CPU away from it (involuntary context switches). A late GUI thread that
// used little CPU but waited long was starved by other threads, not slowed by its own work.
struct ThreadUsage
{
    qint64 cpuUs = 0;
    qint64 runQueueUs = -1; // -1: unknown (no /proc/thread-self/schedstat)
    qint64 preemptions = 0;

    static ThreadUsage now()
    {
        rusage usage {};
        getrusage(RUSAGE_THREAD, &usage);
        const auto us = [](const timeval& t) { return qint64(t.tv_sec) * 1'000'000 + t.tv_usec; };
        ThreadUsage result {us(usage.ru_utime) + us(usage.ru_stime), -1, qint64(usage.ru_nivcsw)};
        // "time on the CPU, time waiting on a run queue (both ns), time slices"
        QFile schedstat(QStringLiteral("/proc/thread-self/schedstat"));
        if (schedstat.open(QIODevice::ReadOnly)) {
            const QList<QByteArray> fields = schedstat.readAll().split(' ');
            if (fields.size() >= 2)
                result.runQueueUs = fields[1].trimmed().toLongLong() / 1000;
        }
        return result;
    }

    ThreadUsage since(const ThreadUsage& earlier) const
    {
        return {cpuUs - earlier.cpuUs,
            runQueueUs >= 0 && earlier.runQueueUs >= 0 ? runQueueUs - earlier.runQueueUs : -1,
            preemptions - earlier.preemptions};
    }
};

// An event stamped with the moment another thread posted it.
class StampedEvent final : public QEvent
{
public:
    static QEvent::Type kind()
    {
        static const auto type = QEvent::Type(QEvent::registerEventType());
        return type;
    }
    explicit StampedEvent(qint64 postedUs)
        : QEvent(kind())
        , m_postedUs(postedUs)
    { }
    qint64 postedUs() const { return m_postedUs; }

private:
    qint64 m_postedUs;
};

// Lives on the GUI thread and records how late that thread serves a timer and events posted from outside.
// Records only between begin() and end(), so the phases do not mix.
class ResponsivenessProbe final : public QObject
{
public:
    explicit ResponsivenessProbe(std::chrono::milliseconds interval)
        : m_interval(interval)
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setSingleShot(true);
        connect(&m_timer, &QTimer::timeout, this, &ResponsivenessProbe::onTick);
        armTimer();
        m_poster = std::thread([this] { postLoop(); });
    }

    ~ResponsivenessProbe() override
    {
        m_stopPosting = true;
        m_poster.join();
        QCoreApplication::removePostedEvents(this);
    }

    void begin()
    {
        m_timerLag.reset();
        m_eventLatency.reset();
        m_stalls.clear();
        m_beginUs = steadyUs();
        m_usageAtBegin = ThreadUsage::now();
        m_recording = true;
    }
    void end()
    {
        m_recording = false;
        m_usage = ThreadUsage::now().since(m_usageAtBegin);
    }
    // The GUI thread's use between begin() and end().
    const ThreadUsage& usage() const { return m_usage; }

    const LatencyHistogram& timerLag() const { return m_timerLag; }
    const LatencyHistogram& eventLatency() const { return m_eventLatency; }
    // Ticks later than kStallUs: when (ms after begin()) and by how much (ms), to find their cause.
    const QList<QPointF>& stalls() const { return m_stalls; }
    double msSinceBegin() const { return double(steadyUs() - m_beginUs) / 1000.0; }

protected:
    bool event(QEvent* e) override
    {
        if (e->type() != StampedEvent::kind())
            return QObject::event(e);
        if (m_recording)
            m_eventLatency.record(steadyUs() - static_cast<StampedEvent*>(e)->postedUs());
        return true;
    }

private:
    void armTimer()
    {
        m_dueUs = steadyUs() + std::chrono::microseconds(m_interval).count();
        m_timer.start(m_interval);
    }

    void onTick()
    {
        // A precise timer may fire up to a millisecond early; early counts as on time.
        const qint64 now = steadyUs();
        const qint64 lag = std::max<qint64>(0, now - m_dueUs);
        if (m_recording) {
            m_timerLag.record(lag);
            if (lag > kStallUs)
                m_stalls.append(QPointF(double(m_dueUs - m_beginUs) / 1000.0, double(lag) / 1000.0));
        }
        armTimer();
    }

    // The sender keeps its own schedule, so a stalled GUI thread finds several events waiting: each is
    // measured from when it was posted, as a user's key presses would be.
    void postLoop()
    {
        auto next = std::chrono::steady_clock::now();
        while (!m_stopPosting) {
            next += m_interval;
            std::this_thread::sleep_until(next);
            QCoreApplication::postEvent(this, new StampedEvent(steadyUs()));
        }
    }

    std::chrono::milliseconds m_interval;
    QTimer m_timer;
    qint64 m_dueUs = 0;
    bool m_recording = false;
    qint64 m_beginUs = 0;
    ThreadUsage m_usageAtBegin;
    ThreadUsage m_usage;
    QList<QPointF> m_stalls;
    LatencyHistogram m_timerLag;
    LatencyHistogram m_eventLatency;
    std::thread m_poster;
    std::atomic<bool> m_stopPosting {false};
};

struct PhaseResult
{
    QString name;
    LatencyHistogram timerLag;
    LatencyHistogram eventLatency;
    double seconds = 0.0; // wall time the probe recorded
    ThreadUsage gui; // the GUI thread's CPU time and preemptions in that time
    double requestsPerSec = -1.0; // -1: no run
    int progressSignals = 0;
    int chartRedraws = 0;
    QString error;
    // For --stalls: the probe's late ticks and when the run's milestones were handled (ms after the click).
    QList<QPointF> stalls;
    QList<std::pair<QString, double>> milestones;
};

void waitFor(std::chrono::milliseconds duration)
{
    QEventLoop loop;
    QTimer::singleShot(duration, &loop, &QEventLoop::quit);
    loop.exec();
}

PhaseResult idlePhase(ResponsivenessProbe& probe, std::chrono::milliseconds duration)
{
    PhaseResult phase;
    phase.name = QStringLiteral("idle window");
    QElapsedTimer wall;
    wall.start();
    probe.begin();
    waitFor(duration);
    probe.end();
    phase.seconds = double(wall.elapsed()) / 1000.0;
    phase.timerLag = probe.timerLag();
    phase.eventLatency = probe.eventLatency();
    phase.gui = probe.usage();
    return phase;
}

// Starts `config` with the panel's Start button and records from the click until half a second after the
// panel listed the finished run (its summary, spectrum and histogram drawn): all of it is what the user waits
// through.
PhaseResult runPhase(ui::BenchPanel& panel, ResponsivenessProbe& probe, const QString& name,
    const BenchConfig& config, QXYSeries* chartSeries)
{
    PhaseResult phase;
    phase.name = name;
    panel.settingsForm()->setConfig(config);
    if (!panel.startButton()->isEnabled()) {
        phase.error = QStringLiteral("the panel does not accept the config: ")
            + panel.settingsForm()->validationMessage().value_or(QString());
        return phase;
    }
    const int rowsBefore = panel.runs()->rowCount();

    QEventLoop loop;
    QMetaObject::Connection redraws = QObject::connect(
        chartSeries, &QXYSeries::pointsReplaced, &loop, [&phase] { ++phase.chartRedraws; });
    // The finished run's charts are drawn after it is listed: keep measuring a little longer.
    QObject::connect(panel.runs(), &QAbstractItemModel::rowsInserted, &loop, [&loop, &phase, &probe] {
        phase.milestones.append({QStringLiteral("run listed"), probe.msSinceBegin()});
        QTimer::singleShot(kAfterListedMs, &loop, &QEventLoop::quit);
    });
    // A run that never finishes must not hang the benchmark.
    const auto limit
        = config.duration.value_or(std::chrono::seconds(60)) + config.warmup + std::chrono::seconds(60);
    QTimer::singleShot(limit, &loop, [&loop, &phase] {
        phase.error = QStringLiteral("the run did not finish in time");
        loop.quit();
    });

    QElapsedTimer wall;
    wall.start();
    probe.begin();
    panel.startButton()->click();
    phase.milestones.append({QStringLiteral("start handled"), probe.msSinceBegin()});
    auto* run = panel.findChild<bench::BenchRun*>();
    if (!run) {
        probe.end();
        phase.error = QStringLiteral("Start made no run: ") + panel.statusText();
        return phase;
    }
    QObject::connect(run, &bench::BenchRun::progress, &loop, [&phase] { ++phase.progressSignals; });
    QObject::connect(run, &bench::BenchRun::finished, &loop, [&phase, &probe](const bench::BenchResult& r) {
        phase.requestsPerSec = r.throughputPerSec();
        phase.milestones.append({QStringLiteral("panel handled finished"), probe.msSinceBegin()});
    });
    QObject::connect(run, &bench::BenchRun::failed, &loop, [&phase, &loop](const QString& message) {
        phase.error = QStringLiteral("the run failed: ") + message;
        loop.quit();
    });
    loop.exec();
    probe.end();
    QObject::disconnect(redraws);
    phase.seconds = double(wall.elapsed()) / 1000.0;
    phase.timerLag = probe.timerLag();
    phase.eventLatency = probe.eventLatency();
    phase.gui = probe.usage();
    phase.stalls = probe.stalls();
    if (phase.error.isEmpty() && panel.runs()->rowCount() != rowsBefore + 1)
        phase.error = QStringLiteral("the run was not listed");
    return phase;
}

double ms(qint64 us)
{
    return double(us) / 1000.0;
}

void printPhase(const PhaseResult& p)
{
    if (!p.error.isEmpty()) {
        std::printf("%-30s ERROR: %s\n", qPrintable(p.name), qPrintable(p.error));
        return;
    }
    const LatencyHistogram& t = p.timerLag;
    const LatencyHistogram& e = p.eventLatency;
    std::printf("%-30s %5.1f | %5.2f %6.2f %7.2f | %5.2f %6.2f %7.2f |", qPrintable(p.name), p.seconds,
        ms(t.valueAtPercentile(50)), ms(t.valueAtPercentile(99)), ms(t.maxUs()), ms(e.valueAtPercentile(50)),
        ms(e.valueAtPercentile(99)), ms(e.maxUs()));
    if (p.requestsPerSec < 0)
        std::printf(" %7s %5s %5s |", "-", "-", "-");
    else
        std::printf(" %7.0f %5.2f %5.2f |", p.requestsPerSec, p.progressSignals / p.seconds,
            p.chartRedraws / p.seconds);
    const auto percentOfWall = [&p](qint64 us) { return 100.0 * ms(us) / 1000.0 / p.seconds; };
    std::printf(" %5.1f %5.1f %7.1f\n", percentOfWall(p.gui.cpuUs),
        p.gui.runQueueUs >= 0 ? percentOfWall(p.gui.runQueueUs) : -1.0,
        double(p.gui.preemptions) / p.seconds);
}

void printStalls(const PhaseResult& p)
{
    QString line;
    for (const auto& [what, atMs] : p.milestones)
        line += QStringLiteral("  %1 at %2 ms;").arg(what).arg(atMs, 0, 'f', 1);
    std::printf("    milestones:%s\n", qPrintable(line));
    line.clear();
    for (const QPointF& stall : p.stalls)
        line += QStringLiteral(" %1+%2").arg(stall.x(), 0, 'f', 0).arg(stall.y(), 0, 'f', 0);
    std::printf("    ticks late by more than %lld ms (due at ms + late by ms):%s\n",
        static_cast<long long>(kStallUs / 1000), qPrintable(line));
}

void printHeader()
{
    std::printf("%-30s %5s | %-20s | %-20s | %-19s | %s\n", "", "", "10 ms timer lag (ms)",
        "posted event (ms)", "run: per second", "GUI thread");
    std::printf("%-30s %5s | %5s %6s %7s | %5s %6s %7s | %7s %5s %5s | %5s %5s %7s\n", "phase", "s", "p50",
        "p99", "max", "p50", "p99", "max", "req", "prog", "chart", "cpu %", "wait%", "preempt");
}

} // namespace

int main(int argc, char** argv)
{
    // Offscreen unless told otherwise (e.g. QT_QPA_PLATFORM=xcb under xvfb-run): it still paints every
    // widget into a backing store, as a real window would.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("GUI thread responsiveness during a benchmark run"));
    parser.addHelpOption();
    const QCommandLineOption secondsOption(QStringLiteral("seconds"),
        QStringLiteral("Length of each phase (default 10)."), QStringLiteral("s"), QStringLiteral("10"));
    const QCommandLineOption concurrencyOption(QStringLiteral("concurrency"),
        QStringLiteral("Closed-model workers, and the open model's most in flight (default 64)."),
        QStringLiteral("n"), QStringLiteral("64"));
    const QCommandLineOption openShareOption(QStringLiteral("open-share"),
        QStringLiteral("The open-model rate as a share of the raw run's rate; 0 skips it (default 0.9)."),
        QStringLiteral("share"), QStringLiteral("0.9"));
    const QCommandLineOption intervalOption(QStringLiteral("interval-ms"),
        QStringLiteral("Probe timer and posting interval (default 10)."), QStringLiteral("ms"),
        QStringLiteral("10"));
    const QCommandLineOption stallsOption(QStringLiteral("stalls"),
        QStringLiteral("Also list each phase's late ticks and when the run's milestones were handled."));
    const QCommandLineOption lowOnlyOption(QStringLiteral("low-only"),
        QStringLiteral("Skip the runs whose load has the window's priority (the comparison)."));
    parser.addOptions(
        {secondsOption, concurrencyOption, openShareOption, intervalOption, stallsOption, lowOnlyOption});
    parser.process(app);
    const auto phaseLength = std::chrono::milliseconds(qint64(parser.value(secondsOption).toDouble() * 1000));
    const int concurrency = parser.value(concurrencyOption).toInt();
    const double openShare = parser.value(openShareOption).toDouble();
    const auto interval = std::chrono::milliseconds(parser.value(intervalOption).toInt());
    if (phaseLength.count() <= 0 || concurrency <= 0 || interval.count() <= 0 || openShare < 0) {
        std::fprintf(stderr, "invalid options\n");
        return 2;
    }

    ui::BenchPanel panel;
    panel.resize(1400, 800);
    panel.show();
    QXYSeries* chartSeries = nullptr;
    for (QAbstractSeries* series : panel.liveChart()->chart()->series()) {
        if (auto* xy = qobject_cast<QXYSeries*>(series)) {
            chartSeries = xy;
            break;
        }
    }
    if (!chartSeries) {
        std::fprintf(stderr, "the live chart has no line\n");
        return 1;
    }

    ResponsivenessProbe probe(interval);
    // Let the window settle (first layout and paint) before anything is measured.
    waitFor(std::chrono::milliseconds(500));

    std::printf("platform: %s, window %dx%d, phases of %.1f s, probe every %lld ms\n",
        qPrintable(QGuiApplication::platformName()), panel.width(), panel.height(),
        double(phaseLength.count()) / 1000.0, static_cast<long long>(interval.count()));
    std::printf("simulator in process, healthy profile; closed model at concurrency %d\n\n", concurrency);
    printHeader();

    BenchConfig config;
    config.target = bench::TargetKind::Simulator;
    config.model = bench::LoadModel::Closed;
    config.concurrency = concurrency;
    config.duration = phaseLength;
    config.warmup = std::chrono::milliseconds(0);

    int failures = 0;
    const bool showStalls = parser.isSet(stallsOption);
    const bool comparePriority = !parser.isSet(lowOnlyOption);
    const auto report = [&failures, showStalls](const PhaseResult& phase) {
        printPhase(phase);
        if (showStalls)
            printStalls(phase);
        std::fflush(stdout);
        if (!phase.error.isEmpty())
            ++failures;
    };
    report(idlePhase(probe, phaseLength));

    // Each run at the panel's priority for its load (below the window's), and, unless told otherwise, at the
    // window's own priority: what the window went through before the load was lowered. The two alternate
    // which goes first, so a machine getting busier or quieter does not favour one.
    bool lowFirst = true;
    const auto runBoth = [&](const QString& name, const BenchConfig& c) {
        PhaseResult low;
        for (const bool lowPriority : {lowFirst, !lowFirst}) {
            if (!lowPriority && !comparePriority)
                continue;
            panel.setLowPriorityRuns(lowPriority);
            PhaseResult phase = runPhase(panel, probe,
                name + (lowPriority ? QStringLiteral(", low") : QStringLiteral(", same")), c, chartSeries);
            report(phase);
            if (lowPriority)
                low = std::move(phase);
        }
        lowFirst = !lowFirst;
        return low;
    };

    config.engine = bench::EngineKind::Raw;
    const PhaseResult raw = runBoth(QStringLiteral("raw closed c=%1").arg(concurrency), config);
    config.engine = bench::EngineKind::Pipeline;
    runBoth(QStringLiteral("pipeline closed c=%1").arg(concurrency), config);
    if (openShare > 0 && raw.requestsPerSec > 0) {
        config.engine = bench::EngineKind::Raw;
        config.model = bench::LoadModel::Open;
        config.ratePerSec = std::floor(raw.requestsPerSec * openShare);
        runBoth(QStringLiteral("raw open %1/s").arg(config.ratePerSec, 0, 'f', 0), config);
    }
    return failures == 0 ? 0 : 1;
}
