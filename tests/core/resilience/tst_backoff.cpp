#include "resilience/backoff.h"
#include "resilience/retrypolicy.h"

#include <QTest>

using namespace oilwatch;
using namespace oilwatch::resilience;

class TestBackoff : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void defaults()
    {
        const BackoffSettings settings;
        QCOMPARE(settings.jitter, JitterKind::Full);
        QCOMPARE(settings.baseMs, 500);
        QCOMPARE(settings.capMs, 30'000);
        QCOMPARE(RetrySettings().maxAttempts, 4);
    }

    void ceiling_data()
    {
        QTest::addColumn<int>("retry");
        QTest::addColumn<qint64>("expected");
        QTest::addRow("1") << 1 << qint64(500);
        QTest::addRow("2") << 2 << qint64(1000);
        QTest::addRow("3") << 3 << qint64(2000);
        QTest::addRow("6") << 6 << qint64(16'000);
        QTest::addRow("7 capped") << 7 << qint64(30'000);
        QTest::addRow("64 no overflow") << 64 << qint64(30'000);
        QTest::addRow("100000 no overflow") << 100000 << qint64(30'000);
        QTest::addRow("0 treated as 1") << 0 << qint64(500);
    }

    void ceiling()
    {
        QFETCH(int, retry);
        QFETCH(qint64, expected);
        util::ScriptedRandom random({0.5});
        const Backoff backoff({}, random);
        QCOMPARE(backoff.ceilingMs(retry), expected);
    }

    // Each jitter kind at fixed points of its random range: the formulas, their bounds and the cap.
    void scriptedDelay_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("retry");
        QTest::addColumn<double>("u");
        QTest::addColumn<qint64>("expected");

        const int full = int(JitterKind::Full);
        QTest::addRow("full r1 bottom") << full << 1 << 0.0 << qint64(0);
        QTest::addRow("full r1 top") << full << 1 << 1.0 << qint64(500);
        QTest::addRow("full r3 middle") << full << 3 << 0.5 << qint64(1000);
        QTest::addRow("full r7 top capped") << full << 7 << 1.0 << qint64(30'000);
        QTest::addRow("full r99 middle capped") << full << 99 << 0.5 << qint64(15'000);

        const int equal = int(JitterKind::Equal);
        QTest::addRow("equal r1 bottom is half") << equal << 1 << 0.0 << qint64(250);
        QTest::addRow("equal r1 top") << equal << 1 << 1.0 << qint64(500);
        QTest::addRow("equal r4 middle") << equal << 4 << 0.5 << qint64(3000);
        QTest::addRow("equal r10 bottom capped") << equal << 10 << 0.0 << qint64(15'000);

        const int none = int(JitterKind::None);
        QTest::addRow("none r1") << none << 1 << 0.9 << qint64(500);
        QTest::addRow("none r2") << none << 2 << 0.1 << qint64(1000);
        QTest::addRow("none r8 capped") << none << 8 << 0.0 << qint64(30'000);

        const int decorrelated = int(JitterKind::Decorrelated);
        QTest::addRow("decorrelated first bottom is base") << decorrelated << 1 << 0.0 << qint64(500);
        QTest::addRow("decorrelated first top is 3 base") << decorrelated << 1 << 1.0 << qint64(1500);

        const int python = int(JitterKind::PythonSdkReference);
        QTest::addRow("python r1 bottom") << python << 1 << 0.0 << qint64(1000);
        QTest::addRow("python r1 top +30 percent") << python << 1 << 1.0 << qint64(1300);
        QTest::addRow("python r3 middle") << python << 3 << 0.5 << qint64(4600);
        QTest::addRow("python r7 capped at 60 s") << python << 7 << 0.0 << qint64(60'000);
        QTest::addRow("python r7 top ignores our cap") << python << 7 << 1.0 << qint64(78'000);
    }

    void scriptedDelay()
    {
        QFETCH(int, kind);
        QFETCH(int, retry);
        QFETCH(double, u);
        QFETCH(qint64, expected);
        util::ScriptedRandom random({u});
        BackoffSettings settings;
        settings.jitter = JitterKind(kind);
        Backoff backoff(settings, random);
        QCOMPARE(backoff.delayBeforeRetry(retry), expected);
    }

    void decorrelatedGrowsFromThePreviousDelay_data()
    {
        QTest::addColumn<double>("u");
        QTest::addColumn<QList<qint64>>("expected");
        // Always the top: 3× the previous delay until the cap, and the cap stays the ceiling afterwards.
        QTest::addRow("top") << 1.0 << QList<qint64> {1500, 4500, 13'500, 30'000, 30'000};
        QTest::addRow("bottom stays at base") << 0.0 << QList<qint64> {500, 500, 500, 500, 500};
        // middle: 500 + 0.5·(prev·3 − 500): 1000, 1750, 2875, 4562.5 → 4563
        QTest::addRow("middle") << 0.5 << QList<qint64> {1000, 1750, 2875, 4563, 7094};
    }

    void decorrelatedGrowsFromThePreviousDelay()
    {
        QFETCH(double, u);
        QFETCH(QList<qint64>, expected);
        util::ScriptedRandom random({u});
        Backoff backoff({JitterKind::Decorrelated, 500, 30'000}, random);
        QList<qint64> actual;
        for (int retry = 1; retry <= expected.size(); ++retry)
            actual << backoff.delayBeforeRetry(retry);
        QCOMPARE(actual, expected);
        backoff.reset();
        QCOMPARE(backoff.delayBeforeRetry(1), expected.first());
    }

    // Many samples from a seeded source: every delay within its bounds, the range really used, the mean where
    // the formula puts it.
    void spread_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("retry");
        QTest::addColumn<qint64>("lo");
        QTest::addColumn<qint64>("hi");
        QTest::addColumn<double>("mean");
        QTest::addRow("full r3") << int(JitterKind::Full) << 3 << qint64(0) << qint64(2000) << 1000.0;
        QTest::addRow("full r9 capped")
            << int(JitterKind::Full) << 9 << qint64(0) << qint64(30'000) << 15'000.0;
        QTest::addRow("equal r3") << int(JitterKind::Equal) << 3 << qint64(1000) << qint64(2000) << 1500.0;
        QTest::addRow("decorrelated r1")
            << int(JitterKind::Decorrelated) << 1 << qint64(500) << qint64(1500) << 1000.0;
        QTest::addRow("python r2") << int(JitterKind::PythonSdkReference) << 2 << qint64(2000) << qint64(2600)
                                   << 2300.0;
    }

    void spread()
    {
        QFETCH(int, kind);
        QFETCH(int, retry);
        QFETCH(qint64, lo);
        QFETCH(qint64, hi);
        QFETCH(double, mean);
        util::SeededRandom random(2026);
        BackoffSettings settings;
        settings.jitter = JitterKind(kind);
        const int n = 10'000;
        qint64 minSeen = std::numeric_limits<qint64>::max();
        qint64 maxSeen = 0;
        double sum = 0;
        for (int i = 0; i < n; ++i) {
            Backoff backoff(settings, random); // fresh each time: decorrelated would otherwise carry over
            const qint64 delay = backoff.delayBeforeRetry(retry);
            QVERIFY2(delay >= lo && delay <= hi, qPrintable(QString::number(delay)));
            minSeen = std::min(minSeen, delay);
            maxSeen = std::max(maxSeen, delay);
            sum += double(delay);
        }
        const double width = double(hi - lo);
        QVERIFY2(minSeen < lo + width * 0.01, qPrintable(QString::number(minSeen)));
        QVERIFY2(maxSeen > hi - width * 0.01, qPrintable(QString::number(maxSeen)));
        QVERIFY2(qAbs(sum / n - mean) < width * 0.02, qPrintable(QString::number(sum / n)));
    }

    void noJitterNeverSpreads()
    {
        util::SeededRandom random(1);
        Backoff backoff({JitterKind::None, 500, 30'000}, random);
        for (int i = 0; i < 100; ++i)
            QCOMPARE(backoff.delayBeforeRetry(2), 1000);
    }

    void sameSeedSameDelays()
    {
        util::SeededRandom a(99);
        util::SeededRandom b(99);
        util::SeededRandom c(100);
        Backoff first({JitterKind::Decorrelated, 500, 30'000}, a);
        Backoff second({JitterKind::Decorrelated, 500, 30'000}, b);
        Backoff other({JitterKind::Decorrelated, 500, 30'000}, c);
        bool differs = false;
        for (int retry = 1; retry <= 8; ++retry) {
            const qint64 delay = first.delayBeforeRetry(retry);
            QCOMPARE(second.delayBeforeRetry(retry), delay);
            differs = differs || other.delayBeforeRetry(retry) != delay;
        }
        QVERIFY(differs);
    }

    void names_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("name");
        QTest::addRow("full") << int(JitterKind::Full) << "full";
        QTest::addRow("equal") << int(JitterKind::Equal) << "equal";
        QTest::addRow("decorrelated") << int(JitterKind::Decorrelated) << "decorrelated";
        QTest::addRow("none") << int(JitterKind::None) << "none";
        QTest::addRow("python") << int(JitterKind::PythonSdkReference) << "python_sdk_reference";
    }

    void names()
    {
        QFETCH(int, kind);
        QFETCH(QString, name);
        QCOMPARE(jitterKindName(JitterKind(kind)), name);
        QCOMPARE(jitterKindFromName(name), std::optional<JitterKind>(JitterKind(kind)));
    }

    void unknownNameIsRejected()
    {
        QVERIFY(!jitterKindFromName(QStringLiteral("Full")));
        QVERIFY(!jitterKindFromName(QString()));
    }
};

QTEST_GUILESS_MAIN(TestBackoff)
#include "tst_backoff.moc"
