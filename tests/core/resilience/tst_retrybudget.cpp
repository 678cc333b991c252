#include "resilience/retrybudget.h"

#include <QStringList>
#include <QTest>

using namespace oilwatch::resilience;

class TestRetryBudget : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void defaultsAreAwsStandard()
    {
        const RetryBudget budget;
        QCOMPARE(budget.capacity(), 500);
        QCOMPARE(budget.available(), 500);
        QCOMPARE(budget.costOf(false), 5);
        QCOMPARE(budget.costOf(true), 10);
        QCOMPARE(budget.settings().successRefund, 1);
        QVERIFY(budget.isEnabled());
    }

    // Operations: "r" a retry, "t" a timeout retry, "s" a first-try success, "sN" a success after retries
    // that took N tokens. `results` is what each spend returned (-1 = refused).
    void sequence_data()
    {
        QTest::addColumn<int>("start"); // tokens spent beforehand through plain retries
        QTest::addColumn<QStringList>("ops");
        QTest::addColumn<QList<int>>("results");
        QTest::addColumn<int>("left");

        QTest::addRow("one retry") << 0 << QStringList {"r"} << QList<int> {5} << 495;
        QTest::addRow("timeout costs double") << 0 << QStringList {"t"} << QList<int> {10} << 490;
        QTest::addRow("success refunds one") << 0 << QStringList {"r", "s"} << QList<int> {5} << 496;
        QTest::addRow("never above capacity") << 0 << QStringList {"s", "s"} << QList<int> {} << 500;
        QTest::addRow("success after retries refunds them")
            << 0 << QStringList {"r", "t", "s15"} << QList<int> {5, 10} << 500;
        QTest::addRow("refund capped at capacity") << 0 << QStringList {"r", "s50"} << QList<int> {5} << 500;
        QTest::addRow("drained by 100 retries") << 500 << QStringList {"r"} << QList<int> {-1} << 0;
        QTest::addRow("a timeout needs 10") << 495 << QStringList {"t", "r"} << QList<int> {-1, 5} << 0;
        QTest::addRow("refused spends nothing") << 495 << QStringList {"t", "t"} << QList<int> {-1, -1} << 5;
        QTest::addRow("recovers one success at a time")
            << 500 << QStringList {"s", "s", "s", "s", "r", "s", "r"} << QList<int> {-1, 5} << 0;
    }

    void sequence()
    {
        QFETCH(int, start);
        QFETCH(QStringList, ops);
        QFETCH(QList<int>, results);
        QFETCH(int, left);
        RetryBudget budget;
        for (int i = 0; i < start / 5; ++i)
            QCOMPARE(budget.trySpendRetry(false), 5);
        QCOMPARE(budget.available(), 500 - start);
        QList<int> actual;
        for (const QString& op : ops) {
            if (op == QLatin1String("r"))
                actual << budget.trySpendRetry(false);
            else if (op == QLatin1String("t"))
                actual << budget.trySpendRetry(true);
            else if (op == QLatin1String("s"))
                budget.recordSuccess();
            else
                budget.recordSuccess(op.mid(1).toInt());
        }
        QCOMPARE(actual, results);
        QCOMPARE(budget.available(), left);
    }

    void disabledNeverRefuses()
    {
        RetryBudget budget({false, 10, 5, 10, 1});
        for (int i = 0; i < 100; ++i)
            QCOMPARE(budget.trySpendRetry(i % 2 == 0), 0);
        budget.recordSuccess();
        QCOMPARE(budget.available(), 10);
        QVERIFY(!budget.isEnabled());
    }

    void customSettings()
    {
        RetryBudget budget({true, 12, 4, 7, 2});
        QCOMPARE(budget.trySpendRetry(true), 7);
        QCOMPARE(budget.trySpendRetry(false), 4);
        QCOMPARE(budget.trySpendRetry(false), -1);
        QCOMPARE(budget.available(), 1);
        budget.recordSuccess();
        QCOMPARE(budget.available(), 3);
    }
};

QTEST_GUILESS_MAIN(TestRetryBudget)
#include "tst_retrybudget.moc"
