// A window comes back as the user left it: geometry, named splitters and tabs, read from a real settings
// file; values that make no sense leave the defaults.
#include "windowstate.h"

#include <QLabel>
#include <QMainWindow>
#include <QSettings>
#include <QSplitter>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest>

using namespace oilwatch::ui;

namespace {

struct Arranged
{
    Arranged()
    {
        splitter = new QSplitter(Qt::Vertical);
        splitter->setObjectName("dashboardSplitter");
        splitter->addWidget(new QLabel("tiles"));
        tabs = new QTabWidget;
        tabs->setObjectName("views");
        for (const char* name : {"chart", "resilience", "benchmark"}) {
            auto* page = new QLabel(name);
            page->setObjectName(name);
            tabs->addTab(page, name);
        }
        splitter->addWidget(tabs);
        window.setCentralWidget(splitter);
        window.resize(900, 600);
    }
    QMainWindow window;
    QSplitter* splitter = nullptr;
    QTabWidget* tabs = nullptr;
};

} // namespace

class TestWindowState : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void whatWasSavedComesBack()
    {
        QTemporaryDir dir;
        QSettings store(dir.filePath("settings.ini"), QSettings::IniFormat);
        {
            Arranged before;
            before.window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&before.window));
            before.window.resize(1000, 640);
            before.splitter->setSizes({150, 400});
            before.tabs->setCurrentIndex(2);
            saveWindowState(store, before.window);
        }
        store.sync();
        QSettings reread(dir.filePath("settings.ini"), QSettings::IniFormat);
        Arranged after;
        QVERIFY(restoreWindowState(reread, after.window));
        after.window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&after.window));
        QCOMPARE(after.window.size(), QSize(1000, 640));
        QCOMPARE(after.tabs->currentWidget()->objectName(), QString("benchmark"));
        // The splitter keeps the share the user gave the tiles (its pixels follow the window's layout).
        const QList<int> sizes = after.splitter->sizes();
        const double share = double(sizes.value(0)) / (sizes.value(0) + sizes.value(1));
        QVERIFY2(qAbs(share - 150.0 / 550.0) < 0.05, qPrintable(QString::number(share)));
    }

    void nothingSavedOrGarbageKeepsTheDefaults()
    {
        QTemporaryDir dir;
        QSettings store(dir.filePath("settings.ini"), QSettings::IniFormat);
        Arranged fresh;
        QVERIFY(!restoreWindowState(store, fresh.window));
        QCOMPARE(fresh.tabs->currentIndex(), 0);

        store.setValue("window/geometry", QByteArray("not a geometry"));
        store.setValue("window/splitter/dashboardSplitter", QByteArray("\x01\x02"));
        store.setValue("window/tab/views", "a tab that is gone");
        Arranged garbage;
        QVERIFY(!restoreWindowState(store, garbage.window));
        QCOMPARE(garbage.window.size(), QSize(900, 600));
        QCOMPARE(garbage.tabs->currentIndex(), 0);
    }
};

QTEST_MAIN(TestWindowState)
#include "tst_windowstate.moc"
