// The watchlist board offscreen, driven by QTest mouse and key events: tiles dragged to a new place (saved),
// removed, a grid that follows the width, the table view with its sparklines; and the window following a
// watchlist.
#include "displayformat.h"
#include "feed/watchlist.h"
#include "mainwindow.h"
#include "pricechart.h"
#include "pricetile.h"
#include "screenshots.h"
#include "sim/commoditycatalog.h"
#include "sparklinedelegate.h"
#include "util/clock.h"
#include "watchlistboard.h"
#include "watchlisttablemodel.h"

#include <QDialog>
#include <QDir>
#include <QScrollArea>
#include <QScrollBar>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QtTest>

using namespace oilwatch;
using namespace std::chrono_literals;

namespace {

api::Quote quoteOf(const QString& code, double price, const util::Clock& clock)
{
    api::Quote q;
    q.code = code;
    q.price = price;
    q.currency = QStringLiteral("USD");
    q.unit = QStringLiteral("barrel");
    q.createdAt = clock.nowUtc();
    q.receivedAt = clock.nowUtc();
    return q;
}

QStringList realCodes()
{
    return {"BRENT_CRUDE_USD", "WTI_USD", "NATURAL_GAS_USD", "DUTCH_TTF_EUR", "GASOLINE_USD", "DIESEL_USD",
        "JET_FUEL_USD", "HEATING_OIL_USD", "GOLD_USD", "COAL_USD", "EU_CARBON_EUR", "NATURAL_GAS_GBP"};
}

// A quote as the simulator would price the code: its level, currency and unit, moved a little by `step`.
api::Quote realistic(const QString& code, int step, const util::Clock& clock)
{
    const sim::CommodityInfo* info = sim::CommodityCatalog::builtin().find(code);
    api::Quote q = quoteOf(code, 0, clock);
    const int salt = int(qHash(code) % 7);
    const double move = std::sin((step + salt) / 4.0) * 0.012 + step * (salt % 2 ? 0.0008 : -0.0006);
    q.price = info->startPrice * (1.0 + move);
    q.currency = info->currency;
    q.unit = info->unit;
    return q;
}

QStringList numbered(int count)
{
    QStringList codes;
    for (int i = 0; i < count; ++i)
        codes << QStringLiteral("CODE_%1_USD").arg(i, 2, 10, QLatin1Char('0'));
    return codes;
}

QStringList tileOrder(const ui::WatchlistBoard& board)
{
    QStringList codes;
    for (const ui::PriceTile* tile : board.tiles())
        codes << tile->code();
    return codes;
}

QPoint centreOf(const QWidget* widget)
{
    return widget->rect().center();
}

} // namespace

class TestWatchlistBoard : public QObject
{
    Q_OBJECT
private:
    util::ManualClock m_clock {QDateTime(QDate(2026, 3, 10), QTime(10, 0), QTimeZone::utc())};
    QString m_ini;

private Q_SLOTS:
    void init()
    {
        m_ini = QDir(QDir::homePath()).filePath(QStringLiteral("watchlist-test.ini"));
        QDir().mkpath(QDir::homePath());
        QFile::remove(m_ini);
    }

