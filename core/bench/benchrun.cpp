#include "bench/benchrun.h"

#include "api/clientconfig.h"
#include "bench/loadworker.h"
#include "sim/simserver.h"

#include <functional>
#include <map>

#include <QThread>
#include <QTimer>
#include <QUrlQuery>

namespace oilwatch::bench {

namespace {

constexpr int kProgressIntervalMs = 250; // at most 4 progress signals a second
// Workers start together this long after start(), so that thread start-up is not measured as latency.
constexpr qint64 kStartLeadUs = 50'000;

QUrl requestUrl(QUrl base, const QString& endpoint, const QStringList& codes)
{
    base.setPath(endpoint);
    if (!codes.isEmpty()) {
        QUrlQuery query;
        query.addQueryItem(QStringLiteral("by_code"), codes.join(QLatin1Char(',')));
        base.setQuery(query);
    }
    return base;
}

int workerCountFor(const BenchConfig& config)
{
    const int concurrency = std::max(1, config.concurrency);
    if (config.threads > 0)
        return std::min(config.threads, concurrency);
    // One event-loop thread drives about 64 raw connections at full speed; QNetworkAccessManager costs far
    // more per request, so the pipeline engine spreads sooner.
    const int perThread = config.engine == EngineKind::Raw ? 128 : 32;
    const int cores = std::max(1, QThread::idealThreadCount());
    return std::clamp((concurrency + perThread - 1) / perThread, 1, cores);
}

SecondSample sampleOf(int second, qint64 requests, qint64 errors, const LatencyHistogram& latency)
{
    SecondSample sample;
    sample.second = second;
    sample.requests = requests;
    sample.errors = errors;
    sample.p50Us = latency.valueAtPercentile(50.0);
    sample.p95Us = latency.valueAtPercentile(95.0);
    sample.p99Us = latency.valueAtPercentile(99.0);
    return sample;
}

} // namespace

struct BenchRun::Impl
{
    struct PendingSecond
    {
        int reports = 0;
        qint64 requests = 0;
        qint64 errors = 0;
        LatencyHistogram latency;
    };

    BenchRun* q;
    BenchConfig config;
    bool running = false;
    bool lowPriority = false;
    bool stopRequested = false;
    std::unique_ptr<sim::SimServer> sim;
    std::shared_ptr<SharedCounters> counters;
    std::vector<std::unique_ptr<QThread>> threads;
    std::vector<LoadWorker*> workers; // each lives on, and is deleted on, its own thread
    qint64 originUs = 0;
    qint64 warmupUs = 0;
    qint64 endUs = -1;
    int workersFinished = 0;
    // Set before the first worker starts: the workers' reports may arrive while the runner still starts
    // the others, so they are counted against this, never against `workers` being filled.
    int workerCount = 0;
    qint64 lastFinishedUs = 0;
    BenchResult result;
    std::map<int, PendingSecond> seconds;
    int nextSecond = 0; // the next second to complete, in order
    QList<SecondSample> unsentSeconds;
    QTimer progressTimer;
    // What blocks (starting the simulator, starting and joining the worker threads) runs on this thread, so
    // that the thread which created the run, a window's, never waits for it: 60 to 140 ms per run before.
    // The members above that it writes (sim, counters, threads, workers, originUs, ...) are read on the run's
    // thread only after it said so with a queued call (`launched`), and it clears them only after finalize()
    // (`finalizing`), so the two threads never touch them at once.
    QThread runner;
    std::unique_ptr<QObject> runnerContext; // lives on `runner`: what runs there is invoked on it
    bool launched = false; // on the run's thread: the workers exist and may be told to stop
    bool finalizing = false; // on the run's thread: the workers are being joined

    explicit Impl(BenchRun* run, BenchConfig c)
        : q(run)
        , config(std::move(c))
    { }

