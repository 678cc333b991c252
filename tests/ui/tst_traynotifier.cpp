// The tray notifier: no tray means no notification and a note for the history; with a tray the texts
// are the notifier's, with markup neutralised.
#include "traynotifier.h"

#include <QSystemTrayIcon>
#include <QtTest>

using namespace oilwatch;
using namespace oilwatch::alerts;

namespace {

AlertEvent firing(const QString& message)
{
    AlertEvent event;
    event.ruleName = QStringLiteral("Brent <i>high</i>");
    event.to = AlertState::Firing;
    event.message = message;
    return event;
}

} // namespace

class TestTrayNotifier : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void offscreenHasNoTrayAndNotifyDoesNothing()
    {
        // The offscreen platform has no tray: the real default path.
        QVERIFY(!QSystemTrayIcon::isSystemTrayAvailable());
        ui::TrayNotifier notifier;
        QVERIFY(!notifier.available());
        QVERIFY(!notifier.unavailableNote().isEmpty());
        Notifier& asNotifier = notifier;
        asNotifier.notify(firing(QStringLiteral("x")));
        QCOMPARE(notifier.shownCount(), 0);
        QVERIFY(notifier.lastTitle().isEmpty());
    }

    void withATrayItShowsTheEventAsText()
    {
        ui::TrayNotifier notifier(true, nullptr);
        QVERIFY(notifier.available());
        QVERIFY(notifier.unavailableNote().isEmpty());
        notifier.notify(firing(QStringLiteral("data suspect: <a href='x'>click</a> & more")));
        QCOMPARE(notifier.shownCount(), 1);
        QCOMPARE(notifier.lastTitle(), QStringLiteral("Alert firing: Brent ‹i›high‹/i›"));
        QCOMPARE(notifier.lastBody(), QStringLiteral("data suspect: ‹a href='x'›click‹/a› ＆ more"));
    }

    void safeText_data()
    {
        QTest::addColumn<QString>("in");
        QTest::addColumn<QString>("out");
        QTest::addRow("plain") << "price 81.2"
                               << "price 81.2";
        QTest::addRow("tags") << "<b>x</b>"
                              << "‹b›x‹/b›";
        QTest::addRow("entity") << "&lt;"
                                << "＆lt;";
    }

    void safeText()
    {
        QFETCH(QString, in);
        QFETCH(QString, out);
        QCOMPARE(ui::notificationSafeText(in), out);
    }
};

QTEST_MAIN(TestTrayNotifier)
#include "tst_traynotifier.moc"