    // Press on WTI, move past the drag distance, let go over GOLD's right half: WTI goes after GOLD, the
    // watchlist saves the new order, and the next run reads it.
    void draggingATileReordersAndPersists()
    {
        feed::SettingsWatchlistStore store(m_ini);
        feed::Watchlist watchlist({"BRENT_CRUDE_USD", "WTI_USD", "NATURAL_GAS_USD", "GOLD_USD"});
        watchlist.setStore(&store);
        ui::WatchlistBoard board({}, 2s, m_clock);
        board.attach(watchlist);
        board.resize(1100, 300);
        board.show();
        QVERIFY(QTest::qWaitForWindowExposed(&board));
        QCOMPARE(board.columnCount(), 4);

        ui::PriceTile* wti = board.tile("WTI_USD");
        ui::PriceTile* gold = board.tile("GOLD_USD");
        const QPoint target = gold->mapTo(&board, centreOf(gold) + QPoint(gold->width() / 4, 0));
        QSignalSpy started(&board, &ui::WatchlistBoard::dragStarted);
        QTest::mousePress(wti, Qt::LeftButton, {}, centreOf(wti));
        QTest::mouseMove(wti, centreOf(wti) + QPoint(40, 0));
        QCOMPARE(started.size(), 1);
        QCOMPARE(started.constFirst().constFirst().toString(), QStringLiteral("WTI_USD"));
        // While the button is down Qt sends the moves to the pressed tile (the implicit grab); so do we.
        QTest::mouseMove(wti, wti->mapFrom(&board, target));
        QTest::mouseRelease(wti, Qt::LeftButton, {}, wti->mapFrom(&board, target));
        const QStringList expected {"BRENT_CRUDE_USD", "NATURAL_GAS_USD", "GOLD_USD", "WTI_USD"};
        QCOMPARE(watchlist.codes(), expected);
        QCOMPARE(tileOrder(board), expected);
        // The tile moved on screen too: WTI is now right of GOLD.
        QTRY_VERIFY(board.tile("WTI_USD")->geometry().x() > board.tile("GOLD_USD")->geometry().x());
        QCOMPARE(feed::Watchlist::loadCodes(feed::SettingsWatchlistStore(m_ini), {}), expected);
    }

    void dropPositionDecidesTheIndex_data()
    {
        QTest::addColumn<QString>("onto");
        QTest::addColumn<bool>("rightHalf");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("left half of the first")
            << "A_USD" << false << QStringList {"D_USD", "A_USD", "B_USD", "C_USD"};
        QTest::newRow("right half of the first")
            << "A_USD" << true << QStringList {"A_USD", "D_USD", "B_USD", "C_USD"};
        QTest::newRow("left half of its own")
            << "D_USD" << false << QStringList {"A_USD", "B_USD", "C_USD", "D_USD"};
        QTest::newRow("left half of the third")
            << "C_USD" << false << QStringList {"A_USD", "B_USD", "D_USD", "C_USD"};
    }
    void dropPositionDecidesTheIndex()
    {
        QFETCH(QString, onto);
        QFETCH(bool, rightHalf);
        QFETCH(QStringList, expected);
        feed::Watchlist watchlist({"A_USD", "B_USD", "C_USD", "D_USD"});
        ui::WatchlistBoard board({}, 2s, m_clock);
        board.attach(watchlist);
        board.resize(1100, 300);
        board.show();
        QVERIFY(QTest::qWaitForWindowExposed(&board));
        const ui::PriceTile* tile = board.tile(onto);
        const QPoint at
            = tile->mapTo(&board, centreOf(tile) + QPoint((rightHalf ? 1 : -1) * tile->width() / 4, 0));
        ui::PriceTile* d = board.tile("D_USD");
        QTest::mousePress(d, Qt::LeftButton, {}, centreOf(d));
        QTest::mouseMove(d, centreOf(d) - QPoint(40, 0));
        QTest::mouseMove(d, d->mapFrom(&board, at));
        QTest::mouseRelease(d, Qt::LeftButton, {}, d->mapFrom(&board, at));
        QCOMPARE(watchlist.codes(), expected);
    }

    // Escape during a drag puts nothing anywhere; a press that does not travel the drag distance is a click.
    void escapeOrAShortMoveLeavesTheOrder()
    {
        feed::Watchlist watchlist({"A_USD", "B_USD", "C_USD"});
        ui::WatchlistBoard board({}, 2s, m_clock);
        board.attach(watchlist);
        board.resize(1000, 300);
        board.show();
        QVERIFY(QTest::qWaitForWindowExposed(&board));
        ui::PriceTile* a = board.tile("A_USD");
        const QPoint far = board.tile("C_USD")->mapTo(&board, centreOf(board.tile("C_USD")) + QPoint(30, 0));
        QSignalSpy started(&board, &ui::WatchlistBoard::dragStarted);
        QTest::mousePress(a, Qt::LeftButton, {}, centreOf(a));
        QTest::mouseMove(a, centreOf(a) + QPoint(40, 0));
        QTest::mouseMove(a, a->mapFrom(&board, far));
        QTest::keyClick(&board, Qt::Key_Escape);
        QTest::mouseRelease(a, Qt::LeftButton, {}, a->mapFrom(&board, far));
        QCOMPARE(started.size(), 1);
        QCOMPARE(watchlist.codes(), (QStringList {"A_USD", "B_USD", "C_USD"}));

        QTest::mousePress(a, Qt::LeftButton, {}, centreOf(a));
        QTest::mouseMove(a, centreOf(a) + QPoint(1, 0));
        QTest::mouseRelease(a, Qt::LeftButton, {}, centreOf(a) + QPoint(1, 0));
        QCOMPARE(started.size(), 1);
        QCOMPARE(watchlist.codes(), (QStringList {"A_USD", "B_USD", "C_USD"}));
    }

