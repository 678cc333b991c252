#include "report/ohlc.h"

#include <map>

#include <QRandomGenerator>
#include <QTest>

using namespace oilwatch::report;

namespace {

struct Point
{
    qint64 ms;
    double price;
};

// The obvious way, with no streaming: group every point by floor(ms / width), then read each group.
QList<Bar> bruteForce(const QList<Point>& points, qint64 width)
{
    std::map<qint64, QList<Point>> groups;
    for (const Point& p : points) {
        const qint64 start = qint64(std::floor(double(p.ms) / double(width))) * width;
        groups[start] << p;
    }
    QList<Bar> bars;
    for (const auto& [start, group] : groups) {
        Bar bar {start, group.first().price, group.first().price, group.first().price, group.last().price,
            int(group.size())};
        for (const Point& p : group) {
            bar.high = std::max(bar.high, p.price);
            bar.low = std::min(bar.low, p.price);
        }
        bars << bar;
    }
    return bars;
}

QList<Bar> streamed(const QList<Point>& points, qint64 width)
{
    BarBuilder builder(width);
    QList<Bar> bars;
    for (const Point& p : points) {
        if (auto bar = builder.add(p.ms, p.price))
            bars << *bar;
    }
    if (auto bar = builder.finish())
        bars << *bar;
    return bars;
}

} // namespace

class TestOhlc : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void matchesBruteForceOnRandomSeries_data()
    {
        QTest::addColumn<int>("resolution");
        QTest::newRow("1m") << int(Resolution::Minute);
        QTest::newRow("1h") << int(Resolution::Hour);
        QTest::newRow("1d") << int(Resolution::Day);
    }
    void matchesBruteForceOnRandomSeries()
    {
        QFETCH(int, resolution);
        const qint64 width = bucketWidthMs(Resolution(resolution));
        QRandomGenerator random(uint(resolution) * 101);
        for (int series = 0; series < 200; ++series) {
            QList<Point> points;
            // Around the epoch too: bars before 1970 floor the other way round.
            qint64 ms = qint64(random.bounded(-3'000'000, 3'000'000)) * 1000;
            double price = 70.0;
            const int n = random.bounded(0, 400);
            for (int i = 0; i < n; ++i) {
                // Steps from 0 (several prices at one instant) to beyond a bar.
                const int kind = random.bounded(4);
                ms += kind == 0 ? 0
                    : kind == 1 ? random.bounded(1000)
                                : qint64(random.bounded(0, 3)) * width / 2 + random.bounded(60'000);
                price += (random.generateDouble() - 0.5) * 4.0; // may go negative
                points << Point {ms, price};
            }
            QCOMPARE(streamed(points, width), bruteForce(points, width));
        }
    }
    void boundariesAreUtcAligned()
    {
        const QDateTime at(QDate(2026, 3, 1), QTime(23, 59, 59, 999), Qt::UTC);
        QCOMPARE(bucketStartMs(at.toMSecsSinceEpoch(), bucketWidthMs(Resolution::Day)),
            QDateTime(QDate(2026, 3, 1), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch());
        QCOMPARE(bucketStartMs(at.addMSecs(1).toMSecsSinceEpoch(), bucketWidthMs(Resolution::Day)),
            QDateTime(QDate(2026, 3, 2), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch());
        QCOMPARE(bucketStartMs(-1, 60'000), -60'000);
        QCOMPARE(bucketStartMs(-60'000, 60'000), -60'000);
    }
    void namesRoundTrip()
    {
        for (Resolution r : {Resolution::Raw, Resolution::Minute, Resolution::Hour, Resolution::Day})
            QCOMPARE(parseResolution(resolutionName(r)), r);
        QCOMPARE(parseResolution("5m"), std::nullopt);
    }
};

QTEST_GUILESS_MAIN(TestOhlc)
#include "tst_ohlc.moc"
