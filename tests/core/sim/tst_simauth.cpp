// SimAuth: the key check and the daily quota of the simulator (core/sim/simauth.cpp). The same rules through
// the router, with the answers they give, are in tst_simrouter.
#include "sim/simauth.h"

#include <QTest>

using oilwatch::sim::HttpRequest;
using oilwatch::sim::SimAuth;

namespace {

constexpr qint64 kDayMs = 86'400'000;
// 2026-03-10T10:30:15Z
constexpr qint64 kNowMs = 1'773'138'615'000;

HttpRequest withAuthorization(const QByteArray& value)
{
    HttpRequest request;
    request.method = "GET";
    request.path = "/v1/commodities";
    if (!value.isNull())
        request.headers.emplace_back("Authorization", value);
    return request;
}

} // namespace

Q_DECLARE_METATYPE(SimAuth::Verdict)

class TestSimAuth : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void verdicts_data()
    {
        QTest::addColumn<QByteArray>("authorization");
        QTest::addColumn<SimAuth::Verdict>("verdict");
        QTest::addRow("token") << QByteArray("Token k1") << SimAuth::Verdict::Ok;
        QTest::addRow("bearer") << QByteArray("Bearer k1") << SimAuth::Verdict::Ok;
        QTest::addRow("scheme any case") << QByteArray("tOKEN k1") << SimAuth::Verdict::Ok;
        QTest::addRow("spaces around the key") << QByteArray("Token   k1 ") << SimAuth::Verdict::Ok;
        QTest::addRow("absent") << QByteArray() << SimAuth::Verdict::MissingKey;
        QTest::addRow("empty") << QByteArray("") << SimAuth::Verdict::MissingKey;
        QTest::addRow("blank") << QByteArray("   ") << SimAuth::Verdict::MissingKey;
        QTest::addRow("other key") << QByteArray("Token k2") << SimAuth::Verdict::InvalidKey;
        QTest::addRow("key of other case") << QByteArray("Token K1") << SimAuth::Verdict::InvalidKey;
        QTest::addRow("no scheme") << QByteArray("k1") << SimAuth::Verdict::InvalidKey;
        QTest::addRow("basic") << QByteArray("Basic k1") << SimAuth::Verdict::InvalidKey;
        QTest::addRow("scheme only") << QByteArray("Token ") << SimAuth::Verdict::InvalidKey;
    }

    void verdicts()
    {
        QFETCH(QByteArray, authorization);
        QFETCH(SimAuth::Verdict, verdict);
        const SimAuth auth("k1", 0);
        QCOMPARE(auth.check(withAuthorization(authorization)), verdict);
    }

    // Without a quota the counter advertises 10000, counts down to 0 and stays there; nothing is refused.
    void unenforcedCountsDownOnly()
    {
        SimAuth auth("k1", 0);
        auth.rollDay(kNowMs);
        QCOMPARE(auth.limit(), SimAuth::kDailyLimit);
        QCOMPARE(auth.limitHeader(), QByteArray("10000"));
        for (int i = 0; i < SimAuth::kDailyLimit + 5; ++i)
            auth.spend();
        QCOMPARE(auth.remaining(), 0);
        QVERIFY(!auth.spent());
    }

    // With one, the day's requests run out, and the next UTC day starts full.
    void enforcedQuotaRunsOutUntilMidnight()
    {
        SimAuth auth("k1", 2);
        auth.rollDay(kNowMs);
        QCOMPARE(auth.limitHeader(), QByteArray("2"));
        auth.spend();
        QVERIFY(!auth.spent());
        auth.spend();
        QVERIFY(auth.spent());
        QCOMPARE(auth.remainingHeader(auth.remaining()), QByteArray("0"));
        auth.rollDay(kNowMs + 3600'000); // the same day
        QVERIFY(auth.spent());
        auth.rollDay((kNowMs / kDayMs + 1) * kDayMs); // midnight
        QVERIFY(!auth.spent());
        QCOMPARE(auth.remaining(), 2);
        QCOMPARE(auth.remainingHeader(auth.remaining()), QByteArray("2"));
    }

    void negativeQuotaIsNone()
    {
        SimAuth auth("k1", -3);
        auth.rollDay(kNowMs);
        QCOMPARE(auth.limit(), SimAuth::kDailyLimit);
        QVERIFY(!auth.spent());
    }
};

QTEST_GUILESS_MAIN(TestSimAuth)
#include "tst_simauth.moc"