    // The × on a hovered tile removes its code; the last code has none to click.
    void theCloseButtonRemovesATile()
    {
        feed::SettingsWatchlistStore store(m_ini);
        feed::Watchlist watchlist({"BRENT_CRUDE_USD", "WTI_USD"});
        watchlist.setStore(&store);
        ui::WatchlistBoard board({}, 2s, m_clock);
        board.attach(watchlist);
        board.resize(900, 300);
        board.show();
        QVERIFY(QTest::qWaitForWindowExposed(&board));
        ui::PriceTile* wti = board.tile("WTI_USD");
        auto* close = wti->findChild<QToolButton*>("removeTile");
        QVERIFY(close);
        QVERIFY(close->isHidden());
        QEnterEvent enter(centreOf(wti), wti->mapToGlobal(centreOf(wti)), wti->mapToGlobal(centreOf(wti)));
        QCoreApplication::sendEvent(wti, &enter);
        QVERIFY(close->isVisible());
        QVERIFY(close->geometry().right() <= wti->width());
        QTest::mouseClick(close, Qt::LeftButton);
        QCOMPARE(watchlist.codes(), QStringList {"BRENT_CRUDE_USD"});
        QCOMPARE(board.codes(), QStringList {"BRENT_CRUDE_USD"});
        QVERIFY(!board.tile("WTI_USD"));
        QCOMPARE(store.load(), std::optional(QStringList {"BRENT_CRUDE_USD"}));
        ui::PriceTile* brent = board.tile("BRENT_CRUDE_USD");
        QCoreApplication::sendEvent(brent, &enter);
        QVERIFY(brent->findChild<QToolButton*>("removeTile")->isHidden());
    }

    void columnsFollowTheWidth_data()
    {
        QTest::addColumn<int>("codes");
        QTest::addColumn<int>("width");
        QTest::addColumn<int>("columns");
        QTest::newRow("one code, wide") << 1 << 1200 << 1;
        QTest::newRow("five, default window") << 5 << 1080 << 5;
        // Three rows need the scroll bar, which takes a column's slack.
        QTest::newRow("twelve, default window") << 12 << 1080 << 4;
        QTest::newRow("twelve, narrow") << 12 << 480 << 2;
        QTest::newRow("twelve, very narrow") << 12 << 200 << 1;
        QTest::newRow("fifty, very wide") << 50 << 2400 << ui::WatchlistBoard::kMaxColumns;
    }
    void columnsFollowTheWidth()
    {
        QFETCH(int, codes);
        QFETCH(int, width);
        QFETCH(int, columns);
        ui::WatchlistBoard board(numbered(codes), 2s, m_clock);
        board.resize(width, 400);
        board.show();
        QVERIFY(QTest::qWaitForWindowExposed(&board));
        QTRY_COMPARE(board.columnCount(), columns);
        // Every tile in its column's place, none hidden or overlapping.
        const QList<ui::PriceTile*> tiles = board.tiles();
        for (int i = 1; i < tiles.size(); ++i) {
            if (i % columns != 0)
                QVERIFY(tiles[i]->geometry().left() > tiles[i - 1]->geometry().right());
            else
                QVERIFY(tiles[i]->geometry().top() > tiles[i - 1]->geometry().bottom());
        }
    }

