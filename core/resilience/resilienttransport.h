#pragma once

#include "resilience/circuitbreaker.h"
#include "resilience/concurrencylimiter.h"
#include "resilience/resilienceevents.h"
#include "resilience/resiliencesettings.h"
#include "resilience/retrybudget.h"
#include "resilience/retrypolicy.h"
#include "transport/httptransport.h"
#include "util/clock.h"
#include "util/randomsource.h"
#include "util/timer.h"

#include <memory>

#include <QObject>

namespace oilwatch::resilience {

// The resilience pipeline as an HttpTransport, so the API client (and the benchmark's pipeline mode) get it
// by holding one of these instead of the bare network transport. Outer to inner:
//   concurrency limiter → total deadline → retry (with budget) → circuit breaker → attempt timeout → inner
// Every stage's facts go out through resilienceEvent() (and the breaker's transitions with them).
class ResilientTransport final : public QObject, public transport::HttpTransport, private ResilienceObserver
{
    Q_OBJECT
public:
    ResilientTransport(transport::HttpTransport& inner, ResilienceSettings settings, const util::Clock& clock,
        util::Scheduler& scheduler, util::RandomSource& random, QObject* parent = nullptr);
    ~ResilientTransport() override;

    void get(const transport::HttpRequest& request, QObject* context, Callback done) override;

    const ResilienceSettings& settings() const { return m_settings; }
    // Swaps the settings at run time (Preferences, live): new requests run entirely on them; a request in
    // flight keeps its deadline and backoff sequence but takes its next retry decision, breaker verdict and
    // limiter slot under the new ones. Breakers keep their state and start a fresh window; the retry budget
    // starts full at its new capacity. Emits settingsChanged.
    void setSettings(const ResilienceSettings& settings);
    CircuitBreaker& breakerFor(const QString& host) { return m_breakers.forHost(host); }
    ConcurrencyLimiter& limiterFor(const QString& host) { return m_limiters.forHost(host); }
    const RetryBudget& budget() const { return m_budget; }
    QStringList hosts() const { return m_breakers.hosts(); }

Q_SIGNALS:
    void resilienceEvent(const oilwatch::resilience::ResilienceEvent& event);
    void settingsChanged(const oilwatch::resilience::ResilienceSettings& settings);

private:
    struct Call;

    void onResilienceEvent(const ResilienceEvent& event) override;
    void report(auto payload);

    // One method per stage, in pipeline order.
    void admit(const std::shared_ptr<Call>& call);
    void startDeadline(const std::shared_ptr<Call>& call);
    void attempt(const std::shared_ptr<Call>& call);
    void onAttemptDone(const std::shared_ptr<Call>& call, const transport::HttpResponse& response);
    void retryOrFinish(const std::shared_ptr<Call>& call, const transport::HttpResponse& response,
        const api::ApiError& error);
    void reject(const std::shared_ptr<Call>& call, transport::Rejection rejection, RejectionCause cause,
        std::optional<qint64> retryInMs);
    void finish(const std::shared_ptr<Call>& call, transport::HttpResponse response);

    transport::HttpTransport& m_inner;
    ResilienceSettings m_settings;
    const util::Clock& m_clock;
    util::Scheduler& m_scheduler;
    util::RandomSource& m_random;
    ConcurrencyLimiterRegistry m_limiters;
    CircuitBreakerRegistry m_breakers;
    RetryPolicy m_retry;
    RetryBudget m_budget;
    std::shared_ptr<const void> m_alive = std::make_shared<int>(0); // see Call::pipelineAlive
};

} // namespace oilwatch::resilience

Q_DECLARE_METATYPE(oilwatch::resilience::ResilienceEvent)
