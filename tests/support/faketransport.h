#pragma once

#include "transport/httptransport.h"
#include "util/timer.h"

#include <QList>
#include <QPointer>

namespace oilwatch::testing {

// An HttpTransport that answers from a script on a ManualScheduler, so pipeline tests decide exactly when
// each answer arrives. A hanging reply ends in a Timeout after the request's own attempt timeout, the way
// QnamTransport ends it; a destroyed context cancels the answer, the way QnamTransport cancels it.
class FakeTransport final : public transport::HttpTransport
{
public:
    struct Reply
    {
        int status = 200;
        QByteArray body = "{}";
        transport::RawHeaders headers;
        transport::TransportError error = transport::TransportError::None;
        qint64 latencyMs = 0;
        bool hang = false;
    };

    explicit FakeTransport(util::ManualScheduler& scheduler)
        : m_scheduler(scheduler)
    { }

    // Replies are used in order; the last one repeats.
    void script(QList<Reply> replies)
    {
        m_script = std::move(replies);
        m_next = 0;
    }

    void get(const transport::HttpRequest& request, QObject* context, Callback done) override
    {
        requests.append(request);
        const Reply reply
            = m_script.isEmpty() ? Reply {} : m_script.at(std::min(m_next++, m_script.size() - 1));
        transport::HttpResponse response;
        qint64 delay = reply.latencyMs;
        if (reply.hang || reply.latencyMs >= request.timeout.count()) {
            delay = request.timeout.count();
            response.error = transport::TransportError::Timeout;
            response.errorString = QStringLiteral("attempt timeout");
        } else {
            response.status = reply.status;
            response.body = reply.body;
            response.headers = reply.headers;
            response.error = reply.error;
            if (reply.error == transport::TransportError::Network)
                response.errorString = QStringLiteral("Connection refused");
        }
        response.elapsedMs = delay;
        ++inFlight;
        maxInFlight = std::max(maxInFlight, inFlight);
        m_scheduler.schedule(delay, context, [this, response, done = std::move(done)] {
            --inFlight;
            done(response);
        });
    }

    QList<transport::HttpRequest> requests;
    int inFlight = 0;
    int maxInFlight = 0;

private:
    util::ManualScheduler& m_scheduler;
    QList<Reply> m_script;
    qsizetype m_next = 0;
};

} // namespace oilwatch::testing
