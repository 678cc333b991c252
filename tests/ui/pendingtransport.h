#pragma once

#include "resilience/resilienttransport.h"
#include "transport/httptransport.h"
#include "util/clock.h"
#include "util/randomsource.h"
#include "util/timer.h"

#include <vector>

#include <QPointer>

namespace oilwatch::testing {

// Holds every request until the test answers it, so a test decides exactly when attempts finish and how
// many are in flight meanwhile.
class PendingTransport final : public transport::HttpTransport
{
public:
    void get(const transport::HttpRequest&, QObject* context, Callback done) override
    {
        m_pending.push_back({QPointer<QObject>(context), context != nullptr, std::move(done)});
    }

    // Answers every request sent so far with `status`; requests sent while answering wait for the next call.
    void answerAll(int status)
    {
        std::vector<Pending> answering;
        answering.swap(m_pending);
        for (Pending& pending : answering) {
            if (pending.hasContext && pending.context.isNull())
                continue;
            transport::HttpResponse response;
            response.status = status;
            response.body = "{}";
            pending.done(response);
        }
    }

    int pendingCount() const { return static_cast<int>(m_pending.size()); }

private:
    struct Pending
    {
        QPointer<QObject> context;
        bool hasContext = false;
        Callback done;
    };
    std::vector<Pending> m_pending;
};

// A real pipeline over a PendingTransport, on a manual clock: what the resilience widgets watch in tests.
struct PipelineRig
{
    util::ManualClock clock;
    util::ManualScheduler scheduler {clock};
    util::ScriptedRandom random {{0.5}};
    PendingTransport network;
    resilience::ResilientTransport pipeline;

    explicit PipelineRig(resilience::ResilienceSettings settings = {})
        : pipeline(network, std::move(settings), clock, scheduler, random)
    { }

    void send(int requests)
    {
        transport::HttpRequest request;
        request.url = QUrl(QStringLiteral("http://api.example.test/v1/prices/latest?by_code=WTI_USD"));
        for (int i = 0; i < requests; ++i)
            pipeline.get(request, nullptr, [](const transport::HttpResponse&) {});
    }
};

} // namespace oilwatch::testing
