// The chart's gap and history-merge rules, as values: each row is a script of live points, stored history and
// settings, and the steps the chart is told, written as a short string so a row reads like the line drawn:
//   C clear, | gap, and a point as its second (from T0) with the price after a colon, e.g. "0:70 2:71 |
//   30:72".
#include "priceseriesbuilder.h"
#include "util/utc.h"

#include <algorithm>

#include <QTest>

using namespace oilwatch;
using ui::PriceSeriesBuilder;
using Kind = PriceSeriesBuilder::Step::Kind;

namespace {

const QDateTime kT0 = QDateTime(QDate(2026, 12, 1), QTime(12, 0), util::utc());
const QString kCode = QStringLiteral("BRENT_CRUDE_USD");

api::Quote quoteAt(qint64 second, double price, const QString& code = kCode)
{
    api::Quote q;
    q.code = code;
    q.price = price;
    q.createdAt = kT0.addSecs(second);
    q.receivedAt = q.createdAt;
    return q;
}

QString render(const PriceSeriesBuilder::Steps& steps)
{
    QStringList out;
    for (const PriceSeriesBuilder::Step& step : steps) {
        switch (step.kind) {
        case Kind::Clear:
            out << QStringLiteral("C");
            break;
        case Kind::Gap:
            out << QStringLiteral("|");
            break;
        case Kind::Point:
            out << QStringLiteral("%1:%2").arg(kT0.secsTo(step.at)).arg(step.price);
            break;
        }
    }
    return out.join(QLatin1Char(' '));
}

// "s:p s:p ..." as quotes, oldest first.
QList<api::Quote> history(const QString& points, const QString& code = kCode)
{
    QList<api::Quote> out;
    for (const QString& point : points.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        const QStringList parts = point.split(QLatin1Char(':'));
        out << quoteAt(parts.at(0).toLongLong(), parts.at(1).toDouble(), code);
    }
    return out;
}

} // namespace

