#pragma once

#include "bench/requestengine.h"
#include "resilience/resilienttransport.h"
#include "transport/qnamtransport.h"
#include "util/randomsource.h"
#include "util/timer.h"

#include <chrono>
#include <memory>
#include <vector>

#include <QObject>
#include <QUrl>

namespace oilwatch::bench {

// QNetworkAccessManager opens at most six HTTP/1.1 connections per host. To put `slots` requests on the
// wire at once, this transport spreads them over as many managers as that takes, always to the least busy.
class SpreadTransport final : public transport::HttpTransport
{
public:
    static constexpr int kConnectionsPerManager = 6;

    // verifyPeer false: https accepts any certificate (BenchConfig::insecure).
    SpreadTransport(int slots, bool verifyPeer);
    void get(const transport::HttpRequest& request, QObject* context, Callback done) override;
    int managerCount() const { return int(m_networks.size()); }

private:
    std::vector<int> m_inFlight; // before the managers: their replies, dying with them, still count down
    std::vector<std::unique_ptr<transport::QnamTransport>> m_networks;
};

// The pipeline engine: the app's own client path as a user lives it, ResilientTransport over the network
// (retries, circuit breaker, timeouts; no cache), requesting the configured URL with the Authorization
// header. Its limiter admits every slot, so the only cap on concurrency is the benchmark's.
class PipelineEngine final : public QObject, public RequestEngine
{
public:
    PipelineEngine(const QUrl& url, const QByteArray& apiKey, int slots, std::chrono::milliseconds timeout,
        bool verifyPeer, RequestSink& sink, QObject* parent = nullptr);
    ~PipelineEngine() override;

    int slotCount() const override { return int(m_contexts.size()); }
    void send(int slot) override;
    void abortAll() override;

    static resilience::ResilienceSettings settingsFor(int slots, std::chrono::milliseconds timeout);

private:
    RequestSink& m_sink;
    transport::HttpRequest m_request;
    SpreadTransport m_network;
    util::QtScheduler m_scheduler;
    util::SeededRandom m_random;
    resilience::ResilientTransport m_pipeline;
    // A request's context: destroying it cancels the request (the HttpTransport contract).
    std::vector<std::unique_ptr<QObject>> m_contexts;
};

RequestOutcome outcomeOf(const transport::HttpResponse& response);

} // namespace oilwatch::bench
