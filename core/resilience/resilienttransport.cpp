#include "resilience/resilienttransport.h"

#include "api/httpfailure.h"
#include "logging/logging.h"
#include "resilience/retryafter.h"

#include <QPointer>

namespace oilwatch::resilience {

using transport::HttpRequest;
using transport::HttpResponse;
using transport::TransportError;

// One request on its way through the stages. Shared by the callbacks of its stages; whatever it still holds
// (a limiter slot, a breaker permit) is handed back when the last of them lets go, also when the caller's
// context died and no callback ran.
struct ResilientTransport::Call
{
    HttpRequest request;
    QString host;
    QPointer<QObject> context;
    bool hasContext = false;
    Callback done;
    ConcurrencyPermit slot;
    std::optional<Backoff> backoff;
    qint64 deadlineMs = 0; // monotonic
    qint64 startedMs = 0; // monotonic, when get() was called: latency includes queueing and retries
    int attempt = 0;
    int tokensSpent = 0;
    CircuitBreaker* breaker = nullptr;
    // A call can outlive its pipeline (the inner transport may still hold its callback at shutdown): the
    // breaker is only touched while the pipeline lives.
    std::weak_ptr<const void> pipelineAlive;
    std::optional<BreakerPermit> breakerPermit;
    bool finished = false;
    QMetaObject::Connection contextWatch; // dropped when the call ends: a long-lived context sees many calls

    bool callerGone() const { return hasContext && context.isNull(); }

    // The caller went away: give back what this call holds at once, not when the last callback lets go.
    void abandon()
    {
        finished = true;
        QObject::disconnect(contextWatch);
        if (breaker && breakerPermit && !pipelineAlive.expired())
            breaker->release(*breakerPermit);
        breakerPermit.reset();
        slot.release();
    }