    std::optional<QString> prepareTarget(QUrl* url, QByteArray* apiKey);
    void launch(const QUrl& url, const QByteArray& apiKey);
    void onSecond(SecondReport report);
    void completeSecond(int second, const PendingSecond& pending);
    void onWorkerFinished(const WorkerTotals& totals, qint64 finishedUs);
    void finalize();
    void emitProgress();
    void tearDown();
    // Runs `job` on the runner thread, started on first use.
    void onRunner(std::function<void()> job);
    // Runs `job` on the run's thread, after what was queued there before; dropped if the run is gone.
    void onRunThread(std::function<void()> job)
    {
        QMetaObject::invokeMethod(q, std::move(job), Qt::QueuedConnection);
    }
    void stopWorkers();
};

void BenchRun::Impl::onRunner(std::function<void()> job)
{
    if (!runnerContext) {
        runnerContext = std::make_unique<QObject>();
        runner.setObjectName(QStringLiteral("bench-runner"));
        runnerContext->moveToThread(&runner);
        runner.start();
    }
    QMetaObject::invokeMethod(runnerContext.get(), std::move(job), Qt::QueuedConnection);
}

void BenchRun::Impl::stopWorkers()
{
    for (LoadWorker* worker : workers)
        QMetaObject::invokeMethod(worker, &LoadWorker::stop, Qt::QueuedConnection);
}

std::optional<QString> BenchRun::Impl::prepareTarget(QUrl* url, QByteArray* apiKey)
{
    *apiKey = config.apiKey;
    switch (config.target) {
    case TargetKind::Url:
        *url = config.url;
        return std::nullopt;
    case TargetKind::LiveApi:
        *url = requestUrl(api::ClientConfig::defaultBaseUrl(), config.endpoint, config.codes);
        return std::nullopt;
    case TargetKind::Simulator:
        break;
    }
    sim::FaultProfileResult profile = sim::FaultProfile::resolve(config.faultProfile);
    if (const auto* error = std::get_if<sim::FaultProfileError>(&profile))
        return QStringLiteral("fault profile: ") + error->message;
    sim::SimOptions options;
    options.lowPriority = lowPriority;
    sim = std::make_unique<sim::SimServer>(options);
    sim->setFaultProfile(std::get<sim::FaultProfile>(profile));
    QString error;
    if (!sim->start(&error))
        return QStringLiteral("cannot start the simulator: ") + error;
    *url = requestUrl(sim->baseUrl(), config.endpoint, config.codes);
    if (apiKey->isEmpty())
        *apiKey = sim->apiKey().toUtf8();
    return std::nullopt;
}

void BenchRun::Impl::launch(const QUrl& url, const QByteArray& apiKey)
{
    workerCount = workerCountFor(config);
    counters = std::make_shared<SharedCounters>(workerCount);
    if (config.requestCount)
        counters->tickets.store(*config.requestCount);
    originUs = steadyNowUs() + kStartLeadUs;
    warmupUs = qint64(config.warmup.count()) * 1000;
    endUs = config.requestCount || !config.duration ? -1 : warmupUs + qint64(config.duration->count()) * 1000;
    result.config = config;
    result.context = RunContext::current(url.toString(QUrl::RemoveUserInfo), QDateTime::currentDateTimeUtc());

    const int concurrency = std::max(1, config.concurrency);
    for (int index = 0; index < workerCount; ++index) {
        WorkerPlan plan;
        plan.index = index;
        plan.workerCount = workerCount;
        plan.slots = concurrency / workerCount + (index < concurrency % workerCount ? 1 : 0);
        plan.engine = config.engine;
        plan.url = url;
        plan.apiKey = apiKey;
        plan.timeout = config.requestTimeout;
        plan.model = config.model;
        plan.ratePerSec = config.ratePerSec;
        plan.originUs = originUs;
        plan.warmupUs = warmupUs;
        plan.endUs = endUs;
        plan.requestCount = config.requestCount.value_or(-1);
        plan.recordEachRequest = config.recordEachRequest;
        plan.lowPriority = lowPriority;
        plan.insecure = config.insecure;

        // Results hop to the run's thread; the run being the context, none arrives after it is gone.
        LoadWorker::Callbacks callbacks;
        callbacks.second = [this](SecondReport report) {
            QMetaObject::invokeMethod(
                q, [this, report = std::move(report)]() mutable { onSecond(std::move(report)); },
                Qt::QueuedConnection);
        };
        callbacks.finished = [this](WorkerTotals totals, qint64 finishedUs) {
            QMetaObject::invokeMethod(
                q, [this, totals = std::move(totals), finishedUs] { onWorkerFinished(totals, finishedUs); },
                Qt::QueuedConnection);
        };
        auto thread = std::make_unique<QThread>();
        thread->setObjectName(QStringLiteral("bench-worker-%1").arg(index));
        auto* worker = new LoadWorker(std::move(plan), counters, std::move(callbacks));
        worker->moveToThread(thread.get());
        thread->start();
        QMetaObject::invokeMethod(worker, &LoadWorker::start, Qt::QueuedConnection);
        workers.push_back(worker);
        threads.push_back(std::move(thread));
    }
}

void BenchRun::Impl::onSecond(SecondReport report)
{
    PendingSecond& pending = seconds[report.second];
    ++pending.reports;
    pending.requests += report.requests;
    pending.errors += report.errors;
    pending.latency.merge(report.latency);
    // Seconds complete in order: every worker hands over its seconds in order.
    while (!seconds.empty() && seconds.begin()->first == nextSecond
        && seconds.begin()->second.reports == workerCount) {
        completeSecond(nextSecond, seconds.begin()->second);
        seconds.erase(seconds.begin());
        ++nextSecond;
    }
}

void BenchRun::Impl::completeSecond(int second, const PendingSecond& pending)
{
    const SecondSample sample = sampleOf(second, pending.requests, pending.errors, pending.latency);
    result.series.append(sample);
    unsentSeconds.append(sample);
}

void BenchRun::Impl::onWorkerFinished(const WorkerTotals& totals, qint64 finishedUs)
{
    totals.mergeInto(result);
    lastFinishedUs = std::max(lastFinishedUs, finishedUs);
    if (++workersFinished == workerCount)
        finalize();
}

void BenchRun::Impl::finalize()
{
    // Seconds some worker never reached (it was stopped a little earlier than another) still count.
    for (const auto& [second, pending] : seconds)
        completeSecond(second, pending);
    seconds.clear();
    progressTimer.stop();
    emitProgress();

    const qint64 measuredUs
        = endUs >= 0 && !stopRequested ? endUs - warmupUs : std::max<qint64>(0, lastFinishedUs);
    result.measuredMs = measuredUs / 1000;
    result.stoppedEarly = stopRequested;
    result.maxInFlight = counters->maxInFlight.load();
    std::sort(result.requests.begin(), result.requests.end(),
        [](const RequestRecord& a, const RequestRecord& b) { return a.scheduledUs < b.scheduledUs; });
    // The workers are joined on the runner; finished() follows once they are gone, so a run that reports
    // its end holds no thread any more.
    finalizing = true;
    onRunner([this] {
        tearDown();
        onRunThread([this] {
            running = false;
            Q_EMIT q->finished(result);
        });
    });
}

void BenchRun::Impl::emitProgress()
{
    BenchProgress progress;
    const qint64 now = steadyNowUs() - originUs;
    progress.warmingUp = now < warmupUs;
    if (progress.warmingUp) {
        progress.elapsedMs = std::max<qint64>(0, now) / 1000;
        progress.totalMs = warmupUs / 1000;
    } else {
        progress.elapsedMs = (now - warmupUs) / 1000;
        progress.totalMs = endUs >= 0 ? (endUs - warmupUs) / 1000 : -1;
        if (progress.totalMs >= 0)
            progress.elapsedMs = std::min(progress.elapsedMs, progress.totalMs);
    }
    for (std::size_t i = 0; i < counters->completed.size(); ++i) {
        progress.completed += counters->completed[i].load(std::memory_order_relaxed);
        progress.errors += counters->errors[i].load(std::memory_order_relaxed);
    }
    progress.inFlight = std::max<qint64>(0, counters->inFlight.load(std::memory_order_relaxed));
    progress.newSeconds = std::exchange(unsentSeconds, {});
    Q_EMIT q->progress(progress);
}

void BenchRun::Impl::tearDown()
{
    // Each worker is deleted on its own thread, which drops its sockets there, then the thread ends.
    for (std::size_t i = 0; i < workers.size(); ++i) {
        QThread* thread = threads[i].get();
        QMetaObject::invokeMethod(
            workers[i],
            [worker = workers[i], thread] {
                delete worker;
                thread->quit();
            },
            Qt::QueuedConnection);
    }
    for (const auto& thread : threads)
        thread->wait();
    workers.clear();
    threads.clear();
    if (sim)
        sim->stop();
    sim.reset();
}

BenchRun::BenchRun(BenchConfig config, QObject* parent)
    : QObject(parent)
    , d(std::make_unique<Impl>(this, std::move(config)))
{
    qRegisterMetaType<BenchProgress>();
    qRegisterMetaType<BenchResult>();
}

BenchRun::~BenchRun()
{
    // A job still queued on the runner is dropped, one running is waited for; what is left is torn down
    // here. After a run that finished, nothing is: the wait is for an idle thread.
    d->runner.quit();
    d->runner.wait();
    d->tearDown();
}

const BenchConfig& BenchRun::config() const
{
    return d->config;
}

bool BenchRun::isRunning() const
{
    return d->running;
}

void BenchRun::setLowPriority(bool low)
{
    d->lowPriority = low;
}

void BenchRun::start()
{
    if (d->running || d->launched)
        return;
    auto fail = [this](const QString& message) {
        QMetaObject::invokeMethod(
            this, [this, message] { Q_EMIT failed(message); }, Qt::QueuedConnection);
    };
    if (const std::optional<QString> problem = d->config.validate()) {
        fail(*problem);
        return;
    }
    d->running = true;
    d->onRunner([this] {
        QUrl url;
        QByteArray apiKey;
        if (const std::optional<QString> problem = d->prepareTarget(&url, &apiKey)) {
            d->sim.reset();
            d->onRunThread([this, message = *problem] {
                d->running = false;
                Q_EMIT failed(message);
            });
            return;
        }
        d->launch(url, apiKey);
        d->onRunThread([this] {
            d->launched = true;
            if (d->stopRequested) // stop() came while the workers were starting
                d->stopWorkers();
            d->progressTimer.setInterval(kProgressIntervalMs);
            QObject::connect(&d->progressTimer, &QTimer::timeout, this, [this] { d->emitProgress(); });
            d->progressTimer.start();
        });
    });
}

void BenchRun::stop()
{
    if (!d->running || d->stopRequested)
        return;
    d->stopRequested = true;
    if (d->launched && !d->finalizing)
        d->stopWorkers();
}

} // namespace oilwatch::bench
