// The catalogue picker offscreen: the search filters by name, code and category as typed; Add and Remove
// change the watchlist; offline with no catalogue it says so and still takes a typed code.
#include "feed/watchlist.h"
#include "screenshots.h"
#include "sim/commoditycatalog.h"
#include "watchlistdialog.h"

#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QtTest>

using namespace oilwatch;

namespace {

// The simulator's catalogue, as the API's /v1/commodities would give it.
validation::Catalogue catalogue()
{
    QList<validation::CatalogueEntry> entries;
    for (const sim::CommodityInfo& info : sim::CommodityCatalog::builtin().all()) {
        validation::CatalogueEntry entry;
        entry.code = info.code;
        entry.name = info.name;
        entry.category = info.category;
        entries << entry;
    }
    return validation::Catalogue(entries);
}

} // namespace

class TestWatchlistDialog : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void searchFiltersByNameCodeAndCategory_data()
    {
        QTest::addColumn<QString>("typed");
        QTest::addColumn<QStringList>("shown");
        QTest::newRow("name") << "brent" << QStringList {"BRENT_CRUDE_USD"};
        QTest::newRow("code") << "ttf_eur" << QStringList {"DUTCH_TTF_EUR"};
        QTest::newRow("category") << "marine fuels"
                                  << QStringList {"HFO_380_USD", "MGO_05S_USD", "VLSFO_USD"};
        QTest::newRow("nothing") << "uranium" << QStringList {};
    }
    void searchFiltersByNameCodeAndCategory()
    {
        QFETCH(QString, typed);
        QFETCH(QStringList, shown);
        feed::Watchlist watchlist({"WTI_USD"});
        watchlist.setCatalogue(catalogue());
        ui::WatchlistDialog dialog(watchlist);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QCOMPARE(dialog.shownCodes().size(), sim::CommodityCatalog::builtin().size());
        QTest::keyClicks(dialog.searchField(), typed);
        QStringList codes = dialog.shownCodes();
        codes.sort();
        QCOMPARE(codes, shown);
        dialog.searchField()->clear();
        QCOMPARE(dialog.shownCodes().size(), sim::CommodityCatalog::builtin().size());
    }

    void addAndRemoveChangeTheWatchlist()
    {
        feed::Watchlist watchlist({"WTI_USD", "BRENT_CRUDE_USD"});
        watchlist.setCatalogue(catalogue());
        ui::WatchlistDialog dialog(watchlist, QStringLiteral("from the cache (offline)"));
        dialog.resize(640, 520);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QVERIFY(dialog.noteText().contains("from the cache (offline)"));
        QVERIFY(dialog.noteText().contains(QString::number(sim::CommodityCatalog::builtin().size())));
        // One match: Enter adds it.
        QTest::keyClicks(dialog.searchField(), "gold");
        QTest::keyClick(dialog.searchField(), Qt::Key_Return);
        QCOMPARE(watchlist.codes(), (QStringList {"WTI_USD", "BRENT_CRUDE_USD", "GOLD_USD"}));
        QVERIFY(dialog.statusText().contains("GOLD_USD"));
        QCOMPARE(
            dialog.proxy()->index(0, ui::WatchlistDialog::Watched).data().toString(), QStringLiteral("✓"));
        // Select the watched row with the mouse and remove it.
        dialog.searchField()->clear();
        QTest::keyClicks(dialog.searchField(), "WTI");
        const QRect row = dialog.view()->visualRect(dialog.proxy()->index(0, ui::WatchlistDialog::Name));
        QTest::mouseClick(dialog.view()->viewport(), Qt::LeftButton, {}, row.center());
        QVERIFY(dialog.removeButton()->isEnabled());
        QVERIFY(!dialog.addButton()->isEnabled());
        QTest::mouseClick(dialog.removeButton(), Qt::LeftButton);
        QCOMPARE(watchlist.codes(), (QStringList {"BRENT_CRUDE_USD", "GOLD_USD"}));
        QCOMPARE(dialog.proxy()->index(0, ui::WatchlistDialog::Watched).data().toString(), QString());
    }

    void aRefusalIsSaidAndChangesNothing()
    {
        feed::Watchlist watchlist({"WTI_USD"});
        watchlist.setCatalogue(catalogue());
        ui::WatchlistDialog dialog(watchlist);
        dialog.show();
        QTest::keyClicks(dialog.searchField(), "WTI_USD");
        const QRect row = dialog.view()->visualRect(dialog.proxy()->index(0, ui::WatchlistDialog::Name));
        QTest::mouseClick(dialog.view()->viewport(), Qt::LeftButton, {}, row.center());
        QTest::mouseClick(dialog.removeButton(), Qt::LeftButton);
        QCOMPARE(watchlist.codes(), QStringList {"WTI_USD"});
        QVERIFY2(dialog.statusText().contains("last code"), qPrintable(dialog.statusText()));
    }

    void withNoCatalogueItSaysSoAndTakesATypedCode()
    {
        feed::Watchlist watchlist({"WTI_USD"});
        ui::WatchlistDialog dialog(watchlist);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QVERIFY(dialog.noteText().startsWith("No catalogue yet"));
        QCOMPARE(dialog.shownCodes(), QStringList {});
        QTest::keyClicks(dialog.searchField(), "coal_usd");
        QVERIFY(dialog.addButton()->isEnabled());
        QTest::mouseClick(dialog.addButton(), Qt::LeftButton);
        QCOMPARE(watchlist.codes(), (QStringList {"WTI_USD", "COAL_USD"}));
        dialog.searchField()->clear();
        QTest::keyClicks(dialog.searchField(), "not a code");
        QTest::mouseClick(dialog.addButton(), Qt::LeftButton);
        QCOMPARE(watchlist.size(), 2);
        QVERIFY(dialog.statusText().contains("not a commodity code"));
    }

    void thePickerForTheUserGuide()
    {
        feed::Watchlist watchlist(
            {"BRENT_CRUDE_USD", "WTI_USD", "NATURAL_GAS_USD", "DUTCH_TTF_EUR", "GASOLINE_USD"});
        watchlist.setCatalogue(catalogue());
        ui::WatchlistDialog dialog(watchlist, QStringLiteral("loaded from the API today"));
        dialog.resize(640, 520);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QTest::keyClicks(dialog.searchField(), "gas");
        testing::saveScreenshot(dialog, QStringLiteral("screenshot-watchlist-picker.png"));
    }
};

QTEST_MAIN(TestWatchlistDialog)
#include "tst_watchlistdialog.moc"
