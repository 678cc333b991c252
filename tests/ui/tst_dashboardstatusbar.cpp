// The dashboard's status bar on its own: what each label says, when it hides, and where the breaker goes.
// Through MainWindow the same labels are tested in tst_mainwindow; here each rule gets its own row.
#include "dashboardstatusbar.h"
#include "util/utc.h"

#include <QLabel>
#include <QMainWindow>
#include <QTest>

using namespace oilwatch;
using ui::DashboardStatusBar;

class TestDashboardStatusBar : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void alertsCount_data()
    {
        QTest::addColumn<int>("firing");
        QTest::addColumn<QString>("text");
        QTest::addRow("none: hidden") << 0 << "";
        QTest::addRow("one") << 1 << "⚠ 1 alert firing";
        QTest::addRow("several") << 3 << "⚠ 3 alerts firing";
    }

    void alertsCount()
    {
        QFETCH(int, firing);
        QFETCH(QString, text);
        DashboardStatusBar bar;
        bar.setAlertsFiring(5);
        bar.setAlertsFiring(firing);
        QCOMPARE(bar.alertsText(), text);
    }

    void cacheStats_data()
    {
        QTest::addColumn<qint64>("hits");
        QTest::addColumn<qint64>("misses");
        QTest::addColumn<QString>("text");
        QTest::addRow("no lookups: hidden") << qint64(0) << qint64(0) << "";
        QTest::addRow("all hits") << qint64(4) << qint64(0) << "cache 100% hits";
        QTest::newRow("one miss is never 100 percent") << qint64(999) << qint64(1) << "cache 99% hits";
        QTest::addRow("all misses") << qint64(0) << qint64(3) << "cache 0% hits";
    }

    void cacheStats()
    {
        QFETCH(qint64, hits);
        QFETCH(qint64, misses);
        QFETCH(QString, text);
        DashboardStatusBar bar;
        cache::CacheStats stats;
        stats.hits = hits;
        stats.misses = misses;
        bar.setCacheStats(stats);
        QCOMPARE(bar.cacheStatsText(), text);
    }

    void warnings_data()
    {
        QTest::addColumn<int>("which"); // 0 settings, 1 storage, 2 shared cache
        QTest::addColumn<QString>("text");
        QTest::addRow("settings") << 0 << "⚠ Using default settings";
        QTest::addRow("storage") << 1 << "⚠ Using default settings";
        QTest::addRow("shared cache down") << 2 << "⚠ shared cache down — using local cache";
    }

    // Each warning shows with its sign and the details in the tooltip, and an empty one hides it again.
    void warnings()
    {
        QFETCH(int, which);
        QFETCH(QString, text);
        DashboardStatusBar bar;
        const auto set = [&bar, which](bool on) {
            const QString message = on ? QStringLiteral("Using default settings") : QString();
            if (which == 0)
                bar.setSettingsWarning(message, QStringLiteral("details"));
            else if (which == 1)
                bar.setStorageWarning(message, QStringLiteral("details"));
            else
                bar.setSharedCacheState(
                    on ? ui::SharedCacheState::Down : ui::SharedCacheState::Up, QStringLiteral("details"));
        };
        const auto shown = [&bar, which] {
            return which == 0 ? bar.settingsWarningText()
                              : (which == 1 ? bar.storageWarningText() : bar.sharedCacheText());
        };
        set(true);
        QCOMPARE(shown(), text);
        const char* names[] = {"statusSettingsWarning", "statusStorageWarning", "statusSharedCache"};
        auto* label = bar.findChild<QLabel*>(QLatin1String(names[which]));
        QVERIFY(label);
        QVERIFY(label->toolTip().endsWith(QLatin1String("\ndetails")));
        set(false);
        QCOMPARE(shown(), QString());
        QVERIFY(label->isHidden());
    }

    // An update after an error clears the error, which stays reachable in its tooltip.
    void updateAfterErrorKeepsTheErrorInTheTooltip()
    {
        DashboardStatusBar bar;
        QCOMPARE(bar.lastSuccessText(), QStringLiteral("Waiting for first update"));
        const QDateTime at(QDate(2026, 12, 1), QTime(12, 0), util::utc());
        bar.showError(at, api::ApiError::make(api::ErrorKind::Timeout, QStringLiteral("too slow")));
        QVERIFY(bar.lastErrorText().contains(QLatin1String("timeout: too slow")));
        QVERIFY(bar.lastErrorText().startsWith(QLatin1String("Error at ")));
        bar.showUpdate(at.addSecs(2));
        QCOMPARE(bar.lastErrorText(), QString());
        QCOMPARE(bar.lastSuccessText(),
            QStringLiteral("Last update ") + at.addSecs(2).toLocalTime().toString("hh:mm:ss"));
        auto* error = bar.findChild<QLabel*>(QStringLiteral("statusLastError"));
        QVERIFY(error->toolTip().startsWith(QLatin1String("Recovered. Previous error: Error at ")));
    }

    void oldestAge()
    {
        DashboardStatusBar bar;
        QCOMPARE(bar.oldestAgeText(), QString());
        bar.setOldestAge(95'000, QStringLiteral("Brent"), QDateTime::currentDateTimeUtc());
        QVERIFY(bar.oldestAgeText().startsWith(QLatin1String("oldest value ")));
        bar.setOldestAge(std::nullopt);
        QCOMPARE(bar.oldestAgeText(), QString());
    }

    // The breaker goes right after the last error, before the cache and the mode, whatever else is shown.
    void breakerSitsAfterTheError()
    {
        QMainWindow window;
        auto* bar = new DashboardStatusBar(&window);
        window.setStatusBar(bar);
        bar->setMode(QStringLiteral("Simulator"));
        bar->setSettingsWarning(QStringLiteral("Using default settings"));
        auto* breaker = new QLabel(QStringLiteral("breaker closed"));
        bar->addBreakerStatus(breaker);
        window.resize(1200, 300);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const auto x = [bar](const char* name) { return bar->findChild<QWidget*>(QLatin1String(name))->x(); };
        QVERIFY(x("statusSettingsWarning") < x("statusLastError"));
        QVERIFY(x("statusLastError") < breaker->x());
        QVERIFY(breaker->x() < x("statusLastSuccess"));
        QVERIFY(x("statusLastSuccess") < x("statusMode"));
        QCOMPARE(bar->modeText(), QStringLiteral("Simulator"));
    }

    void offlineBadge()
    {
        DashboardStatusBar bar;
        QVERIFY(!bar.isOfflineShown());
        bar.setOffline(true);
        QVERIFY(bar.isOfflineShown());
        bar.setOffline(false);
        QVERIFY(!bar.isOfflineShown());
    }
};

QTEST_MAIN(TestDashboardStatusBar)
#include "tst_dashboardstatusbar.moc"
