// The client against the built-in simulator over real loopback sockets.
#include "api/oilpriceapiclient.h"
#include "oilwatch/version.h"
#include "sim/simrouter.h"
#include "sim/simserver.h"
#include "transport/qnamtransport.h"

#include <optional>

#include <QElapsedTimer>
#include <QTcpServer>
#include <QTest>
#include <QUrlQuery>

using namespace oilwatch;
using namespace oilwatch::api;

namespace {

// Collects one callback's result so the test can wait for it with QTRY_VERIFY.
template <class T> struct Captured
{
    std::optional<Result<T>> result;
    FetchInfo info;
    int calls = 0;
    auto callback()
    {
        return [this](const Result<T>& r, const FetchInfo& i) {
            result = r;
            info = i;
            ++calls;
        };
    }
};

// QVERIFY2 evaluates its message even on success: only ask a failed result for its error.
template <class T> QString errorText(const Result<T>& result)
{
    return result.ok() ? QString() : result.error().describe();
}

} // namespace

namespace {

// Records every request on its way to the real network.
class RecordingTransport final : public transport::HttpTransport
{
public:
    explicit RecordingTransport(transport::HttpTransport& inner)
        : m_inner(inner)
    { }
    void get(const transport::HttpRequest& request, QObject* context, Callback done) override
    {
        requests << request;
        m_inner.get(request, context, std::move(done));
    }
    QList<transport::HttpRequest> requests;

private:
    transport::HttpTransport& m_inner;
};

} // namespace

class TestOilPriceApiClient : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<sim::SimServer> m_sim;
    std::unique_ptr<transport::QnamTransport> m_transport;

    ClientConfig simConfig() const
    {
        ClientConfig config;
        config.baseUrl = m_sim->baseUrl();
        config.apiKey = m_sim->apiKey();
        config.attemptTimeout = std::chrono::milliseconds(5000);
        return config;
    }

