// One origin's object graph, built in one place: the dashboard on its stacks, not shown before asked, a
// poll's deadline its interval, --watchlist checked against that origin's stored catalogue, and a cache that
// cannot be opened an error rather than a half-built dashboard.
#include "app/commands.h"
#include "app/dashboardsession.h"
#include "feed/pricefeed.h"

#include <QFile>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace oilwatch;

namespace {

app::ApiSetup simulator()
{
    auto result = app::chooseApi({true, std::nullopt, 10'000});
    if (auto* error = std::get_if<api::ApiError>(&result))
        qFatal("chooseApi: %s", qPrintable(error->describe()));
    return std::move(std::get<app::ApiSetup>(result));
}

} // namespace

class TestDashboardSession : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { app::setUpLogging(false); }
    void init() { QSettings().clear(); }

    void opensTheDashboardOnItsStacksWithoutShowingIt()
    {
        auto opened = app::DashboardSession::open(simulator(), {}, nullptr);
        QVERIFY(std::holds_alternative<std::unique_ptr<app::DashboardSession>>(opened));
        app::DashboardSession& session = *std::get<std::unique_ptr<app::DashboardSession>>(opened);
        QVERIFY(session.setup().simulated);
        QVERIFY(!session.window().isVisible());
        QCOMPARE(session.dashboard().feed().interval(), feed::PriceFeed::kSimulatorInterval);
        // A poll, its retries included, is over before the next is due.
        QCOMPARE(session.api().client().config().totalDeadline, feed::PriceFeed::kSimulatorInterval);
        QCOMPARE(session.quotes().quotes().origin(), session.api().client().config().origin());
    }

    void watchesTheCodesOfThisRun()
    {
        const QStringList codes {"GOLD_USD", "WTI_USD"};
        auto opened = app::DashboardSession::open(simulator(), {std::nullopt, codes}, nullptr);
        QVERIFY(std::holds_alternative<std::unique_ptr<app::DashboardSession>>(opened));
        QCOMPARE(
            std::get<std::unique_ptr<app::DashboardSession>>(opened)->dashboard().watchlist().codes(), codes);
    }

    void aDataFolderThatCannotBeMadeIsALocalFailure()
    {
        QTemporaryDir dir;
        QFile blocker(dir.filePath("file"));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        const QByteArray dataHome = qgetenv("XDG_DATA_HOME");
        qputenv("XDG_DATA_HOME", blocker.fileName().toUtf8() + "/data");
        auto opened = app::DashboardSession::open(simulator(), {}, nullptr);
        qputenv("XDG_DATA_HOME", dataHome);
        auto* error = std::get_if<api::ApiError>(&opened);
        QVERIFY(error);
        QCOMPARE(error->kind, api::ErrorKind::Local);
        QCOMPARE(error->exitCode(), 1);
        QVERIFY2(error->message.contains("app-data folder"), qPrintable(error->message));
    }
};

QTEST_MAIN(TestDashboardSession)
#include "tst_dashboardsession.moc"
