// The watchlist: its rules table-driven, and its persistence across a restart through QSettings on disk.
#include "feed/watchlist.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace oilwatch;
using feed::Watchlist;
using feed::WatchlistError;
using Kind = WatchlistError::Kind;

Q_DECLARE_METATYPE(std::optional<WatchlistError::Kind>)
Q_DECLARE_METATYPE(std::optional<QStringList>)

namespace {

validation::Catalogue catalogueOf(const QStringList& codes)
{
    QList<validation::CatalogueEntry> entries;
    for (const QString& code : codes) {
        validation::CatalogueEntry entry;
        entry.code = code;
        entries << entry;
    }
    return validation::Catalogue(entries);
}

QStringList numbered(int count)
{
    QStringList codes;
    for (int i = 0; i < count; ++i)
        codes << QStringLiteral("CODE_%1_USD").arg(i, 2, 10, QLatin1Char('0'));
    return codes;
}

// The in-memory store: what the watchlist saved, and how often.
class MemoryStore final : public feed::WatchlistStore
{
public:
    std::optional<QStringList> stored;
    int saves = 0;
    std::optional<QStringList> load() const override { return stored; }
    void save(const QStringList& codes) override
    {
        stored = codes;
        ++saves;
    }
};

} // namespace

class TestWatchlist : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void check_data()
    {
        QTest::addColumn<QStringList>("codes");
        QTest::addColumn<bool>("withCatalogue"); // the catalogue knows BRENT_CRUDE_USD and WTI_USD only
        QTest::addColumn<std::optional<Kind>>("expected");
        QTest::addColumn<QStringList>("blamed");
        const std::optional<Kind> ok;
        QTest::newRow("one") << QStringList {"WTI_USD"} << false << ok << QStringList {};
        QTest::newRow("lower case is taken as upper")
            << QStringList {" wti_usd "} << true << ok << QStringList {};
        QTest::newRow("fifty") << numbered(50) << false << ok << QStringList {};
        QTest::newRow("fifty-one") << numbered(51) << false << std::optional(Kind::Full) << QStringList {};
        QTest::newRow("none") << QStringList {} << false << std::optional(Kind::Empty) << QStringList {};
        QTest::newRow("spelling") << QStringList {"WTI_USD", "BRENT-CRUDE", "A B"} << false
                                  << std::optional(Kind::InvalidCode) << QStringList {"BRENT-CRUDE", "A B"};
        QTest::newRow("twice") << QStringList {"WTI_USD", "wti_usd"} << false
                               << std::optional(Kind::Duplicate) << QStringList {"WTI_USD"};
        QTest::newRow("unknown to the catalogue")
            << QStringList {"WTI_USD", "GOLD_USD"} << true << std::optional(Kind::UnknownCode)
            << QStringList {"GOLD_USD"};
        QTest::newRow("no catalogue: spelling only")
            << QStringList {"GOLD_USD"} << false << ok << QStringList {};
    }
    void check()
    {
        QFETCH(QStringList, codes);
        QFETCH(bool, withCatalogue);
        QFETCH(std::optional<Kind>, expected);
        QFETCH(QStringList, blamed);
        const validation::Catalogue catalogue = catalogueOf({"BRENT_CRUDE_USD", "WTI_USD"});
        const std::optional<WatchlistError> error
            = Watchlist::check(codes, withCatalogue ? &catalogue : nullptr);
        QCOMPARE(error.has_value(), expected.has_value());
        if (!error)
            return;
        QCOMPARE(error->kind, *expected);
        QCOMPARE(error->codes, blamed);
        for (const QString& code : blamed)
            QVERIFY2(error->message.contains(code), qPrintable(error->message));
    }

    // Each change from the list {A, B, C}: what it becomes, or the error and the list unchanged.
    void changes_data()
    {
        QTest::addColumn<QString>("operation");
        QTest::addColumn<QString>("code");
        QTest::addColumn<int>("index");
        QTest::addColumn<QStringList>("after");
        QTest::addColumn<std::optional<Kind>>("expected");
        const QStringList abc {"A_USD", "B_USD", "C_USD"};
        const std::optional<Kind> ok;
        QTest::newRow("add") << "add"
                             << "D_USD" << 0 << QStringList {"A_USD", "B_USD", "C_USD", "D_USD"} << ok;
        QTest::newRow("add lower case")
            << "add"
            << "d_usd" << 0 << QStringList {"A_USD", "B_USD", "C_USD", "D_USD"} << ok;
        QTest::newRow("add again") << "add"
                                   << "B_USD" << 0 << abc << std::optional(Kind::Duplicate);
        QTest::newRow("add unknown") << "add"
                                     << "GOLD_USD" << 0 << abc << std::optional(Kind::UnknownCode);
        QTest::newRow("add misspelt") << "add"
                                      << "d-usd" << 0 << abc << std::optional(Kind::InvalidCode);
        QTest::newRow("remove") << "remove"
                                << "B_USD" << 0 << QStringList {"A_USD", "C_USD"} << ok;
        QTest::newRow("remove missing") << "remove"
                                        << "D_USD" << 0 << abc << std::optional(Kind::NotWatched);
        QTest::newRow("move to front") << "move"
                                       << "C_USD" << 0 << QStringList {"C_USD", "A_USD", "B_USD"} << ok;
        QTest::newRow("move to end") << "move"
                                     << "A_USD" << 2 << QStringList {"B_USD", "C_USD", "A_USD"} << ok;
        QTest::newRow("move beyond the end")
            << "move"
            << "A_USD" << 99 << QStringList {"B_USD", "C_USD", "A_USD"} << ok;
        QTest::newRow("move before the start")
            << "move"
            << "B_USD" << -5 << QStringList {"B_USD", "A_USD", "C_USD"} << ok;
        QTest::newRow("move missing") << "move"
                                      << "D_USD" << 0 << abc << std::optional(Kind::NotWatched);
    }
    void changes()
    {
        QFETCH(QString, operation);
        QFETCH(QString, code);
        QFETCH(int, index);
        QFETCH(QStringList, after);
        QFETCH(std::optional<Kind>, expected);
        Watchlist list({"A_USD", "B_USD", "C_USD"});
        list.setCatalogue(catalogueOf({"A_USD", "B_USD", "C_USD", "D_USD"}));
        MemoryStore store;
        list.setStore(&store);
        QSignalSpy changed(&list, &Watchlist::changed);
        std::optional<WatchlistError> error;
        if (operation == QLatin1String("add"))
            error = list.add(code);
        else if (operation == QLatin1String("remove"))
            error = list.remove(code);
        else
            error = list.move(code, index);
        QCOMPARE(list.codes(), after);
        QCOMPARE(error.has_value(), expected.has_value());
        if (error) {
            QCOMPARE(error->kind, *expected);
            QVERIFY(!error->message.isEmpty());
            QCOMPARE(changed.size(), 0);
            QCOMPARE(store.saves, 0); // a refused change saves nothing
            return;
        }
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.constFirst().at(0).toStringList(), after);
        QCOMPARE(store.stored, std::optional(after));
    }

    void theLastCodeStays()
    {
        Watchlist list({"WTI_USD"});
        const auto error = list.remove("WTI_USD");
        QVERIFY(error);
        QCOMPARE(error->kind, Kind::Empty);
        QCOMPARE(list.codes(), QStringList {"WTI_USD"});
    }

    void theFiftyFirstIsRefused()
    {
        Watchlist list(numbered(50));
        const auto error = list.add("ONE_MORE_USD");
        QVERIFY(error);
        QCOMPARE(error->kind, Kind::Full);
        QCOMPARE(list.size(), 50);
    }

    void setCodesReportsWhatCameAndWent()
    {
        Watchlist list({"A_USD", "B_USD"});
        QSignalSpy changed(&list, &Watchlist::changed);
        QVERIFY(!list.setCodes({"B_USD", "C_USD"}));
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.constFirst().at(1).toStringList(), QStringList {"C_USD"});
        QCOMPARE(changed.constFirst().at(2).toStringList(), QStringList {"A_USD"});
        // Codes already watched stay even when a catalogue arriving later does not list them; new ones must
        // be in it.
        list.setCatalogue(catalogueOf({"C_USD", "D_USD"}));
        QVERIFY(!list.setCodes({"B_USD", "C_USD", "D_USD"}));
        const auto error = list.setCodes({"B_USD", "E_USD"});
        QVERIFY(error);
        QCOMPARE(error->kind, Kind::UnknownCode);
        QCOMPARE(error->codes, QStringList {"E_USD"});
    }

    void parseListTakesWhatPeopleType()
    {
        QCOMPARE(Watchlist::parseList(" brent_crude_usd, WTI_USD,,gold_usd "),
            (QStringList {"BRENT_CRUDE_USD", "WTI_USD", "GOLD_USD"}));
        QCOMPARE(Watchlist::parseList(","), QStringList {});
    }

    void loadCodesKeepsTheUsableAndFallsBack_data()
    {
        QTest::addColumn<std::optional<QStringList>>("stored");
        QTest::addColumn<QStringList>("expected");
        const QStringList fallback {"WTI_USD"};
        QTest::newRow("never saved") << std::optional<QStringList>() << fallback;
        QTest::newRow("saved") << std::optional(QStringList {"GOLD_USD", "BRENT_CRUDE_USD"})
                               << QStringList {"GOLD_USD", "BRENT_CRUDE_USD"};
        QTest::newRow("a bad entry is dropped, the rest kept")
            << std::optional(QStringList {"GOLD_USD", "not a code", "gold_usd", "RETIRED_USD"})
            << QStringList {"GOLD_USD"};
        QTest::newRow("nothing usable") << std::optional(QStringList {"x-y"}) << fallback;
        QTest::newRow("saved empty") << std::optional(QStringList {}) << fallback;
        QTest::newRow("too many are cut")
            << std::optional(QStringList(numbered(60))) << QStringList(numbered(50));
    }
    void loadCodesKeepsTheUsableAndFallsBack()
    {
        QFETCH(std::optional<QStringList>, stored);
        QFETCH(QStringList, expected);
        MemoryStore store;
        store.stored = stored;
        QStringList known = numbered(60);
        known << "GOLD_USD"
              << "BRENT_CRUDE_USD";
        const validation::Catalogue catalogue = catalogueOf(known);
        QCOMPARE(Watchlist::loadCodes(store, {"WTI_USD"}, &catalogue), expected);
    }

    // The app's own settings file, in this test's HOME: a list changed in one run is the list of the next.
    void theListSurvivesARestart()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("OilWatchTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_watchlist"));
        QSettings().clear();
        {
            feed::SettingsWatchlistStore store;
            QCOMPARE(store.load(), std::optional<QStringList>());
            Watchlist list(Watchlist::loadCodes(store, {"WTI_USD", "BRENT_CRUDE_USD"}));
            list.setStore(&store);
            QVERIFY(!list.add("GOLD_USD"));
            QVERIFY(!list.move("GOLD_USD", 0));
            QVERIFY(!list.remove("WTI_USD"));
        }
        const QString path = QSettings().fileName();
        QVERIFY2(QFile::exists(path), qPrintable(path));
        QVERIFY(
            path.startsWith(QDir::homePath()) || path.startsWith(qEnvironmentVariable("XDG_CONFIG_HOME")));
        // A fresh store reads the file again, as the next run would.
        feed::SettingsWatchlistStore again;
        QCOMPARE(Watchlist::loadCodes(again, {"WTI_USD"}), (QStringList {"GOLD_USD", "BRENT_CRUDE_USD"}));
        QCOMPARE(QSettings().value(QLatin1String(feed::SettingsWatchlistStore::kKey)).toStringList(),
            (QStringList {"GOLD_USD", "BRENT_CRUDE_USD"}));
    }

    void aListWithoutAStoreIsNotSaved()
    {
        const QString ini = QDir::temp().filePath(
            QStringLiteral("tst_watchlist-%1.ini").arg(QCoreApplication::applicationPid()));
        QFile::remove(ini);
        feed::SettingsWatchlistStore store(ini);
        store.save({"WTI_USD"});
        Watchlist list({"GOLD_USD"}); // --watchlist: this run only
        QVERIFY(!list.add("COAL_USD"));
        QCOMPARE(store.load(), std::optional(QStringList {"WTI_USD"}));
        QFile::remove(ini);
    }
};

QTEST_GUILESS_MAIN(TestWatchlist)
#include "tst_watchlist.moc"