private Q_SLOTS:
    void init()
    {
        m_sim = std::make_unique<sim::SimServer>();
        QString error;
        QVERIFY2(m_sim->start(&error), qPrintable(error));
        m_transport = std::make_unique<transport::QnamTransport>();
    }
    void cleanup()
    {
        m_transport.reset();
        m_sim.reset();
    }

    void latestOneCode()
    {
        OilPriceApiClient client(simConfig(), *m_transport);
        Captured<Quote> got;
        client.latest("BRENT_CRUDE_USD", this, got.callback());
        QTRY_VERIFY(got.result.has_value());
        QVERIFY2(got.result->ok(), qPrintable(errorText(*got.result)));
        const Quote& quote = got.result->value();
        QCOMPARE(quote.code, QString("BRENT_CRUDE_USD"));
        QVERIFY(quote.price > 10 && quote.price < 500);
        QCOMPARE(quote.currency, QString("USD"));
        QCOMPARE(quote.unit, QString("barrel"));
        QVERIFY(quote.createdAt.isValid());
        QVERIFY(quote.receivedAt.isValid());
        QCOMPARE(got.info.attempts, 1);
        QCOMPARE(got.info.servedFrom, ServedFrom::Live);
        QVERIFY(got.info.requestId.startsWith("req_"));
        QCOMPARE(got.calls, 1);
    }

    void latestSeveralCodesInOneRequest()
    {
        OilPriceApiClient client(simConfig(), *m_transport);
        Captured<QList<Quote>> got;
        const QStringList codes {
            "BRENT_CRUDE_USD", "WTI_USD", "NATURAL_GAS_USD", "DUTCH_TTF_EUR", "GASOLINE_USD"};
        const quint64 before = m_sim->requestCount();
        client.latestMany(codes, this, got.callback());
        QTRY_VERIFY(got.result.has_value());
        QVERIFY2(got.result->ok(), qPrintable(errorText(*got.result)));
        QCOMPARE(got.result->value().size(), 5);
        QCOMPARE(m_sim->requestCount() - before, quint64(1));
        for (const Quote& quote : got.result->value()) {
            QVERIFY(codes.contains(quote.code));
            if (quote.code == "NATURAL_GAS_USD")
                QCOMPARE(quote.unit, QString("MMBtu"));
            if (quote.code == "DUTCH_TTF_EUR")
                QCOMPARE(quote.currency, QString("EUR"));
        }
    }

    void wrongKeyIsAuthError()
    {
        ClientConfig config = simConfig();
        config.apiKey = "opa_test_wrong_key_123";
        OilPriceApiClient client(config, *m_transport);
        Captured<Quote> got;
        client.latest("WTI_USD", this, got.callback());
        QTRY_VERIFY(got.result.has_value());
        QVERIFY(!got.result->ok());
        QCOMPARE(got.result->error().kind, ErrorKind::Auth);
        QCOMPARE(got.result->error().httpStatus, 401);
        QCOMPARE(got.result->error().exitCode(), 3);
        QVERIFY(!got.result->error().describe().contains("opa_test_wrong_key_123"));
    }

    void unknownCodeIsInvalidCodeWithSuggestions()
    {
        OilPriceApiClient client(simConfig(), *m_transport);
        Captured<Quote> got;
        client.latest("BRENT_CRUDE_US", this, got.callback());
        QTRY_VERIFY(got.result.has_value());
        QVERIFY(!got.result->ok());
        QCOMPARE(got.result->error().kind, ErrorKind::InvalidCode);
        QCOMPARE(got.result->error().httpStatus, 400);
        QVERIFY(got.result->error().suggestions.contains("BRENT_CRUDE_USD"));
    }

    void malformedCodeNeverLeavesTheProcess()
    {
        OilPriceApiClient client(simConfig(), *m_transport);
        Captured<Quote> got;
        const quint64 before = m_sim->requestCount();
        client.latest("brent&by_code=x", this, got.callback());
        QTRY_VERIFY(got.result.has_value());
        QCOMPARE(got.result->error().kind, ErrorKind::InvalidCode);
        QCOMPARE(m_sim->requestCount(), before);
    }

    void historyFollowsPagesToTheEnd()
    {
        OilPriceApiClient client(simConfig(), *m_transport);
        Captured<QList<Quote>> got;
        HistoryQuery query;
        query.code = "WTI_USD";
        query.window = HistoryWindow::PastWeek;
        const quint64 before = m_sim->requestCount();
        client.history(query, this, got.callback());
        QTRY_VERIFY_WITH_TIMEOUT(got.result.has_value(), 15000);
        QVERIFY2(got.result->ok(), qPrintable(errorText(*got.result)));
        const QList<Quote>& quotes = got.result->value();
        // A week of at least hourly points does not fit in one page of 100.
        QVERIFY2(quotes.size() > 150, qPrintable(QString::number(quotes.size())));
        const quint64 pages = m_sim->requestCount() - before;
        QCOMPARE(pages, quint64((quotes.size() + 99) / 100));
        QCOMPARE(got.info.attempts, int(pages));
        for (int i = 1; i < quotes.size(); ++i)
            QVERIFY(quotes.at(i - 1).createdAt > quotes.at(i).createdAt); // newest first, no repeats
        QVERIFY(quotes.constLast().createdAt >= QDateTime::currentDateTimeUtc().addDays(-7).addSecs(-60));
    }

    void historyStopsAtMaxPages()
    {
        OilPriceApiClient client(simConfig(), *m_transport);
        Captured<QList<Quote>> got;
        HistoryQuery query;
        query.code = "BRENT_CRUDE_USD";
        query.window = HistoryWindow::PastYear;
        client.history(query, this, got.callback(), 2);
        QTRY_VERIFY(got.result.has_value());
        QVERIFY(got.result->ok());
        QCOMPARE(got.result->value().size(), 200);
    }

    void commodityCatalogue()
    {
        OilPriceApiClient client(simConfig(), *m_transport);
        Captured<QList<Commodity>> got;
        client.commodities(this, got.callback());
        QTRY_VERIFY(got.result.has_value());
        QVERIFY(got.result->ok());
        QVERIFY(got.result->value().size() >= 15);
    }

    void bodyOverTheCapIsBadResponse()
    {
        sim::FaultSettings faults;
        faults.forcedBody = QByteArray(5 * 1024 * 1024, 'x');
        m_sim->setFaults(faults);
        OilPriceApiClient client(simConfig(), *m_transport);
        Captured<Quote> got;
        client.latest("WTI_USD", this, got.callback());
        QTRY_VERIFY_WITH_TIMEOUT(got.result.has_value(), 10000);
        QCOMPARE(got.result->error().kind, ErrorKind::BadResponse);
        QVERIFY2(
            got.result->error().message.contains("larger than"), qPrintable(got.result->error().message));
    }

    void forcedServerErrorIsServerKind()
    {
        sim::FaultSettings faults;
        faults.forcedStatus = 503;
        m_sim->setFaults(faults);
        OilPriceApiClient client(simConfig(), *m_transport);
        Captured<Quote> got;
        client.latest("WTI_USD", this, got.callback());
        QTRY_VERIFY(got.result.has_value());
        QCOMPARE(got.result->error().kind, ErrorKind::Server);
        QCOMPARE(got.result->error().httpStatus, 503);
        QVERIFY(got.result->error().isRetryable());
    }

    void malformedBodyIsBadResponse()
    {
        sim::FaultSettings faults;
        faults.forcedBody = QByteArray(R"({"status":"success","data":{"price":)");
        m_sim->setFaults(faults);
        OilPriceApiClient client(simConfig(), *m_transport);
        Captured<Quote> got;
        client.latest("WTI_USD", this, got.callback());
        QTRY_VERIFY(got.result.has_value());
        QCOMPARE(got.result->error().kind, ErrorKind::BadResponse);
    }

    void slowServerTimesOutWithinTheAttemptTimeout()
    {
        sim::FaultSettings faults;
        faults.latencyMs = 3000;
        m_sim->setFaults(faults);
        ClientConfig config = simConfig();
        config.attemptTimeout = std::chrono::milliseconds(300);
        OilPriceApiClient client(config, *m_transport);
        Captured<Quote> got;
        QElapsedTimer elapsed;
        elapsed.start();
        client.latest("WTI_USD", this, got.callback());
        QTRY_VERIFY_WITH_TIMEOUT(got.result.has_value(), 5000);
        QCOMPARE(got.result->error().kind, ErrorKind::Timeout);
        QVERIFY(elapsed.elapsed() < 2500);
    }

    void connectionRefusedIsNetworkError()
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 port = probe.serverPort();
        probe.close();
        ClientConfig config = simConfig();
        config.baseUrl = QUrl(QString("http://127.0.0.1:%1").arg(port));
        OilPriceApiClient client(config, *m_transport);
        Captured<Quote> got;
        client.latest("WTI_USD", this, got.callback());
        QTRY_VERIFY(got.result.has_value());
        QCOMPARE(got.result->error().kind, ErrorKind::Network);
        QCOMPARE(got.result->error().exitCode(), 5);
    }

    void plainHttpToRemoteHostIsRefusedBeforeSending()
    {
        ClientConfig config = simConfig();
        config.baseUrl = QUrl("http://api.oilpriceapi.com");
        OilPriceApiClient client(config, *m_transport);
        Captured<Quote> got;
        client.latest("WTI_USD", this, got.callback());
        QCOMPARE(got.calls, 0); // never re-entrant
        QTRY_VERIFY(got.result.has_value());
        QCOMPARE(got.result->error().kind, ErrorKind::Config);
    }

    void destroyingTheContextCancelsWithoutCallback()
    {
        sim::FaultSettings faults;
        faults.latencyMs = 500;
        m_sim->setFaults(faults);
        OilPriceApiClient client(simConfig(), *m_transport);
        Captured<Quote> got;
        auto context = std::make_unique<QObject>();
        client.latest("WTI_USD", context.get(), got.callback());
        context.reset();
        // A second call sent later answers later than the cancelled one would have: once it is in, the first
        // callback has had every chance to (wrongly) run.
        Captured<Quote> later;
        client.latest("WTI_USD", this, later.callback());
        QTRY_VERIFY_WITH_TIMEOUT(later.result.has_value(), 5000);
        QVERIFY(later.result->ok());
        QCOMPARE(got.calls, 0);
    }

    void userAgentNamesAppAndQt()
    {
        QCOMPARE(OilPriceApiClient::userAgent(),
            QByteArray("OilWatch/") + oilwatch::kVersion + " Qt/" + qVersion());
    }

    // The public demo (no key): /v1/demo/prices with codes=, no Authorization header, the demo's body
    // parsed into quotes of the demo origin.
    void demoModeEndToEnd()
    {
        ClientConfig config;
        config.baseUrl = m_sim->baseUrl();
        config.publicDemo = true;
        RecordingTransport recording(*m_transport);
        OilPriceApiClient client(config, recording);
        std::optional<Result<QList<Quote>>> result;
        client.latestMany({"WTI_USD", "BRENT_CRUDE_USD"}, this,
            [&result](const Result<QList<Quote>>& r, const FetchInfo&) { result = r; });
        QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 5000);
        if (!*result)
            QFAIL(qPrintable(result->error().describe()));
        QCOMPARE(result->value().size(), 2);
        for (const Quote& quote : result->value()) {
            QVERIFY(quote.price > 0);
            QVERIFY(quote.createdAt.isValid()); // from updated_at
            QVERIFY(!quote.currency.isEmpty());
            QVERIFY(quote.origin.isDemo());
        }
        QCOMPARE(recording.requests.size(), 1);
        const transport::HttpRequest& sent = recording.requests.constFirst();
        QCOMPARE(sent.url.path(), QStringLiteral("/v1/demo/prices"));
        QCOMPARE(QUrlQuery(sent.url).queryItemValue("codes"), QStringLiteral("WTI_USD,BRENT_CRUDE_USD"));
        QVERIFY(headerValue(sent.headers, "Authorization").isNull());

        std::optional<Result<QList<Commodity>>> catalogue;
        client.commodities(
            this, [&catalogue](const Result<QList<Commodity>>& r, const FetchInfo&) { catalogue = r; });
        QTRY_VERIFY_WITH_TIMEOUT(catalogue.has_value(), 5000);
        QVERIFY(bool(*catalogue));
        QVERIFY(catalogue->value().size() >= 20);
        QCOMPARE(recording.requests.constLast().url.path(), QStringLiteral("/v1/demo/commodities"));
        QVERIFY(headerValue(recording.requests.constLast().headers, "Authorization").isNull());

        // No history without a key: said at once, nothing sent.
        std::optional<Result<QList<Quote>>> history;
        HistoryQuery query;
        query.code = QStringLiteral("WTI_USD");
        client.history(
            query, this, [&history](const Result<QList<Quote>>& r, const FetchInfo&) { history = r; });
        QTRY_VERIFY_WITH_TIMEOUT(history.has_value(), 5000);
        QVERIFY(!*history);
        QCOMPARE(history->error().kind, ErrorKind::Auth);
        QCOMPARE(recording.requests.size(), 2);
    }

    void keyedRequestsStillCarryTheKey()
    {
        RecordingTransport recording(*m_transport);
        OilPriceApiClient client(simConfig(), recording);
        bool done = false;
        client.latest("WTI_USD", this, [&done](const Result<Quote>& r, const FetchInfo&) { done = bool(r); });
        QTRY_VERIFY_WITH_TIMEOUT(done, 5000);
        QCOMPARE(headerValue(recording.requests.constFirst().headers, "Authorization"),
            QByteArray("Token ") + m_sim->apiKey().toUtf8());
        QCOMPARE(recording.requests.constFirst().url.path(), QStringLiteral("/v1/prices/latest"));
    }

    // A demo 429 hands its Retry-After (hours, on the real demo) to whoever polls.
    void demoRateLimitCarriesItsRetryAfter()
    {
        sim::FaultSettings faults;
        faults.forcedStatus = 429;
        m_sim->setFaults(faults);
        ClientConfig config;
        config.baseUrl = m_sim->baseUrl();
        config.publicDemo = true;
        OilPriceApiClient client(config, *m_transport);
        std::optional<FetchInfo> info;
        std::optional<ApiError> error;
        client.latestMany({"WTI_USD"}, this, [&](const Result<QList<Quote>>& r, const FetchInfo& i) {
            info = i;
            if (!r)
                error = r.error();
        });
        QTRY_VERIFY_WITH_TIMEOUT(info.has_value(), 5000);
        QVERIFY(error);
        QCOMPARE(error->kind, ErrorKind::RateLimited);
        QCOMPARE(info->retryAfterSec, std::optional<int>(sim::SimRouter::kRetryAfterSec));
    }
};

QTEST_GUILESS_MAIN(TestOilPriceApiClient)
#include "tst_oilpriceapiclient.moc"