    // A tile that grows with its texts (a value, a note) is never cut off: one row shows whole, unscrolled.
    void aRowOfTilesShowsWholeOnceValuesArrive()
    {
        ui::WatchlistBoard board({"BRENT_CRUDE_USD", "GOLD_USD", "WTI_USD"}, 2s, m_clock);
        board.resize(1100, 400);
        board.show();
        QVERIFY(QTest::qWaitForWindowExposed(&board));
        const int empty = board.tile("GOLD_USD")->height();
        for (const QString& code : board.codes()) {
            for (int step = 0; step < 2; ++step)
                board.showQuote(quoteOf(code, 70 + step, m_clock), {}, m_clock);
        }
        api::ApiError expired = api::ApiError::make(api::ErrorKind::CacheExpired, "cached value too old");
        expired.lastValue = quoteOf("GOLD_USD", 71, m_clock);
        expired.lastValueAgeMs = 4'000'000;
        board.tile("GOLD_USD")->setExpired(expired, m_clock); // adds the note line
        QTRY_VERIFY(board.tile("GOLD_USD")->height() > empty);
        QTRY_COMPARE(board.tileArea()->verticalScrollBar()->maximum(), 0);
        QVERIFY(board.tileArea()->height() >= board.tile("GOLD_USD")->height());
    }

    // Fifty codes do not push the chart out of the window: at its preferred height (what the splitter above
    // the chart gives it at first) two rows and a bit show and the rest scrolls; dragged, it goes from one
    // row to all of them.
    void fiftyTilesScrollInsteadOfGrowing()
    {
        ui::WatchlistBoard few(numbered(5), 2s, m_clock);
        ui::WatchlistBoard many(numbered(50), 2s, m_clock);
        for (ui::WatchlistBoard* board : {&few, &many}) {
            board->resize(1080, 900);
            board->show();
            QVERIFY(QTest::qWaitForWindowExposed(board));
            board->resize(1080, board->sizeHint().height());
        }
        const int tileHeight = few.tile("CODE_00_USD")->height();
        QTRY_VERIFY(many.tileArea()->height() < 3 * tileHeight + 30);
        QVERIFY(many.minimumSizeHint().height() < 2 * tileHeight);
        QVERIFY(many.maximumHeight() > 8 * tileHeight); // 50 tiles in 5 columns: 10 rows
        QCOMPARE(few.maximumHeight(), few.sizeHint().height()); // one row: nothing more to show
        QVERIFY(few.tileArea()->height() >= tileHeight);
        QVERIFY(many.tileArea()->height() < 3 * tileHeight + 30);
        QTRY_VERIFY(many.tileArea()->verticalScrollBar()->maximum() > 0);
        QVERIFY(!few.tileArea()->verticalScrollBar()->isVisible());
        QVERIFY(many.sizeHint().height() < 600);
    }

