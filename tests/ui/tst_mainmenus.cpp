// The menu bar a desktop user expects: File / View / Tools / Help, the usual shortcuts, and no item that
// does nothing: an action stays disabled until its feature is wired.
#include "mainmenus.h"
#include "screenshots.h"

#include <QAction>
#include <QLabel>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QPainter>
#include <QPalette>
#include <QtTest>

using oilwatch::ui::MainMenus;

class TestMainMenus : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void theFourMenusInOrder()
    {
        QMainWindow window;
        MainMenus menus(window);
        QStringList titles;
        for (QAction* action : window.menuBar()->actions())
            titles << action->text();
        QCOMPARE(titles, (QStringList {"&File", "&View", "&Tools", "&Help"}));
    }

    void shortcuts_data()
    {
        QTest::addColumn<QString>("action");
        QTest::addColumn<QKeySequence>("keys");
        QTest::newRow("refresh") << "actionRefresh" << QKeySequence(Qt::Key_F5);
        QTest::newRow("quit") << "actionQuit" << QKeySequence(Qt::CTRL | Qt::Key_Q);
        QTest::newRow("preferences") << "actionPreferences" << QKeySequence(Qt::CTRL | Qt::Key_Comma);
        QTest::newRow("export") << "actionExport" << QKeySequence(Qt::CTRL | Qt::Key_E);
    }
    void shortcuts()
    {
        QFETCH(QString, action);
        QFETCH(QKeySequence, keys);
        QMainWindow window;
        MainMenus menus(window);
        auto* found = window.findChild<QAction*>(action);
        QVERIFY(found);
        QCOMPARE(found->shortcut(), keys);
    }

    void anUnwiredActionIsDisabledAndAWiredOneRunsOnItsShortcut()
    {
        QMainWindow window;
        MainMenus menus(window);
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        QVERIFY(!menus.refreshAction()->isEnabled());
        QVERIFY(!menus.preferencesAction()->isEnabled());
        QVERIFY(menus.aboutAction()->isEnabled());

        int refreshed = 0;
        MainMenus::connect(menus.refreshAction(), [&refreshed] { ++refreshed; });
        QVERIFY(menus.refreshAction()->isEnabled());
        QTest::keyClick(&window, Qt::Key_F5);
        QCOMPARE(refreshed, 1);

        int preferences = 0;
        MainMenus::connect(menus.preferencesAction(), [&preferences] { ++preferences; });
        QTest::keyClick(&window, Qt::Key_Comma, Qt::ControlModifier);
        QCOMPARE(preferences, 1);
        QCOMPARE(refreshed, 1);
    }

    // For the user guide: the menu bar over the four menus, opened side by side.
    void menusPicture()
    {
        QMainWindow window;
        MainMenus menus(window);
        menus.addView("&Chart", "actionViewChart", Qt::Key_1, [] {});
        menus.addView("&Resilience", "actionViewResilience", Qt::Key_2, [] {});
        menus.addView("&Alerts", "actionViewAlerts", Qt::Key_4, [] {});
        menus.addView("&Benchmark", "actionViewBenchmark", Qt::Key_3, [] {});
        for (QAction* action : {menus.exportAction(), menus.quitAction(), menus.refreshAction(),
                 menus.watchlistAction(), menus.preferencesAction(), menus.closeToTrayAction()})
            MainMenus::connect(action, [] {});
        window.resize(900, 300);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        const QList<QMenu*> opened {menus.fileMenu(), menus.viewMenu(), menus.toolsMenu(), menus.helpMenu()};
        QList<QPixmap> pictures;
        int width = 0;
        int height = 0;
        for (QMenu* menu : opened) {
            menu->ensurePolished();
            menu->adjustSize();
            pictures << menu->grab();
            width += pictures.last().width() + 16;
            height = std::max(height, pictures.last().height());
        }
        QWidget canvas;
        canvas.resize(width + 16, height + 32);
        canvas.setAutoFillBackground(true);
        QLabel* label = new QLabel(&canvas);
        QPixmap sheet(canvas.size());
        sheet.fill(canvas.palette().color(QPalette::Window));
        QPainter painter(&sheet);
        int x = 16;
        for (int i = 0; i < pictures.size(); ++i) {
            painter.drawText(x, 20, opened[i]->title().remove('&'));
            painter.drawPixmap(x, 28, pictures[i]);
            x += pictures[i].width() + 16;
        }
        painter.end();
        label->setPixmap(sheet);
        label->resize(sheet.size());
        QVERIFY(width > 0);
        oilwatch::testing::saveScreenshot(canvas, "screenshot-menus.png");
    }

    void viewsGoWhereAsked()
    {
        QMainWindow window;
        MainMenus menus(window);
        int shown = 0;
        menus.addView("&Chart", "actionViewChart", Qt::Key_1, [&shown] { shown = 1; });
        QAction* bench
            = menus.addView("&Benchmark", "actionViewBenchmark", Qt::Key_3, [&shown] { shown = 3; });
        menus.addView(
            "&Alerts", "actionViewAlerts", Qt::Key_4, [&shown] { shown = 4; }, bench);
        QStringList order;
        for (QAction* action : menus.viewMenu()->actions())
            if (!action->isSeparator())
                order << action->objectName();
        QCOMPARE(order,
            (QStringList {"actionViewChart", "actionViewAlerts", "actionViewBenchmark", "actionRefresh",
                "actionWatchlist"}));
        window.findChild<QAction*>("actionViewAlerts")->trigger();
        QCOMPARE(shown, 4);
        QCOMPARE(bench->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_3));
    }
};

QTEST_MAIN(TestMainMenus)
#include "tst_mainmenus.moc"
