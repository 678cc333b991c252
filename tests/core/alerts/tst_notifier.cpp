// The notifier's texts and the fake used by the engine's tests.
#include "alerts/notifier.h"

#include <QTest>

using namespace oilwatch::alerts;

namespace {

AlertEvent eventTo(AlertState to)
{
    AlertEvent event;
    event.ruleName = QStringLiteral("Brent high");
    event.to = to;
    event.message = QStringLiteral("Brent high firing: price 81.2");
    return event;
}

} // namespace

class TestNotifier : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void titles_data()
    {
        QTest::addColumn<int>("state");
        QTest::addColumn<QString>("title");
        QTest::addRow("firing") << int(AlertState::Firing) << "Alert firing: Brent high";
        QTest::addRow("resolved") << int(AlertState::Resolved) << "Alert resolved: Brent high";
        QTest::addRow("pending") << int(AlertState::Pending) << "Alert pending: Brent high";
        QTest::addRow("normal") << int(AlertState::Normal) << "Alert normal: Brent high";
    }

    void titles()
    {
        QFETCH(int, state);
        QFETCH(QString, title);
        const AlertEvent event = eventTo(AlertState(state));
        QCOMPARE(notificationTitle(event), title);
        QCOMPARE(notificationBody(event), event.message);
    }

    void recordingNotifierKeepsEverything()
    {
        RecordingNotifier fake;
        Notifier& notifier = fake;
        notifier.notify(eventTo(AlertState::Firing));
        notifier.notify(eventTo(AlertState::Resolved));
        QCOMPARE(fake.sent().size(), 2);
        QCOMPARE(fake.sent().last().to, AlertState::Resolved);
        fake.clear();
        QVERIFY(fake.sent().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestNotifier)
#include "tst_notifier.moc"
