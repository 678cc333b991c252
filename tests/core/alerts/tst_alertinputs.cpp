// What each rule kind measures from the reported facts, table-driven where the kinds share a shape.
#include "alerts/alertinputs.h"
#include "support/testquotes.h"

#include <QTest>

using namespace oilwatch;
using namespace oilwatch::alerts;
using resilience::BreakerState;

namespace {

const QString kBrent = QStringLiteral("BRENT_CRUDE_USD");

AlertRule rule(AlertKind kind, qint64 windowMs = 15 * 60'000)
{
    AlertRule r;
    r.id = QStringLiteral("r");
    r.code = kBrent;
    r.kind = kind;
    r.threshold = 1;
    r.windowMs = windowMs;
    return r;
}

api::FetchInfo served(api::ServedFrom from, qint64 ageMs)
{
    api::FetchInfo info;
    info.servedFrom = from;
    info.ageMs = ageMs;
    return info;
}

void add(AlertInputs& inputs, double price, qint64 atMs, qint64 ageMs = 0)
{
    inputs.addQuote(testing::quote(kBrent, 0, price), served(api::ServedFrom::Live, ageMs), atMs);
}

} // namespace

class TestAlertInputs : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void nothingToMeasureBeforeTheFirstQuote_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<bool>("measured");
        QTest::addRow("above") << int(AlertKind::Above) << false;
        QTest::addRow("below") << int(AlertKind::Below) << false;
        QTest::addRow("move") << int(AlertKind::PercentMove) << false;
        QTest::addRow("stale") << int(AlertKind::Stale) << false;
        QTest::addRow("breaker: closed") << int(AlertKind::BreakerOpen) << true;
        QTest::addRow("suspect: not suspect") << int(AlertKind::DataSuspect) << true;
    }

    void nothingToMeasureBeforeTheFirstQuote()
    {
        QFETCH(int, kind);
        QFETCH(bool, measured);
        AlertInputs inputs;
        const std::optional<Measurement> m = inputs.measure(rule(AlertKind(kind)), 1000);
        QCOMPARE(m.has_value(), measured);
        if (m)
            QCOMPARE(m->value, 0.0);
    }

    void priceIsTheNewestQuote()
    {
        AlertInputs inputs;
        add(inputs, 79.5, 0);
        add(inputs, 81.25, 30'000);
        const std::optional<Measurement> m = inputs.measure(rule(AlertKind::Above), 30'000);
        QVERIFY(m);
        QCOMPARE(m->value, 81.25);
        QCOMPARE(m->detail, QStringLiteral("price 81.25"));
        QCOMPARE(inputs.lastPrice(kBrent), std::optional<double>(81.25));
        QVERIFY(!inputs.lastPrice(QStringLiteral("WTI_USD")));
    }

    void moveAgainstTheOldestPriceInTheWindow_data()
    {
        QTest::addColumn<qint64>("windowMs");
        QTest::addColumn<qint64>("nowMs");
        QTest::addColumn<double>("percent");
        // prices: 100 at 0, 110 at 60 s, 99 at 120 s
        QTest::addRow("whole history") << 600'000LL << 120'000LL << -1.0;
        QTest::addRow("last minute only") << 60'000LL << 120'000LL << -10.0;
        QTest::addRow("window holds only the newest") << 1'000LL << 120'000LL << 0.0;
        QTest::addRow("newest outside the window") << 1'000LL << 500'000LL << 0.0;
    }

    void moveAgainstTheOldestPriceInTheWindow()
    {
        QFETCH(qint64, windowMs);
        QFETCH(qint64, nowMs);
        QFETCH(double, percent);
        AlertInputs inputs;
        inputs.setRetentionMs(600'000);
        add(inputs, 100, 0);
        add(inputs, 110, 60'000);
        add(inputs, 99, 120'000);
        const std::optional<Measurement> m = inputs.measure(rule(AlertKind::PercentMove, windowMs), nowMs);
        QVERIFY(m);
        QCOMPARE(m->value, percent);
    }

    void moveDetailSaysFromWhereToWhere()
    {
        AlertInputs inputs;
        add(inputs, 80, 0);
        add(inputs, 84, 60'000);
        QCOMPARE(inputs.measure(rule(AlertKind::PercentMove), 60'000)->detail,
            QStringLiteral("+5.00 % from 80 to 84"));
    }

    void moveFromZeroIsNotMeasured()
    {
        AlertInputs inputs;
        add(inputs, 0, 0);
        add(inputs, 1, 1000);
        QVERIFY(!inputs.measure(rule(AlertKind::PercentMove), 1000));
    }

    void retentionDropsOldPricesButKeepsTheNewest()
    {
        AlertInputs inputs;
        inputs.setRetentionMs(60'000);
        add(inputs, 100, 0);
        add(inputs, 200, 120'000);
        // The first price is gone, so a long window sees no move.
        QCOMPARE(inputs.measure(rule(AlertKind::PercentMove, 3'600'000), 120'000)->value, 0.0);
        QCOMPARE(inputs.measure(rule(AlertKind::Above), 10'000'000)->value, 200.0);
    }

    void staleAgeKeepsCountingFromTheServedAge_data()
    {
        QTest::addColumn<qint64>("servedAgeMs");
        QTest::addColumn<qint64>("laterMs");
        QTest::addColumn<double>("seconds");
        QTest::addColumn<QString>("detail");
        QTest::addRow("live, just now") << 0LL << 0LL << 0.0 << "value 0 s old";
        QTest::addRow("live, a minute later") << 0LL << 60'000LL << 60.0 << "value 60 s old";
        QTest::addRow("cached 10 min old") << 600'000LL << 0LL << 600.0 << "value 10 min old";
        QTest::addRow("cached, 3 h later") << 0LL << 10'800'000LL << 10800.0 << "value 3 h old";
    }

    void staleAgeKeepsCountingFromTheServedAge()
    {
        QFETCH(qint64, servedAgeMs);
        QFETCH(qint64, laterMs);
        QFETCH(double, seconds);
        QFETCH(QString, detail);
        AlertInputs inputs;
        add(inputs, 70, 5000, servedAgeMs);
        const std::optional<Measurement> m = inputs.measure(rule(AlertKind::Stale), 5000 + laterMs);
        QCOMPARE(m->value, seconds);
        QCOMPARE(m->detail, detail);
    }

    void breakerOpenTime_data()
    {
        QTest::addColumn<QList<int>>("states"); // reported at 0, 10 s, 20 s, ...
        QTest::addColumn<double>("secondsAt60");
        const int open = int(BreakerState::Open);
        const int half = int(BreakerState::HalfOpen);
        const int closed = int(BreakerState::Closed);
        const int forced = int(BreakerState::ForcedOpen);
        QTest::addRow("open since 0") << QList<int> {open} << 60.0;
        QTest::addRow("half-open keeps counting") << QList<int> {open, half, open} << 60.0;
        QTest::addRow("closed in between starts over") << QList<int> {open, closed, open} << 40.0;
        QTest::addRow("closed") << QList<int> {open, closed} << 0.0;
        QTest::addRow("forced open is the user's choice") << QList<int> {forced} << 0.0;
    }

    void breakerOpenTime()
    {
        QFETCH(QList<int>, states);
        QFETCH(double, secondsAt60);
        AlertInputs inputs;
        for (int i = 0; i < states.size(); ++i)
            inputs.setBreakerState(QStringLiteral("api.example.test"), BreakerState(states[i]), i * 10'000);
        QCOMPARE(inputs.measure(rule(AlertKind::BreakerOpen), 60'000)->value, secondsAt60);
    }

    void longestOpenHostCounts()
    {
        AlertInputs inputs;
        inputs.setBreakerState(QStringLiteral("a.test"), BreakerState::Open, 30'000);
        inputs.setBreakerState(QStringLiteral("B.test"), BreakerState::Open, 0);
        inputs.setBreakerState(QStringLiteral("b.test"), BreakerState::HalfOpen, 20'000);
        const std::optional<Measurement> m = inputs.measure(rule(AlertKind::BreakerOpen), 150'000);
        QCOMPARE(m->value, 150.0);
        QCOMPARE(m->detail, QStringLiteral("breaker of b.test open for 2 min"));
    }

    void suspectWithItsReason()
    {
        AlertInputs inputs;
        inputs.setSuspect(kBrent, true, QStringLiteral("price 0 is not above 0"));
        QCOMPARE(inputs.measure(rule(AlertKind::DataSuspect), 0)->value, 1.0);
        QCOMPARE(inputs.measure(rule(AlertKind::DataSuspect), 0)->detail,
            QStringLiteral("data suspect: price 0 is not above 0"));
        // Suspect data does not invent a price for the price rules.
        QVERIFY(!inputs.measure(rule(AlertKind::Above), 0));
        inputs.setSuspect(kBrent, false, QStringLiteral("ignored"));
        QCOMPARE(inputs.measure(rule(AlertKind::DataSuspect), 0)->value, 0.0);
    }
};

QTEST_GUILESS_MAIN(TestAlertInputs)
#include "tst_alertinputs.moc"
