// The timeline's model: newest first, bounded, and a well-behaved Qt model while it changes.
#include "resilienceeventmodel.h"
#include "util/clock.h"

#include <QAbstractItemModelTester>
#include <QtTest>

using namespace oilwatch;
using namespace oilwatch::resilience;
using ui::ResilienceEventModel;

class TestResilienceEventModel : public QObject
{
    Q_OBJECT

private:
    static ResilienceEvent attempt(const util::Clock& clock, int n)
    {
        return ResilienceEvent::at(clock, AttemptStarted {QStringLiteral("api.example.test"), n});
    }

private Q_SLOTS:
    void emptyModelHasFourColumnsAndHeaders()
    {
        ResilienceEventModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.columnCount(), 4);
        QCOMPARE(model.headerData(0, Qt::Horizontal).toString(), QString("Time"));
        QCOMPARE(model.headerData(1, Qt::Horizontal).toString(), QString("Host"));
        QCOMPARE(model.headerData(2, Qt::Horizontal).toString(), QString("Event"));
        QCOMPARE(model.headerData(3, Qt::Horizontal).toString(), QString("Details"));
        QCOMPARE(model.capacity(), 500);
    }

    void newestEventIsTheFirstRow()
    {
        util::ManualClock clock;
        ResilienceEventModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.addEvent(attempt(clock, 1));
        clock.advanceMs(1500);
        BreakerTransition opened {QStringLiteral("api.example.test"), BreakerState::Closed,
            BreakerState::Open, TransitionReason::ConsecutiveFailures, 5000};
        const ResilienceEvent transition = ResilienceEvent::at(clock, opened);
        model.addEvent(transition);

        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(0, ResilienceEventModel::TypeColumn).data().toString(), QString("Breaker"));
        QCOMPARE(
            model.index(0, ResilienceEventModel::HostColumn).data().toString(), QString("api.example.test"));
        QCOMPARE(
            model.index(0, ResilienceEventModel::DetailsColumn).data().toString(), transition.describe());
        QCOMPARE(model.index(0, ResilienceEventModel::TimeColumn).data().toString(),
            clock.nowUtc().toLocalTime().toString("hh:mm:ss.zzz"));
        QCOMPARE(model.index(1, ResilienceEventModel::TypeColumn).data().toString(), QString("Attempt"));
        // Transitions stand out: bold, and coloured in the type column.
        QVERIFY(model.index(0, 3).data(Qt::FontRole).value<QFont>().bold());
        QVERIFY(model.index(0, ResilienceEventModel::TypeColumn).data(Qt::ForegroundRole).isValid());
        QVERIFY(!model.index(1, 3).data(Qt::FontRole).isValid());
    }

    void everyEventKindHasALabel()
    {
        util::ManualClock clock;
        ResilienceEventModel model;
        const QString host = QStringLiteral("h.test");
        model.addEvent(ResilienceEvent::at(clock, AttemptStarted {host, 1}));
        model.addEvent(ResilienceEvent::at(
            clock, RetryScheduled {host, 2, 250, RetryCause::ServerError, DelaySource::Backoff}));
        model.addEvent(ResilienceEvent::at(clock, BudgetSpent {host, 5, 495}));
        model.addEvent(ResilienceEvent::at(clock, RequestRejected {host, RejectionCause::BreakerOpen, 3000}));
        QStringList types;
        for (int row = 0; row < model.rowCount(); ++row)
            types << model.index(row, ResilienceEventModel::TypeColumn).data().toString();
        QCOMPARE(types, QStringList({"Rejected", "Budget", "Retry", "Attempt"}));
    }

    void keepsOnlyTheNewestUpToCapacity()
    {
        util::ManualClock clock;
        ResilienceEventModel model(5);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        for (int n = 1; n <= 12; ++n)
            model.addEvent(attempt(clock, n));
        QCOMPARE(model.rowCount(), 5);
        QCOMPARE(removed.count(), 7);
        // Attempts 12 down to 8 remain, newest first.
        for (int row = 0; row < 5; ++row)
            QCOMPARE(std::get<AttemptStarted>(model.eventAt(row).payload).attempt, 12 - row);
    }

    void clearEmptiesTheModel()
    {
        util::ManualClock clock;
        ResilienceEventModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.addEvent(attempt(clock, 1));
        model.addEvent(attempt(clock, 2));
        model.clear();
        QCOMPARE(model.rowCount(), 0);
        model.addEvent(attempt(clock, 3));
        QCOMPARE(model.rowCount(), 1);
    }

    void tableHasNoChildren()
    {
        util::ManualClock clock;
        ResilienceEventModel model;
        model.addEvent(attempt(clock, 1));
        QCOMPARE(model.rowCount(model.index(0, 0)), 0);
        QCOMPARE(model.columnCount(model.index(0, 0)), 0);
        QVERIFY(!model.index(0, 0).data(Qt::UserRole + 7).isValid());
    }
};

QTEST_MAIN(TestResilienceEventModel)
#include "tst_resilienceeventmodel.moc"
