#include "resilience/retrypolicy.h"

#include <QTest>

using namespace oilwatch;
using namespace oilwatch::resilience;

namespace {

constexpr int kNone = -1;

api::ApiError errorOf(api::ErrorKind kind, int status, const QString& state = {}, const QString& window = {})
{
    api::ApiError error = api::ApiError::make(kind, QStringLiteral("test"));
    error.httpStatus = status;
    error.rateLimit.state = state;
    error.rateLimit.window = window;
    return error;
}

FailedAttempt failed(api::ApiError error, int attempt = 1)
{
    FailedAttempt out;
    out.error = std::move(error);
    out.attempt = attempt;
    return out;
}

} // namespace

class TestRetryPolicy : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void decisionTable_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("state");
        QTest::addColumn<QString>("window");
        QTest::addColumn<int>("attempt");
        QTest::addColumn<int>("cause"); // kNone: not transient
        QTest::addColumn<int>("giveUp"); // kNone: retried
        QTest::addColumn<qint64>("delayMs"); // with the random source at the top of Full jitter

        using K = api::ErrorKind;
        const auto row = [](const char* name, QByteArray method, K kind, int status, int attempt, int cause,
                             int giveUp, qint64 delay, QString state = {}, QString window = {}) {
            QTest::addRow("%s", name)
                << method << int(kind) << status << state << window << attempt << cause << giveUp << delay;
        };
        const int network = int(RetryCause::Network);
        const int timeout = int(RetryCause::Timeout);
        const int tooMany = int(RetryCause::TooManyRequests);
        const int server = int(RetryCause::ServerError);
        const int notRetryable = int(GiveUpReason::NotRetryable);
        const int quota = int(GiveUpReason::QuotaExhausted);

        row("network", "GET", K::Network, 0, 1, network, kNone, 500);
        row("timeout", "GET", K::Timeout, 0, 1, timeout, kNone, 500);
        row("408", "GET", K::Timeout, 408, 1, timeout, kNone, 500);
        row("429 burst", "GET", K::RateLimited, 429, 1, tooMany, kNone, 500);
        row("429 burst, available", "GET", K::RateLimited, 429, 1, tooMany, kNone, 500, "available",
            "daily_counter");
        row("429 hourly breaker exhausted is not a quota", "GET", K::RateLimited, 429, 1, tooMany, kNone, 500,
            "exhausted", "hourly_circuit_breaker");
        row("429 daily quota", "GET", K::RateLimited, 429, 1, kNone, quota, 0, "exhausted", "daily_counter");
        row("429 daily (cookbook)", "GET", K::RateLimited, 429, 1, kNone, quota, 0, "exhausted", "daily");
        row("429 monthly quota", "GET", K::RateLimited, 429, 1, kNone, quota, 0, "Exhausted", "monthly");
        row("429 trial quota", "GET", K::RateLimited, 429, 1, kNone, quota, 0, "exhausted", "trial");
        row("402 quota", "GET", K::RateLimited, 402, 1, kNone, quota, 0);
        row("500", "GET", K::Server, 500, 1, server, kNone, 500);
        row("502", "GET", K::Server, 502, 2, server, kNone, 1000);
        row("503", "GET", K::Server, 503, 3, server, kNone, 2000);
        row("504", "GET", K::Server, 504, 1, server, kNone, 500);
        row("501", "GET", K::Server, 501, 1, kNone, notRetryable, 0);
        row("505", "GET", K::Server, 505, 1, kNone, notRetryable, 0);
        row("507", "GET", K::Server, 507, 1, kNone, notRetryable, 0);
        row("400", "GET", K::ClientError, 400, 1, kNone, notRetryable, 0);
        row("400 invalid code", "GET", K::InvalidCode, 400, 1, kNone, notRetryable, 0);
        row("401", "GET", K::Auth, 401, 1, kNone, notRetryable, 0);
        row("403", "GET", K::Forbidden, 403, 1, kNone, notRetryable, 0);
        row("404", "GET", K::NotFound, 404, 1, kNone, notRetryable, 0);
        row("409", "GET", K::ClientError, 409, 1, kNone, notRetryable, 0);
        row("422", "GET", K::ClientError, 422, 1, kNone, notRetryable, 0);
        row("200 bad body", "GET", K::BadResponse, 200, 1, kNone, notRetryable, 0);
        row("bad response, no status", "GET", K::BadResponse, 0, 1, kNone, notRetryable, 0);
        row("cancelled", "GET", K::Cancelled, 0, 1, kNone, notRetryable, 0);
        row("config", "GET", K::Config, 0, 1, kNone, notRetryable, 0);
        row("circuit open", "GET", K::CircuitOpen, 0, 1, kNone, notRetryable, 0);
        row("overloaded", "GET", K::Overloaded, 0, 1, kNone, notRetryable, 0);
        row("server kind without a status", "GET", K::Server, 0, 1, kNone, notRetryable, 0);

        const int notIdempotent = int(GiveUpReason::NotIdempotent);
        row("POST 503", "POST", K::Server, 503, 1, kNone, notIdempotent, 0);
        row("PUT network", "PUT", K::Network, 0, 1, kNone, notIdempotent, 0);
        row("DELETE timeout", "DELETE", K::Timeout, 0, 1, kNone, notIdempotent, 0);
        row("methods are case-sensitive", "get", K::Network, 0, 1, kNone, notIdempotent, 0);

        const int exhausted = int(GiveUpReason::AttemptsExhausted);
        row("attempt 3 of 4 retried", "GET", K::Server, 503, 3, server, kNone, 2000);
        row("attempt 4 of 4 gives up", "GET", K::Server, 503, 4, server, exhausted, 0);
        row("attempt 9 of 4 gives up", "GET", K::Network, 0, 9, network, exhausted, 0);
        row("permanent wins over attempts", "GET", K::Auth, 401, 4, kNone, notRetryable, 0);
    }

    void decisionTable()
    {
        QFETCH(QByteArray, method);
        QFETCH(int, kind);
        QFETCH(int, status);
        QFETCH(QString, state);
        QFETCH(QString, window);
        QFETCH(int, attempt);
        QFETCH(int, cause);
        QFETCH(int, giveUp);
        QFETCH(qint64, delayMs);

        util::ManualClock clock;
        util::ScriptedRandom random({1.0});
        const RetryPolicy policy({}, clock);
        Backoff backoff = policy.makeBackoff(random);
        FailedAttempt attempt_ = failed(errorOf(api::ErrorKind(kind), status, state, window), attempt);
        attempt_.method = method;

        const RetryDecision decision = policy.decide(attempt_, backoff, nullptr);
        QCOMPARE(decision.retry, giveUp == kNone);
        QCOMPARE(decision.giveUp ? int(*decision.giveUp) : kNone, giveUp);
        QCOMPARE(decision.cause ? int(*decision.cause) : kNone, cause);
        QCOMPARE(decision.nextAttempt, attempt + 1);
        if (decision.retry) {
            QCOMPARE(decision.delayMs, delayMs);
            QCOMPARE(decision.delaySource, DelaySource::Backoff);
        }
        // classify() agrees with decide() on whether the outcome is transient.
        QCOMPARE(RetryPolicy::classify(attempt_.error, method).retryable(), cause != kNone);
    }

    void retryAfter_data()
    {
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<int>("bodySeconds"); // kNone: rateLimit.retryAfterSec unset
        QTest::addColumn<qint64>("maxRetryAfterMs");
        QTest::addColumn<qint64>("delayMs");
        QTest::addColumn<int>("source");
        const int server = int(DelaySource::RetryAfter);
        const int backoff = int(DelaySource::Backoff);
        QTest::addRow("seconds") << QByteArray("7") << kNone << qint64(60'000) << qint64(7000) << server;
        QTest::addRow("zero") << QByteArray("0") << kNone << qint64(60'000) << qint64(0) << server;
        QTest::addRow("http-date") << QByteArray("Thu, 01 Jan 2026 00:00:20 GMT") << kNone << qint64(60'000)
                                   << qint64(20'000) << server;
        QTest::addRow("past http-date")
            << QByteArray("Wed, 31 Dec 2025 00:00:20 GMT") << kNone << qint64(60'000) << qint64(0) << server;
        QTest::addRow("huge clamps") << QByteArray("3600") << kNone << qint64(60'000) << qint64(60'000)
                                     << server;
        QTest::addRow("custom clamp")
            << QByteArray("30") << kNone << qint64(10'000) << qint64(10'000) << server;
        QTest::addRow("garbage falls back to backoff")
            << QByteArray("later") << kNone << qint64(60'000) << qint64(500) << backoff;
        QTest::addRow("negative falls back to backoff")
            << QByteArray("-3") << kNone << qint64(60'000) << qint64(500) << backoff;
        QTest::addRow("from the body") << QByteArray() << 12 << qint64(60'000) << qint64(12'000) << server;
        QTest::addRow("body clamped") << QByteArray() << 600 << qint64(60'000) << qint64(60'000) << server;
        QTest::addRow("header beats body")
            << QByteArray("3") << 12 << qint64(60'000) << qint64(3000) << server;
        QTest::addRow("garbage header, body used")
            << QByteArray("x") << 12 << qint64(60'000) << qint64(12'000) << server;
        QTest::addRow("nothing: backoff")
            << QByteArray() << kNone << qint64(60'000) << qint64(500) << backoff;
    }

    void retryAfter()
    {
        QFETCH(QByteArray, header);
        QFETCH(int, bodySeconds);
        QFETCH(qint64, maxRetryAfterMs);
        QFETCH(qint64, delayMs);
        QFETCH(int, source);

        util::ManualClock clock; // 2026-01-01T00:00:00Z
        util::ScriptedRandom random({1.0});
        RetrySettings settings;
        settings.maxRetryAfterMs = maxRetryAfterMs;
        const RetryPolicy policy(settings, clock);
        Backoff backoff = policy.makeBackoff(random);
        FailedAttempt attempt = failed(errorOf(api::ErrorKind::RateLimited, 429));
        attempt.retryAfterHeader = header;
        if (bodySeconds != kNone)
            attempt.error.rateLimit.retryAfterSec = bodySeconds;

        const RetryDecision decision = policy.decide(attempt, backoff, nullptr);
        QVERIFY(decision.retry);
        QCOMPARE(decision.delayMs, delayMs);
        QCOMPARE(int(decision.delaySource), source);
        // A server-given delay leaves the backoff untouched (decorrelated jitter keeps its own history).
        QCOMPARE(random.calls(), source == int(DelaySource::Backoff) ? 1 : 0);
    }

    void deadline_data()
    {
        QTest::addColumn<qint64>("deadlineMs");
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<bool>("retry");
        // now is 10 000 ms; the first retry's backoff is 500 ms
        QTest::addRow("no deadline") << qint64(-1) << QByteArray() << true;
        QTest::addRow("backoff ends at deadline") << qint64(10'500) << QByteArray() << false;
        QTest::addRow("backoff ends before") << qint64(10'501) << QByteArray() << true;
        QTest::addRow("retry-after passes it") << qint64(15'000) << QByteArray("10") << false;
        QTest::addRow("retry-after fits") << qint64(21'000) << QByteArray("10") << true;
    }

    void deadline()
    {
        QFETCH(qint64, deadlineMs);
        QFETCH(QByteArray, header);
        QFETCH(bool, retry);
        util::ManualClock clock;
        clock.advanceMs(10'000);
        util::ScriptedRandom random({1.0});
        const RetryPolicy policy({}, clock);
        Backoff backoff = policy.makeBackoff(random);
        RetryBudget budget;
        FailedAttempt attempt = failed(errorOf(api::ErrorKind::Server, 503));
        attempt.retryAfterHeader = header;
        if (deadlineMs >= 0)
            attempt.deadlineMs = deadlineMs;
        const RetryDecision decision = policy.decide(attempt, backoff, &budget);
        QCOMPARE(decision.retry, retry);
        if (!retry) {
            QCOMPARE(decision.giveUp, std::optional<GiveUpReason>(GiveUpReason::DeadlineWouldPass));
            QCOMPARE(budget.available(), 500); // no tokens for a retry that will not happen
            QCOMPARE(decision.tokensSpent, 0);
        }
    }

    void budgetIsSpentOnlyForRetries_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("status");
        QTest::addColumn<int>("spent");
        QTest::addColumn<int>("left");
        QTest::addRow("network costs 5") << int(api::ErrorKind::Network) << 0 << 5 << 495;
        QTest::addRow("503 costs 5") << int(api::ErrorKind::Server) << 503 << 5 << 495;
        QTest::addRow("timeout costs 10") << int(api::ErrorKind::Timeout) << 0 << 10 << 490;
        QTest::addRow("408 costs 10") << int(api::ErrorKind::Timeout) << 408 << 10 << 490;
        QTest::addRow("401 costs nothing") << int(api::ErrorKind::Auth) << 401 << 0 << 500;
    }

    void budgetIsSpentOnlyForRetries()
    {
        QFETCH(int, kind);
        QFETCH(int, status);
        QFETCH(int, spent);
        QFETCH(int, left);
        util::ManualClock clock;
        util::ScriptedRandom random({0.5});
        const RetryPolicy policy({}, clock);
        Backoff backoff = policy.makeBackoff(random);
        RetryBudget budget;
        const RetryDecision decision
            = policy.decide(failed(errorOf(api::ErrorKind(kind), status)), backoff, &budget);
        QCOMPARE(decision.tokensSpent, spent);
        QCOMPARE(decision.tokensLeft, left);
        QCOMPARE(budget.available(), left);
    }

    void emptyBudgetGivesUp()
    {
        util::ManualClock clock;
        util::ScriptedRandom random({0.5});
        const RetryPolicy policy({}, clock);
        Backoff backoff = policy.makeBackoff(random);
        RetryBudget budget({true, 12, 5, 10, 1});
        QVERIFY(policy.decide(failed(errorOf(api::ErrorKind::Network, 0)), backoff, &budget).retry);
        // 7 left: a timeout retry (10) is refused, a plain one (5) still fits.
        const RetryDecision timeout
            = policy.decide(failed(errorOf(api::ErrorKind::Timeout, 0)), backoff, &budget);
        QVERIFY(!timeout.retry);
        QCOMPARE(timeout.giveUp, std::optional<GiveUpReason>(GiveUpReason::BudgetEmpty));
        QCOMPARE(timeout.tokensLeft, 7);
        QVERIFY(policy.decide(failed(errorOf(api::ErrorKind::Network, 0)), backoff, &budget).retry);
        const RetryDecision empty
            = policy.decide(failed(errorOf(api::ErrorKind::Network, 0)), backoff, &budget);
        QCOMPARE(empty.giveUp, std::optional<GiveUpReason>(GiveUpReason::BudgetEmpty));
        QCOMPARE(budget.available(), 2);
    }

    void attemptsFollowSettings()
    {
        util::ManualClock clock;
        util::ScriptedRandom random({1.0});
        RetrySettings settings;
        settings.maxAttempts = 2;
        const RetryPolicy policy(settings, clock);
        Backoff backoff = policy.makeBackoff(random);
        QVERIFY(policy.decide(failed(errorOf(api::ErrorKind::Network, 0), 1), backoff, nullptr).retry);
        QCOMPARE(policy.decide(failed(errorOf(api::ErrorKind::Network, 0), 2), backoff, nullptr).giveUp,
            std::optional<GiveUpReason>(GiveUpReason::AttemptsExhausted));
    }

    void localRefusalsAreTyped_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("name");
        QTest::addRow("circuit open") << int(api::ErrorKind::CircuitOpen) << "circuit_open";
        QTest::addRow("overloaded") << int(api::ErrorKind::Overloaded) << "overloaded";
    }

    void localRefusalsAreTyped()
    {
        QFETCH(int, kind);
        QFETCH(QString, name);
        const api::ApiError error = api::ApiError::make(api::ErrorKind(kind), QStringLiteral("refused"));
        QCOMPARE(api::errorKindName(error.kind), name);
        QCOMPARE(error.exitCode(), 5);
        QVERIFY(!error.isRetryable());
    }
};

QTEST_GUILESS_MAIN(TestRetryPolicy)
#include "tst_retrypolicy.moc"
