#include "bench/pipelineengine.h"

#include "util/clock.h"

#include <algorithm>
#include <random>

namespace oilwatch::bench {

SpreadTransport::SpreadTransport(int slots, bool verifyPeer)
{
    const int managers = std::max(1, (slots + kConnectionsPerManager - 1) / kConnectionsPerManager);
    for (int i = 0; i < managers; ++i) {
        m_networks.push_back(std::make_unique<transport::QnamTransport>());
        m_networks.back()->setVerifyPeer(verifyPeer);
    }
    m_inFlight.assign(std::size_t(managers), 0);
}

void SpreadTransport::get(const transport::HttpRequest& request, QObject* context, Callback done)
{
    const auto least = std::min_element(m_inFlight.begin(), m_inFlight.end());
    const std::size_t index = std::size_t(least - m_inFlight.begin());
    ++m_inFlight[index];
    // The count drops when the reply ends, answered or cancelled: a cancelled call never runs `done`, so the
    // guard object's lifetime marks the end instead.
    auto release = std::shared_ptr<void>(nullptr, [this, index](void*) { --m_inFlight[index]; });
    m_networks[index]->get(request, context,
        [release = std::move(release), done = std::move(done)](
            const transport::HttpResponse& response) { done(response); });
}

resilience::ResilienceSettings PipelineEngine::settingsFor(int slots, std::chrono::milliseconds timeout)
{
    resilience::ResilienceSettings settings;
    settings.limiter.maxInFlight = std::max(1, slots);
    settings.limiter.maxQueued = std::max(1, slots);
    settings.timeouts.attemptMs = timeout.count();
    // Every attempt may use its whole timeout, with the backoff waits between them.
    settings.timeouts.totalMs
        = std::max<qint64>(settings.timeouts.totalMs, timeout.count() * settings.retry.maxAttempts + 10'000);
    return settings;
}

PipelineEngine::PipelineEngine(const QUrl& url, const QByteArray& apiKey, int slots,
    std::chrono::milliseconds timeout, bool verifyPeer, RequestSink& sink, QObject* parent)
    : QObject(parent)
    , m_sink(sink)
    , m_network(slots, verifyPeer)
    , m_random(std::random_device {}())
    , m_pipeline(m_network, settingsFor(slots, timeout), util::SystemClock::instance(), m_scheduler, m_random)
{
    m_request.url = url;
    m_request.timeout = timeout;
    if (!apiKey.isEmpty())
        m_request.headers.append({QByteArrayLiteral("Authorization"), "Token " + apiKey});
    m_request.headers.append({QByteArrayLiteral("Accept"), QByteArrayLiteral("application/json")});
    for (int slot = 0; slot < slots; ++slot)
        m_contexts.push_back(std::make_unique<QObject>());
    connect(&m_pipeline, &resilience::ResilientTransport::resilienceEvent, this,
        [this](const resilience::ResilienceEvent& event) {
            if (std::holds_alternative<resilience::RetryScheduled>(event.payload)) {
                m_sink.retryScheduled();
            } else if (const auto* transition = std::get_if<resilience::BreakerTransition>(&event.payload)) {
                if (transition->to == resilience::BreakerState::Open)
                    m_sink.breakerOpened();
            }
        });
}

PipelineEngine::~PipelineEngine()
{
    m_contexts.clear(); // cancels what is in flight while the pipeline still exists
}

void PipelineEngine::send(int slot)
{
    m_pipeline.get(m_request, m_contexts[std::size_t(slot)].get(),
        [this, slot](
            const transport::HttpResponse& response) { m_sink.requestDone(slot, outcomeOf(response)); });
}

void PipelineEngine::abortAll()
{
    for (auto& context : m_contexts)
        context = std::make_unique<QObject>();
}

RequestOutcome outcomeOf(const transport::HttpResponse& response)
{
    RequestOutcome outcome;
    outcome.status = response.status;
    outcome.bytes = response.body.size();
    switch (response.error) {
    case transport::TransportError::None:
        outcome.failure = response.status == 0 ? FailureKind::BadResponse : failureOfStatus(response.status);
        break;
    case transport::TransportError::Timeout:
        outcome.failure = FailureKind::Timeout;
        break;
    case transport::TransportError::Network:
        outcome.failure = FailureKind::Network;
        break;
    case transport::TransportError::Tls:
        outcome.failure = FailureKind::Tls;
        break;
    case transport::TransportError::BodyTooLarge:
        outcome.failure = FailureKind::BadResponse;
        break;
    case transport::TransportError::Cancelled:
        outcome.failure = FailureKind::Cancelled;
        break;
    case transport::TransportError::Rejected:
        outcome.failure
            = response.rejection && response.rejection->kind == transport::RejectionKind::CircuitOpen
            ? FailureKind::CircuitOpen
            : FailureKind::Overloaded;
        break;
    }
    return outcome;
}

} // namespace oilwatch::bench