class TestPriceSeriesBuilder : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // Live points only, polled every 2 s: a hole of more than 3 polls (6 s) is a gap, older points are
    // dropped, and an invalid time draws nothing.
    void livePoints_data()
    {
        QTest::addColumn<QString>("points"); // "s:p", or "-" for a point without a time
        QTest::addColumn<QString>("drawn");

        QTest::addRow("first point") << "0:70"
                                     << "0:70";
        QTest::addRow("steady polls") << "0:70 2:71 4:72"
                                      << "0:70 2:71 4:72";
        QTest::addRow("exactly three polls is no gap") << "0:70 6:71"
                                                       << "0:70 6:71";
        QTest::addRow("more than three polls is a gap") << "0:70 7:71"
                                                        << "0:70 | 7:71";
        QTest::addRow("older point dropped") << "10:70 8:71 12:72"
                                             << "10:70 12:72";
        QTest::addRow("same time kept") << "10:70 10:71"
                                        << "10:70 10:71";
        QTest::addRow("no time, nothing drawn") << "0:70 - 2:71"
                                                << "0:70 2:71";
    }

    void livePoints()
    {
        QFETCH(QString, points);
        QFETCH(QString, drawn);
        PriceSeriesBuilder builder(std::chrono::seconds {2});
        PriceSeriesBuilder::Steps steps;
        for (const QString& point : points.split(QLatin1Char(' '))) {
            if (point == QLatin1String("-")) {
                steps += builder.add(quoteAt(0, 1.0), QDateTime());
                continue;
            }
            const api::Quote q = history(point).constFirst();
            steps += builder.add(q, q.createdAt);
        }
        QCOMPARE(render(steps), drawn);
    }

    // Stored history, then live points: the history's gaps follow its own resolution, live points drawn
    // before it come again after it, and the chart's window bounds what is drawn.
    void seeding_data()
    {
        QTest::addColumn<QString>("before"); // live points before the history arrives
        QTest::addColumn<QString>("stored");
        QTest::addColumn<int>("windowSec");
        QTest::addColumn<QString>("after"); // live points after it
        QTest::addColumn<QString>("drawn");

        QTest::addRow("empty history draws nothing") << ""
                                                     << "" << 3600 << ""
                                                     << "";
        QTest::addRow("history, then the line goes on") << ""
                                                        << "0:70 2:71 4:72" << 3600 << "6:73"
                                                        << "C 0:70 2:71 4:72 6:73";
        QTest::addRow("a hole in the history is a gap") << ""
                                                        << "0:70 2:71 30:72 32:73" << 3600 << ""
                                                        << "C 0:70 2:71 | 30:72 32:73";
        // Its first step has no step before it to compare with: the polls judge it.
        QTest::addRow("coarse history: the first step is judged by the polls") << ""
                                                                               << "0:70 60:71" << 3600 << ""
                                                                               << "C 0:70 | 60:71";
        QTest::addRow("coarse history: later holes by its own steps")
            << ""
            << "0:70 60:71 120:72 180:73 400:74" << 3600 << ""
            << "C 0:70 | 60:71 120:72 180:73 | 400:74";
        QTest::addRow("coarse history: three of its own steps is no gap")
            << ""
            << "0:70 60:71 120:72 300:73" << 3600 << ""
            << "C 0:70 | 60:71 120:72 300:73";
        QTest::addRow("app closed after the history: gap to the live point")
            << ""
            << "0:70 2:71" << 3600 << "200:72"
            << "C 0:70 2:71 | 200:72";
        QTest::addRow("live point before history is drawn again after it")
            << "200:76"
            << "0:70 2:71" << 3600 << "202:77"
            << "200:76 C 0:70 2:71 | 200:76 202:77";
        QTest::addRow("history older than the window is skipped") << ""
                                                                  << "0:70 5000:71 5002:72" << 3600 << ""
                                                                  << "C 5000:71 5002:72";
        QTest::addRow("live points after seeding are not replayed again") << ""
                                                                          << "0:70" << 3600 << "2:71 4:72"
                                                                          << "C 0:70 2:71 4:72";
    }

    void seeding()
    {
        QFETCH(QString, before);
        QFETCH(QString, stored);
        QFETCH(int, windowSec);
        QFETCH(QString, after);
        QFETCH(QString, drawn);
        PriceSeriesBuilder builder(std::chrono::seconds {2});
        PriceSeriesBuilder::Steps steps;
        for (const api::Quote& q : history(before))
            steps += builder.add(q, q.createdAt);
        steps += builder.seed(kCode, history(stored), std::chrono::seconds {windowSec});
        for (const api::Quote& q : history(after))
            steps += builder.add(q, q.createdAt);
        QCOMPARE(render(steps), drawn);
    }

    void historyOfAnotherCodeIsIgnored()
    {
        PriceSeriesBuilder builder(std::chrono::seconds {2});
        QList<api::Quote> stored = history("0:70 2:71");
        stored.insert(1, quoteAt(1, 99.0, QStringLiteral("GOLD_USD")));
        QCOMPARE(render(builder.seed(kCode, stored, std::chrono::hours {1})), QStringLiteral("C 0:70 2:71"));
    }

    // Stored quotes go on the axis at the time of their price; one without it, at its receipt.
    void historyWithoutCreatedAtUsesReceivedAt()
    {
        PriceSeriesBuilder builder(std::chrono::seconds {2});
        api::Quote q = quoteAt(0, 70.0);
        q.createdAt = QDateTime();
        q.receivedAt = kT0.addSecs(4);
        QCOMPARE(render(builder.seed(kCode, {q}, std::chrono::hours {1})), QStringLiteral("C 4:70"));
    }

    void pollIntervalChangesTheGap()
    {
        PriceSeriesBuilder builder(std::chrono::seconds {2});
        PriceSeriesBuilder::Steps steps = builder.add(quoteAt(0, 70), kT0);
        builder.setPollInterval(std::chrono::seconds {60});
        steps += builder.add(quoteAt(100, 71), kT0.addSecs(100)); // 100 s < 3 × 60 s
        steps += builder.add(quoteAt(400, 72), kT0.addSecs(400)); // 300 s > 180 s
        QCOMPARE(render(steps), QStringLiteral("0:70 100:71 | 400:72"));
    }

    void lastDrawnIsByObservation()
    {
        PriceSeriesBuilder builder(std::chrono::seconds {2});
        const api::Quote q = quoteAt(0, 70.0);
        QVERIFY(!builder.isLastDrawn(q));
        builder.add(q, kT0.addSecs(1));
        QVERIFY(builder.isLastDrawn(q));
        QVERIFY(!builder.isLastDrawn(quoteAt(0, 70.5))); // another price
        QVERIFY(!builder.isLastDrawn(quoteAt(2, 70.0))); // another observation
        api::Quote noTime = q;
        noTime.createdAt = QDateTime();
        QVERIFY(!builder.isLastDrawn(noTime));
    }

    void forgetStartsTheCodeAfresh()
    {
        PriceSeriesBuilder builder(std::chrono::seconds {2});
        builder.add(quoteAt(100, 70), kT0.addSecs(100));
        builder.forget(kCode);
        // Older than what was drawn before, yet drawn: nothing of the code is kept, not even its last point.
        QCOMPARE(render(builder.add(quoteAt(0, 71), kT0)), QStringLiteral("0:71"));
        // And not seeded: a history arriving now replays the live point.
        QCOMPARE(render(builder.seed(kCode, history("-4:69"), std::chrono::hours {1})),
            QStringLiteral("C -4:69 0:71"));
    }

    // A history that never comes must not grow the points kept for it.
    void pointsBeforeHistoryAreBounded()
    {
        PriceSeriesBuilder builder(std::chrono::seconds {2});
        const int kept = PriceSeriesBuilder::kMaxPointsBeforeHistory;
        for (int i = 0; i < kept + 100; ++i)
            builder.add(quoteAt(2 * i, 70), kT0.addSecs(2 * i));
        const PriceSeriesBuilder::Steps steps
            = builder.seed(kCode, history("-10:69"), std::chrono::hours {24});
        const auto points = std::count_if(
            steps.cbegin(), steps.cend(), [](const auto& step) { return step.kind == Kind::Point; });
        QCOMPARE(int(points), 1 + kept);
    }
};

QTEST_GUILESS_MAIN(TestPriceSeriesBuilder)
#include "tst_priceseriesbuilder.moc"
