// QnamTransport on real loopback sockets: a TLS server whose certificate we do not trust (the self-signed one
// of tests/data/tls) is a TLS failure, its own error kind, and the pipeline neither retries it nor counts it
// against the host's breaker: the next handshake would meet the same certificate.
#include "api/httpfailure.h"
#include "resilience/resilienttransport.h"
#include "support/tlstestserver.h"
#include "transport/qnamtransport.h"
#include "util/clock.h"
#include "util/randomsource.h"
#include "util/timer.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QTest>

using namespace oilwatch;
using transport::HttpResponse;

namespace {

const QByteArray kBody = R"({"status":"success","data":{"code":"WTI_USD","price":70.1}})";

// Sends one GET through `transport` and waits for its answer.
std::optional<HttpResponse> getOnce(transport::HttpTransport& transport, const QUrl& url)
{
    transport::HttpRequest request;
    request.url = url;
    request.timeout = std::chrono::seconds(10);
    std::optional<HttpResponse> answer;
    QObject context;
    transport.get(request, &context, [&answer](const HttpResponse& response) { answer = response; });
    QDeadlineTimer deadline(15'000);
    while (!answer && !deadline.hasExpired())
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    return answer; // nullopt when it never answered: the caller's QVERIFY fails
}

} // namespace

class TestQnamTransport : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void anUntrustedCertificateIsATlsFailure()
    {
        testing::TlsTestServer server(kBody);
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        transport::QnamTransport network;
        const std::optional<HttpResponse> answer = getOnce(network, server.url());
        QVERIFY(answer);
        QCOMPARE(answer->error, transport::TransportError::Tls);
        const std::optional<api::ApiError> failure = api::failureOf(*answer);
        QVERIFY(failure);
        QCOMPARE(failure->kind, api::ErrorKind::Tls);
        QVERIFY(!failure->isRetryable());
        QVERIFY2(failure->describe().startsWith("tls: "), qPrintable(failure->describe()));
        QVERIFY2(failure->describe().contains("not trusted"), qPrintable(failure->describe()));
        QCOMPARE(server.requestCount(), 0);
    }

    // The reference: with verification off (the benchmark's --insecure) the same server answers, so the
    // failure above is the certificate's and nothing else's.
    void theSameServerAnswersWhenNotVerified()
    {
        testing::TlsTestServer server(kBody);
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        transport::QnamTransport network;
        network.setVerifyPeer(false);
        const std::optional<HttpResponse> answer = getOnce(network, server.url());
        QVERIFY(answer);
        QCOMPARE(answer->error, transport::TransportError::None);
        QCOMPARE(answer->status, 200);
        QCOMPARE(answer->body, kBody);
    }

    // Through the app's pipeline with its default settings (4 attempts, breaker, budget): one attempt, one
    // handshake, no retry, and the breaker has seen nothing.
    void thePipelineSendsItOnceAndLeavesTheBreakerAlone()
    {
        testing::TlsTestServer server(kBody);
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        transport::QnamTransport network;
        util::QtScheduler scheduler;
        util::SeededRandom random(7);
        resilience::ResilienceSettings settings;
        QVERIFY(settings.retry.maxAttempts > 1); // it would have been retried as a network error
        resilience::ResilientTransport pipeline(
            network, settings, util::SystemClock::instance(), scheduler, random);
        int attemptsStarted = 0;
        int retries = 0;
        connect(&pipeline, &resilience::ResilientTransport::resilienceEvent, this,
            [&](const resilience::ResilienceEvent& event) {
                attemptsStarted += std::holds_alternative<resilience::AttemptStarted>(event.payload);
                retries += std::holds_alternative<resilience::RetryScheduled>(event.payload);
            });

        const std::optional<HttpResponse> answer = getOnce(pipeline, server.url());
        QVERIFY(answer);
        QCOMPARE(answer->attempts, 1);
        QCOMPARE(api::failureOf(*answer)->kind, api::ErrorKind::Tls);
        QCOMPARE(server.encryptedConnections() + server.handshakeFailures(), 1);
        resilience::CircuitBreaker& breaker = pipeline.breakerFor(server.url().host());
        QCOMPARE(breaker.state(), resilience::BreakerState::Closed);
        QCOMPARE(breaker.metrics().calls, 0);
        QCOMPARE(breaker.metrics().failures, 0);
        QCOMPARE(breaker.metrics().consecutiveFailures, 0);
        QCOMPARE(attemptsStarted, 1);
        QCOMPARE(retries, 0);
    }
};

QTEST_GUILESS_MAIN(TestQnamTransport)
#include "tst_qnamtransport.moc"
