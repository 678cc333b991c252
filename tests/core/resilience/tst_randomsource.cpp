#include "util/randomsource.h"

#include <vector>

#include <QTest>

using namespace oilwatch::util;

class TestRandomSource : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void seededIsDeterministicPerSeed()
    {
        SeededRandom a(7);
        SeededRandom b(7);
        SeededRandom c(8);
        bool differs = false;
        for (int i = 0; i < 100; ++i) {
            const double x = a.uniform01();
            QCOMPARE(b.uniform01(), x);
            differs = differs || c.uniform01() != x;
        }
        QVERIFY(differs);
    }

    void seededIsTheSameOnEveryPlatform()
    {
        // The first output of mt19937_64 for seed 5489 is fixed by the standard (14514284786278117030); our
        // mapping keeps its top 53 bits. A literal, so a change of engine or mapping cannot go unnoticed.
        SeededRandom random(5489u);
        QCOMPARE(random.uniform01(), 0.7868209548678019);
    }

    void seededStaysInRangeAndSpreads()
    {
        SeededRandom random(12345);
        double sum = 0;
        double lo = 1;
        double hi = 0;
        const int n = 20000;
        std::vector<int> deciles(10, 0);
        for (int i = 0; i < n; ++i) {
            const double x = random.uniform01();
            QVERIFY(x >= 0.0 && x < 1.0);
            sum += x;
            lo = std::min(lo, x);
            hi = std::max(hi, x);
            ++deciles[static_cast<std::size_t>(x * 10)];
        }
        QVERIFY(qAbs(sum / n - 0.5) < 0.01);
        QVERIFY(lo < 0.001);
        QVERIFY(hi > 0.999);
        for (int count : deciles)
            QVERIFY2(count > n / 10 * 0.9 && count < n / 10 * 1.1, qPrintable(QString::number(count)));
    }

    void uniformScalesToTheRange_data()
    {
        QTest::addColumn<double>("u");
        QTest::addColumn<double>("lo");
        QTest::addColumn<double>("hi");
        QTest::addColumn<double>("expected");
        QTest::addRow("bottom") << 0.0 << 10.0 << 20.0 << 10.0;
        QTest::addRow("middle") << 0.5 << 10.0 << 20.0 << 15.0;
        QTest::addRow("top") << 1.0 << 10.0 << 20.0 << 20.0;
        QTest::addRow("empty range") << 0.7 << 5.0 << 5.0 << 5.0;
        QTest::addRow("reversed range gives lo") << 0.7 << 5.0 << 1.0 << 5.0;
    }

    void uniformScalesToTheRange()
    {
        QFETCH(double, u);
        QFETCH(double, lo);
        QFETCH(double, hi);
        QFETCH(double, expected);
        ScriptedRandom random({u});
        QCOMPARE(random.uniform(lo, hi), expected);
    }

    void scriptedRepeatsAndClamps()
    {
        ScriptedRandom random({0.25, 1.5, -1.0});
        QCOMPARE(random.uniform01(), 0.25);
        QCOMPARE(random.uniform01(), 1.0);
        QCOMPARE(random.uniform01(), 0.0);
        QCOMPARE(random.uniform01(), 0.25);
        QCOMPARE(random.calls(), 4);
    }

    void scriptedEmptyGivesZero()
    {
        ScriptedRandom random({});
        QCOMPARE(random.uniform01(), 0.0);
    }
};

QTEST_GUILESS_MAIN(TestRandomSource)
#include "tst_randomsource.moc"