    ~Call() { abandon(); }
};

ResilientTransport::ResilientTransport(transport::HttpTransport& inner, ResilienceSettings settings,
    const util::Clock& clock, util::Scheduler& scheduler, util::RandomSource& random, QObject* parent)
    : QObject(parent)
    , m_inner(inner)
    , m_settings(std::move(settings))
    , m_clock(clock)
    , m_scheduler(scheduler)
    , m_random(random)
    , m_limiters(m_settings.limiter)
    , m_breakers(m_settings.breaker, clock, this)
    , m_retry(m_settings.retry, clock)
    , m_budget(m_settings.budget)
{
    qRegisterMetaType<ResilienceEvent>();
}

ResilientTransport::~ResilientTransport() = default;

void ResilientTransport::setSettings(const ResilienceSettings& settings)
{
    m_settings = settings;
    m_limiters.setSettings(settings.limiter);
    m_breakers.setSettings(settings.breaker);
    m_retry.setSettings(settings.retry);
    m_budget = RetryBudget(settings.budget);
    Q_EMIT settingsChanged(m_settings);
}

void ResilientTransport::onResilienceEvent(const ResilienceEvent& event)
{
    // A first attempt is routine: at info level it would put a line in the log for every request, which a
    // benchmark turns into a rotated-away log and 2.5 % more instructions per request (docs/BENCHMARKS.md).
    // Retries, budget, breaker and rejections are what a reader of the log is looking for.
    const auto* attempt = std::get_if<AttemptStarted>(&event.payload);
    const auto level = attempt && attempt->attempt == 1 ? spdlog::level::debug : spdlog::level::info;
    const auto log = logging::logger("resilience");
    if (log->should_log(level))
        log->log(level, "{}", event.describe().toStdString());
    Q_EMIT resilienceEvent(event);
}

void ResilientTransport::report(auto payload)
{
    onResilienceEvent(ResilienceEvent::at(m_clock, std::move(payload)));
}

void ResilientTransport::get(const HttpRequest& request, QObject* context, Callback done)
{
    auto call = std::make_shared<Call>();
    call->request = request;
    call->host = request.url.host().toLower();
    call->context = context;
    call->hasContext = context != nullptr;
    call->done = std::move(done);
    call->startedMs = m_clock.monotonicMs();
    call->pipelineAlive = m_alive;
    call->backoff.emplace(m_retry.makeBackoff(m_random));
    if (context) {
        const std::weak_ptr<Call> weak = call;
        call->contextWatch = connect(context, &QObject::destroyed, this, [weak] {
            if (const auto alive = weak.lock())
                alive->abandon();
        });
    }
    admit(call);
}

// Stage 1: at most maxInFlight per host, maxQueued waiting, first come first served.
void ResilientTransport::admit(const std::shared_ptr<Call>& call)
{
    ConcurrencyLimiter& limiter = m_limiters.forHost(call->host);
    QObject* context = call->hasContext ? call->context.data() : this;
    const AcquireTicket ticket = limiter.acquire(context, [this, call](ConcurrencyPermit permit) {
        call->slot = std::move(permit);
        startDeadline(call);
    });
    if (ticket.status == AcquireStatus::Overloaded) {
        reject(call,
            transport::Rejection {transport::RejectionKind::Overloaded,
                QStringLiteral("%1 requests already wait for %2: overloaded")
                    .arg(limiter.queued())
                    .arg(call->host),
                std::nullopt},
            RejectionCause::Overloaded, std::nullopt);
    }
}

// Stage 2: one deadline across every attempt and every wait between them.
void ResilientTransport::startDeadline(const std::shared_ptr<Call>& call)
{
    qint64 totalMs = m_settings.timeouts.totalMs;
    if (call->request.totalDeadline)
        totalMs = std::min<qint64>(totalMs, call->request.totalDeadline->count());
    call->deadlineMs = m_clock.monotonicMs() + totalMs;
    attempt(call);
}

// Stages 4 and 5 for one attempt: the breaker's permission, then the inner transport with the attempt timeout
// (never longer than what is left of the deadline). Stage 3, the retry, decides in retryOrFinish().
void ResilientTransport::attempt(const std::shared_ptr<Call>& call)
{
    if (call->callerGone())
        return;
    const qint64 leftMs = call->deadlineMs - m_clock.monotonicMs();
    if (leftMs <= 0) {
        HttpResponse response;
        response.error = TransportError::Timeout;
        response.errorString
            = QStringLiteral("total deadline of %1 ms passed").arg(m_settings.timeouts.totalMs);
        finish(call, response);
        return;
    }
    call->breaker = &m_breakers.forHost(call->host);
    const BreakerAdmission admission = call->breaker->tryAcquire();
    if (const auto* rejection = std::get_if<BreakerRejection>(&admission)) {
        QString message = QStringLiteral("circuit %1 for %2").arg(stateName(rejection->state), call->host);
        if (rejection->untilNextProbeMs)
            message
                += QStringLiteral("; next probe in %1 s").arg((*rejection->untilNextProbeMs + 999) / 1000);
        transport::Rejection refusal {transport::RejectionKind::CircuitOpen, message, std::nullopt};
        if (rejection->untilNextProbeMs)
            refusal.retryAfterSec = static_cast<int>((*rejection->untilNextProbeMs + 999) / 1000);
        reject(call, std::move(refusal), RejectionCause::BreakerOpen, rejection->untilNextProbeMs);
        return;
    }
    call->breakerPermit = std::get<BreakerPermit>(admission);
    ++call->attempt;
    report(AttemptStarted {call->host, call->attempt});

    HttpRequest request = call->request;
    // The caller's own attempt timeout (a CLI flag) may be shorter than the pipeline's; the deadline caps
    // both.
    request.timeout = std::chrono::milliseconds(
        std::min({qint64(call->request.timeout.count()), m_settings.timeouts.attemptMs, leftMs}));
    m_inner.get(request, call->hasContext ? call->context.data() : this,
        [this, call](const HttpResponse& response) { onAttemptDone(call, response); });
}

void ResilientTransport::onAttemptDone(const std::shared_ptr<Call>& call, const HttpResponse& response)
{
    if (!call->breakerPermit) // abandoned while the attempt ran
        return;
    const std::optional<api::ApiError> error = api::failureOf(response);
    const BreakerPermit permit = *call->breakerPermit;
    call->breakerPermit.reset();
    if (!error) {
        call->breaker->record(permit, CallOutcome::Success);
        m_budget.recordSuccess(call->tokensSpent);
        finish(call, response);
        return;
    }
    call->breaker->record(permit, classifyForBreaker(*error));
    retryOrFinish(call, response, *error);
}

// Stage 3: retry only what may succeed next time, while attempts, budget and deadline allow.
void ResilientTransport::retryOrFinish(
    const std::shared_ptr<Call>& call, const HttpResponse& response, const api::ApiError& error)
{
    FailedAttempt failed;
    failed.error = error;
    failed.attempt = call->attempt;
    failed.retryAfterHeader = api::headerValue(response.headers, "Retry-After");
    failed.deadlineMs = call->deadlineMs;
    const RetryDecision decision = m_retry.decide(failed, *call->backoff, &m_budget);
    if (!decision.retry) {
        if (decision.giveUp == GiveUpReason::BudgetEmpty)
            report(RequestRejected {call->host, RejectionCause::BudgetEmpty, std::nullopt});
        finish(call, response);
        return;
    }
    call->tokensSpent += decision.tokensSpent;
    if (decision.tokensSpent > 0)
        report(BudgetSpent {call->host, decision.tokensSpent, decision.tokensLeft});
    report(RetryScheduled {
        call->host, decision.nextAttempt, decision.delayMs, *decision.cause, decision.delaySource});
    m_scheduler.schedule(
        decision.delayMs, call->hasContext ? call->context.data() : this, [this, call] { attempt(call); });
}

void ResilientTransport::reject(const std::shared_ptr<Call>& call, transport::Rejection rejection,
    RejectionCause cause, std::optional<qint64> retryInMs)
{
    report(RequestRejected {call->host, cause, retryInMs});
    HttpResponse response;
    response.error = TransportError::Rejected;
    response.errorString = rejection.message;
    response.rejection = std::move(rejection);
    finish(call, response);
}

void ResilientTransport::finish(const std::shared_ptr<Call>& call, HttpResponse response)
{
    if (call->finished || call->callerGone())
        return;
    call->finished = true;
    QObject::disconnect(call->contextWatch);
    response.attempts = call->attempt; // 0 when a stage refused before anything was sent
    response.elapsedMs = m_clock.monotonicMs() - call->startedMs;
    call->slot.release();
    // The caller's callback may start the next request at once; it must find this slot free.
    Callback done = std::move(call->done);
    done(response);
}

} // namespace oilwatch::resilience
