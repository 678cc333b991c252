// The tray icon: its tooltip lists the watched prices in order, bounded for desktops that cut long
// tooltips; a click toggles the window; without a tray there is no icon to hide into.
#include "pricetray.h"

#include <QMenu>
#include <QSystemTrayIcon>
#include <QWidget>
#include <QtTest>

using oilwatch::ui::PriceTray;
using oilwatch::ui::trayToolTip;

class TestPriceTray : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void tooltip_data()
    {
        QTest::addColumn<int>("codes");
        QTest::addColumn<int>("lines");
        QTest::addColumn<QString>("last");
        QTest::newRow("none") << 0 << 2 << "No prices yet";
        QTest::newRow("one") << 1 << 2 << "code 0";
        QTest::newRow("at the limit") << PriceTray::kMaxTooltipLines << PriceTray::kMaxTooltipLines + 1
                                      << QString("code %1").arg(PriceTray::kMaxTooltipLines - 1);
        QTest::newRow("fifty") << 50 << PriceTray::kMaxTooltipLines + 2
                               << QString("and %1 more").arg(50 - PriceTray::kMaxTooltipLines);
    }
    void tooltip()
    {
        QFETCH(int, codes);
        QFETCH(int, lines);
        QFETCH(QString, last);
        QStringList prices;
        for (int i = 0; i < codes; ++i)
            prices << QString("code %1").arg(i);
        const QStringList shown = trayToolTip(prices).split('\n');
        QCOMPARE(shown.first(), QString("OilWatch"));
        QCOMPARE(shown.size(), lines);
        QCOMPARE(shown.last(), last);
    }

    void withATrayTheIconCarriesTheTooltipAndToggles()
    {
        QWidget window;
        PriceTray tray(window, true);
        QVERIFY(tray.available());
        tray.setPriceLines({"Brent Crude: $74.52 / barrel · 3 s ago"});
        QCOMPARE(tray.icon()->toolTip(), QString("OilWatch\nBrent Crude: $74.52 / barrel · 3 s ago"));
        QVERIFY(tray.icon()->contextMenu());

        window.show();
        tray.toggleWindow();
        QVERIFY(window.isHidden());
        tray.toggleWindow();
        QVERIFY(window.isVisible());

        QSignalSpy refresh(&tray, &PriceTray::refreshRequested);
        QSignalSpy quit(&tray, &PriceTray::quitRequested);
        const QList<QAction*> actions = tray.menu()->actions();
        for (QAction* action : actions)
            action->trigger();
        QCOMPARE(refresh.count(), 1);
        QCOMPARE(quit.count(), 1);
    }

    void withoutATrayThereIsNoIcon()
    {
        QWidget window;
        PriceTray tray(window, false);
        QVERIFY(!tray.available());
        QVERIFY(!tray.icon());
        tray.setPriceLines({"WTI: $70.00 / barrel · 1 s ago"});
        QCOMPARE(tray.toolTip(), QString("OilWatch\nWTI: $70.00 / barrel · 1 s ago"));
    }
};

QTEST_MAIN(TestPriceTray)
#include "tst_pricetray.moc"