    // The table: a row per code in the watchlist's order, price, change, age, served-from, and a sparkline
    // the delegate draws from the last points.
    void theTableViewShowsARowPerCodeWithASparkline()
    {
        feed::Watchlist watchlist(realCodes());
        ui::MainWindow window({}, {true, {}, 60s}, m_clock);
        window.attachWatchlist(watchlist);
        window.resize(1100, 700);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        ui::WatchlistBoard& board = *window.board();
        for (int step = 0; step < 40; ++step) {
            int i = 0;
            for (const QString& code : realCodes()) {
                const double wave
                    = std::sin((step + 3 * i) / 5.0) * (1 + i % 3) + step * (i % 2 ? 0.05 : -0.04);
                api::FetchInfo info;
                info.servedFrom = step == 39 && i == 2 ? api::ServedFrom::Cache : api::ServedFrom::Live;
                window.onQuote(quoteOf(code, 50.0 + 10 * i + wave, m_clock), info);
                ++i;
            }
            m_clock.advanceMs(60'000);
        }
        QSignalSpy viewChanged(&board, &ui::WatchlistBoard::viewChanged);
        QTest::mouseClick(board.findChild<QToolButton*>("showTable"), Qt::LeftButton);
        QCOMPARE(board.view(), ui::WatchlistBoard::View::Table);
        QCOMPARE(viewChanged.size(), 1);
        QVERIFY(board.table()->isVisible());
        QVERIFY(!board.tileArea()->isVisible());
        const ui::WatchlistTableModel* model = board.tableModel();
        QCOMPARE(model->rowCount(), realCodes().size());
        QCOMPARE(model->index(0, ui::WatchlistTableModel::Commodity).data(Qt::UserRole).toString(),
            "BRENT_CRUDE_USD");
        QVERIFY(model->index(0, ui::WatchlistTableModel::Price).data().toString().startsWith("$"));
        QVERIFY(!model->index(0, ui::WatchlistTableModel::Change).data().toString().isEmpty());
        QCOMPARE(model->index(0, ui::WatchlistTableModel::Age).data().toString(), QStringLiteral("60 s"));
        QCOMPARE(model->index(2, ui::WatchlistTableModel::Served).data().toString(),
            ui::servedFromText(api::ServedFrom::Cache));
        QCOMPARE(model->sparkPoints("WTI_USD").size(), 40);
        const int before = board.sparklineDelegate()->paintedLines();
        const QImage image = board.grab().toImage();
        QVERIFY(board.sparklineDelegate()->paintedLines() > before);
        // The Trend column of the first row holds coloured pixels that are not the background.
        const QRect cell = board.table()->visualRect(model->index(0, ui::WatchlistTableModel::Trend));
        const QPoint offset = board.table()->viewport()->mapTo(&board, QPoint(0, 0));
        int inked = 0;
        const QColor background = image.pixelColor(offset + cell.topLeft() + QPoint(1, 1));
        for (int x = cell.left() + 4; x < cell.right() - 4; ++x) {
            for (int y = cell.top() + 2; y < cell.bottom() - 2; ++y) {
                if (image.pixelColor(offset + QPoint(x, y)) != background)
                    ++inked;
            }
        }
        QVERIFY2(inked > cell.width() / 2, qPrintable(QString::number(inked)));
        // Long lists: the whole board stays short, the table scrolls.
        QVERIFY(board.height() < 420);
        QVERIFY(window.chart()->height() >= 240);
        window.refreshAges();
        testing::saveScreenshot(window, QStringLiteral("screenshot-watchlist-table.png"));
        // Back to tiles.
        board.setView(ui::WatchlistBoard::View::Tiles);
        QVERIFY(board.tileArea()->isVisible());
    }

    // The window follows its watchlist: a code added gets a tile and a labelled series, a code removed loses
    // both; the board's Add… opens the picker.
    void theWindowFollowsItsWatchlist()
    {
        feed::Watchlist watchlist({"BRENT_CRUDE_USD", "WTI_USD"});
        ui::MainWindow window({"BRENT_CRUDE_USD", "WTI_USD"}, {true, {}, 2s}, m_clock);
        window.attachWatchlist(watchlist);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.onQuote(quoteOf("WTI_USD", 70, m_clock), {});
        QCOMPARE(window.chart()->pointCount("WTI_USD"), 1);
        QVERIFY(!watchlist.add("GOLD_USD"));
        QVERIFY(window.tile("GOLD_USD"));
        QCOMPARE(window.codes(), (QStringList {"BRENT_CRUDE_USD", "WTI_USD", "GOLD_USD"}));
        window.onQuote(quoteOf("GOLD_USD", 2400, m_clock), {});
        QVERIFY(window.tile("GOLD_USD")->hasQuote());
        QCOMPARE(window.chart()->pointCount("GOLD_USD"), 1);
        QVERIFY(!watchlist.remove("WTI_USD"));
        QVERIFY(!window.tile("WTI_USD"));
        QCOMPARE(window.chart()->pointCount("WTI_USD"), 0);
        window.onQuote(quoteOf("WTI_USD", 71, m_clock), {}); // a late answer for a removed code: ignored
        QCOMPARE(window.chart()->pointCount("WTI_USD"), 0);
        QTest::mouseClick(window.board()->addButton(), Qt::LeftButton);
        QVERIFY(window.findChild<QDialog*>("watchlistDialog"));
    }

    void theBoardForTheUserGuide()
    {
        ui::MainWindow window(realCodes(), {true, {}, 60s}, m_clock);
        window.resize(1100, 700);
        for (int step = 0; step < 15; ++step) {
            for (const QString& code : realCodes())
                window.onQuote(realistic(code, step, m_clock), {});
            m_clock.advanceMs(60'000);
        }
        m_clock.advanceMs(-50'000);
        window.refreshAges();
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCOMPARE(window.board()->columnCount(), 4);
        testing::saveScreenshot(window, QStringLiteral("screenshot-watchlist-board.png"));
    }
};

QTEST_MAIN(TestWatchlistBoard)
#include "tst_watchlistboard.moc"
