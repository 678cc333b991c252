#include "aboutdialog.h"
#include "badgelabel.h"
#include "benchpanel.h"
#include "mainwindow.h"
#include "pricechart.h"
#include "pricetile.h"
#include "transport/networkreachability.h"
#include "util/clock.h"
#include "watchlistboard.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAbstractSpinBox>
#include <QAccessible>
#include <QAction>
#include <QComboBox>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QSplitter>
#include <QtTest>

using namespace oilwatch;
using namespace std::chrono_literals;
using Freshness = ui::PriceTile::Freshness;

class TestMainWindow : public QObject
{
    Q_OBJECT

private:
    const QStringList m_codes {
        "BRENT_CRUDE_USD", "WTI_USD", "NATURAL_GAS_USD", "DUTCH_TTF_EUR", "GASOLINE_USD"};

    static api::Quote quote(const QString& code, double price, const util::Clock& clock)
    {
        api::Quote q;
        q.code = code;
        q.price = price;
        q.currency = "USD";
        q.unit = "barrel";
        q.createdAt = clock.nowUtc();
        q.receivedAt = clock.nowUtc();
        return q;
    }

    static ui::DataMode simulatorEvery2s() { return {true, {}, 2s}; }

    static api::ApiError expired(const api::Quote& last, qint64 ageMs)
    {
        api::ApiError error = api::ApiError::make(api::ErrorKind::CacheExpired, "cached value too old");
        error.lastValue = last;
        error.lastValueAgeMs = ageMs;
        return error;
    }

    static api::FetchInfo servedFrom(api::ServedFrom from, qint64 ageMs)
    {
        api::FetchInfo info;
        info.servedFrom = from;
        info.ageMs = ageMs;
        return info;
    }

    // Every control a keyboard or screen-reader user can reach, with the name a screen reader says for it.
    static QStringList unnamedControls(QWidget& root)
    {
        QStringList unnamed;
        for (QWidget* widget : root.findChildren<QWidget*>()) {
            const bool control = qobject_cast<QAbstractButton*>(widget) || qobject_cast<QLineEdit*>(widget)
                || qobject_cast<QAbstractSpinBox*>(widget) || qobject_cast<QComboBox*>(widget)
                || qobject_cast<QAbstractItemView*>(widget);
            // Popups (a combo box's list) are windows of their own, named through their owner.
            if (!control || widget->focusPolicy() == Qt::NoFocus || widget->window() != &root)
                continue;
            // A spin box's or combo box's own line edit is named through its owner.
            if (qobject_cast<QLineEdit*>(widget)
                && (qobject_cast<QAbstractSpinBox*>(widget->parentWidget())
                    || qobject_cast<QComboBox*>(widget->parentWidget())))
                continue;
            QAccessibleInterface* accessible = QAccessible::queryAccessibleInterface(widget);
            if (!accessible || accessible->text(QAccessible::Name).trimmed().isEmpty())
                unnamed << QString("%1 %2").arg(widget->metaObject()->className(), widget->objectName());
        }
        return unnamed;
    }

private Q_SLOTS:
    void everyControlHasAnAccessibleName()
    {
        util::ManualClock clock;
        ui::MainWindow window(m_codes, simulatorEvery2s(), clock);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const QStringList unnamed = unnamedControls(window);
        QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(", ")));
    }

    void theBenchmarkFormFitsTheDefaultWindow()
    {
        util::ManualClock clock;
        ui::MainWindow window(m_codes, simulatorEvery2s(), clock);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.board()->isVisible());
        window.showBenchmark();
        QCoreApplication::processEvents();
        QVERIFY(!window.board()->isVisible());
        for (QScrollArea* area : window.benchPanel()->findChildren<QScrollArea*>())
            QVERIFY2(!area->verticalScrollBar()->isVisible(),
                qPrintable(QString("%1 needs %2 px, has %3 px")
                               .arg(area->objectName())
                               .arg(area->widget()->sizeHint().height())
                               .arg(area->viewport()->height())));
        window.showChart();
        QVERIFY(window.board()->isVisible());
    }

    // The handle between the tiles and the tabs is where the user left it at the next start.
    void theBoardSplitterComesBack()
    {
        QSettings().remove("window");
        util::ManualClock clock;
        QList<int> sizes;
        {
            ui::MainWindow window(m_codes, simulatorEvery2s(), clock);
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            auto* split = window.findChild<QSplitter*>("boardSplitter");
            QVERIFY(split);
            QCOMPARE(split->widget(0), window.board());
            // At first the tiles get their preferred height, known once their width is: one row here.
            QTRY_COMPARE(window.board()->height(), window.board()->sizeHint().height());
            QVERIFY(window.board()->height() < 2 * window.board()->tile(m_codes.first())->height());
            sizes = split->sizes();
            sizes[1] += sizes[0] - window.board()->minimumSizeHint().height();
            sizes[0] = window.board()->minimumSizeHint().height(); // dragged up to one row
            split->setSizes(sizes);
            sizes = split->sizes();
            window.saveLayout();
        }
        ui::MainWindow again(m_codes, simulatorEvery2s(), clock);
        again.restoreLayout();
        again.show();
        QVERIFY(QTest::qWaitForWindowExposed(&again));
        QCOMPARE(again.findChild<QSplitter*>("boardSplitter")->sizes(), sizes);
    }

    void buildsWithFiveCodes()
    {
        util::ManualClock clock;
        ui::MainWindow window(m_codes, {true, {}}, clock);
        QCOMPARE(window.windowTitle(), QString("OilWatch"));
        for (const QString& code : m_codes) {
            auto* tile = window.findChild<ui::PriceTile*>("tile_" + code);
            QVERIFY2(tile, qPrintable(code));
            QCOMPARE(window.tile(code), tile);
        }
        QVERIFY(window.findChild<ui::PriceChart*>("priceChart"));
        QVERIFY(window.findChild<QLabel*>("statusMode"));
        QVERIFY(window.findChild<QLabel*>("statusLastSuccess"));
        QVERIFY(window.findChild<QLabel*>("statusLastError"));
        QCOMPARE(window.findChild<ui::PriceTile*>("tile_NATURAL_GAS_USD")->nameText(),
            QString("Henry Hub Natural Gas"));
    }

    void quoteUpdatesTheRightTile()
    {
        util::ManualClock clock;
        ui::MainWindow window(m_codes, {true, {}}, clock);
        window.onQuote(quote("WTI_USD", 71.5, clock), {});
        QCOMPARE(window.tile("WTI_USD")->priceText(), QString("$71.50 / barrel"));
        QVERIFY(!window.tile("BRENT_CRUDE_USD")->hasQuote());
        QCOMPARE(window.chart()->pointCount("WTI_USD"), 1);
        QCOMPARE(
            window.lastSuccessText(), "Last update " + clock.nowUtc().toLocalTime().toString("hh:mm:ss"));

        // Codes the window does not watch are ignored rather than crashing or adding tiles.
        window.onQuote(quote("GOLD_USD", 2000, clock), {});
        QVERIFY(!window.tile("GOLD_USD"));
    }

    void agesRefreshFromTheClock()
    {
        util::ManualClock clock;
        ui::MainWindow window(m_codes, {true, {}}, clock);
        window.onQuote(quote("BRENT_CRUDE_USD", 75.0, clock), {});
        clock.advanceMs(5000);
        window.refreshAges();
        QCOMPARE(window.tile("BRENT_CRUDE_USD")->ageText(), QString("updated 5 s ago"));
    }

    void pollFailureShowsErrorAndNextQuoteClearsIt()
    {
        util::ManualClock clock;
        ui::MainWindow window(m_codes, {false, "api.oilpriceapi.com"}, clock);
        window.onQuote(quote("BRENT_CRUDE_USD", 75.0, clock), {});

        api::ApiError error;
        error.kind = api::ErrorKind::Server;
        error.httpStatus = 503;
        error.message = "Service unavailable";
        window.onPollFailed(error);
        const QString shown = window.findChild<QLabel*>("statusLastError")->text();
        QCOMPARE(window.lastErrorText(), shown);
        QVERIFY2(shown.contains("Service unavailable"), qPrintable(shown));
        QVERIFY(shown.contains("503"));

        clock.advanceMs(2000);
        window.onQuote(quote("BRENT_CRUDE_USD", 75.5, clock), {});
        QVERIFY(window.lastErrorText().isEmpty());
        // The poll that failed left a break in the line.
        QCOMPARE(window.chart()->runCount("BRENT_CRUDE_USD"), 2);
    }

    void staleQuoteUpdatesTileButIsNotPlotted()
    {
        util::ManualClock clock;
        ui::MainWindow window(m_codes, {true, {}}, clock);
        window.onQuote(quote("BRENT_CRUDE_USD", 75.0, clock), {});
        api::FetchInfo stale;
        stale.servedFrom = api::ServedFrom::Stale;
        clock.advanceMs(2000);
        window.onQuote(quote("BRENT_CRUDE_USD", 75.0, clock), stale);
        QCOMPARE(window.tile("BRENT_CRUDE_USD")->servedText(), QString("served: stale"));
        QCOMPARE(window.chart()->pointCount("BRENT_CRUDE_USD"), 1);
    }

    void simulatedBannerAndModeText()
    {
        util::ManualClock clock;
        ui::MainWindow simulated(m_codes, {true, {}}, clock);
        ui::MainWindow live(m_codes, {false, "api.oilpriceapi.com"}, clock);
        simulated.show();
        live.show();
        QVERIFY(QTest::qWaitForWindowExposed(&simulated));
        QVERIFY(QTest::qWaitForWindowExposed(&live));

        auto* banner = simulated.findChild<QLabel*>("simulatedBanner");
        QVERIFY(banner);
        QVERIFY(banner->isVisible());
        QVERIFY(banner->text().contains("Simulated data"));
        QVERIFY(simulated.isSimulatedBannerShown());
        QVERIFY(!live.findChild<QLabel*>("simulatedBanner")->isVisible());
        QVERIFY(!live.isSimulatedBannerShown());

        QCOMPARE(simulated.modeText(), QString("Simulator"));
        QCOMPARE(live.modeText(), QString("Live · api.oilpriceapi.com"));
    }

    void windowGrabIsNotEmpty()
    {
        util::ManualClock clock;
        ui::MainWindow window(m_codes, {true, {}}, clock);
        for (int i = 0; i < 10; ++i) {
            for (int c = 0; c < m_codes.size(); ++c)
                window.onQuote(quote(m_codes[c], 10.0 * (c + 1) + i * 0.1, clock), {});
            clock.advanceMs(2000);
        }
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const QPixmap pixmap = window.grab();
        QVERIFY(!pixmap.isNull());
        QVERIFY(pixmap.width() >= 800 && pixmap.height() >= 500);
        QVERIFY(!window.chart()->grabImage().isNull());
    }

    void pollIntervalReachesTheTiles()
    {
        util::ManualClock clock;
        ui::MainWindow window(m_codes, simulatorEvery2s(), clock);
        QCOMPARE(window.pollInterval(), std::chrono::milliseconds {2s});
        for (const QString& code : m_codes)
            QCOMPARE(window.tile(code)->pollInterval(), std::chrono::milliseconds {2s});
    }

    void badgeFollowsTheFeedAndTheChartLeavesAGap()
    {
        util::ManualClock clock;
        ui::MainWindow window(m_codes, simulatorEvery2s(), clock);
        const QString code = "BRENT_CRUDE_USD";
        ui::PriceTile* tile = window.tile(code);
        const api::Quote first = quote(code, 75.0, clock);
        window.onQuote(first, {});
        QCOMPARE(tile->freshness(), Freshness::Fresh);

        clock.advanceMs(3500);
        window.refreshAges();
        QCOMPARE(tile->freshness(), Freshness::Aging);
        QCOMPARE(tile->ageText(), QString("updated 3 s ago"));

        // Two polls fail; each time the cache serves the old value.
        api::ApiError down = api::ApiError::make(api::ErrorKind::Server, "Service unavailable");
        for (int poll = 0; poll < 2; ++poll) {
            window.onPollFailed(down);
            api::Quote replay = first;
            replay.receivedAt = clock.nowUtc();
            window.onQuote(
                replay, servedFrom(api::ServedFrom::Stale, first.receivedAt.msecsTo(clock.nowUtc())));
            QCOMPARE(tile->freshness(), Freshness::Stale);
            clock.advanceMs(2000);
            window.refreshAges();
        }
        QCOMPARE(tile->ageText(), QString("updated 7 s ago"));
        // A stale value is no recovery: the error stays up, and no point was drawn for it.
        QVERIFY(window.lastErrorText().contains("Service unavailable"));
        QCOMPARE(window.chart()->pointCount(code), 1);

        window.onPollFailed(expired(first, first.receivedAt.msecsTo(clock.nowUtc())));
        QCOMPARE(tile->freshness(), Freshness::Expired);
        QVERIFY(tile->isGreyed());
        QCOMPARE(tile->priceText(), QString("$75.00 / barrel"));
        QVERIFY(window.lastErrorText().contains("cached value too old"));
        // The expired error is about one code; the others are left alone.
        QCOMPARE(window.tile("WTI_USD")->freshness(), Freshness::None);
        QCOMPARE(window.chart()->pointCount(code), 1);

        clock.advanceMs(2000);
        window.onQuote(quote(code, 76.0, clock), {});
        QCOMPARE(tile->freshness(), Freshness::Fresh);
        QVERIFY(!tile->isGreyed());
        QVERIFY(window.lastErrorText().isEmpty());
        QCOMPARE(window.chart()->pointCount(code), 2);
        QCOMPARE(window.chart()->runCount(code), 2); // the outage is a gap, not a line across it
    }

    void oneStalePollBreaksTheLine()
    {
        util::ManualClock clock;
        ui::MainWindow window(m_codes, simulatorEvery2s(), clock);
        const api::Quote first = quote("WTI_USD", 71.0, clock);
        window.onQuote(first, {});
        clock.advanceMs(2000);
        window.onQuote(first, servedFrom(api::ServedFrom::Stale, 2000));
        clock.advanceMs(2000);
        window.onQuote(quote("WTI_USD", 71.2, clock), {});
        // Well within the gap threshold in time, yet the stale poll is not bridged.
        QCOMPARE(window.chart()->pointCount("WTI_USD"), 2);
        QCOMPARE(window.chart()->runCount("WTI_USD"), 2);
    }

    void freshCacheHitShowsFreshAndIsNotDrawnTwice()
    {
        util::ManualClock clock;
        ui::MainWindow window(m_codes, simulatorEvery2s(), clock);
        const api::Quote q = quote("WTI_USD", 71.0, clock);
        window.onQuote(q, {});
        clock.advanceMs(1500);
        api::Quote again = q;
        again.receivedAt = clock.nowUtc();
        window.onQuote(again, servedFrom(api::ServedFrom::Cache, 1500));
        QCOMPARE(window.tile("WTI_USD")->freshness(), Freshness::Fresh);
        QCOMPARE(window.tile("WTI_USD")->servedText(), QString("served: cache"));
        QCOMPARE(window.chart()->pointCount("WTI_USD"), 1);

        // A value some other instance fetched into the shared cache is new to this chart: drawn at its fetch
        // time.
        api::Quote other = quote("WTI_USD", 71.4, clock);
        other.createdAt = clock.nowUtc().addSecs(-1);
        clock.advanceMs(500);
        other.receivedAt = clock.nowUtc();
        window.onQuote(other, servedFrom(api::ServedFrom::Cache, 500));
        QCOMPARE(window.chart()->pointCount("WTI_USD"), 2);
        QCOMPARE(window.chart()->runCount("WTI_USD"), 1);
    }

    void oldestAgeCountsWithTheClock()
    {
        util::ManualClock clock;
        ui::MainWindow window(m_codes, simulatorEvery2s(), clock);
        QVERIFY(window.oldestAgeText().isEmpty());
        window.onQuote(quote("BRENT_CRUDE_USD", 75.0, clock), servedFrom(api::ServedFrom::Stale, 40'000));
        window.onQuote(quote("WTI_USD", 71.0, clock), {});
        QCOMPARE(window.oldestAgeText(), QString("oldest value 40 s"));
        clock.advanceMs(90'000);
        window.refreshAges();
        QCOMPARE(window.oldestAgeText(), QString("oldest value 2 min"));
        auto* label = window.findChild<QLabel*>("statusOldestAge");
        QVERIFY(label->toolTip().contains("Brent Crude Oil"));
    }

    void cacheHitRatio()
    {
        util::ManualClock clock;
        ui::MainWindow window(m_codes, simulatorEvery2s(), clock);
        QVERIFY(window.cacheStatsText().isEmpty());
        window.setCacheStats({});
        QVERIFY(window.cacheStatsText().isEmpty()); // nothing before the first lookup
        window.setCacheStats({87, 13, 5, 2048});
        QCOMPARE(window.cacheStatsText(), QString("cache 87% hits"));
        const QString tip = window.findChild<QLabel*>("statusCacheStats")->toolTip();
        QVERIFY2(tip.contains("87 hits") && tip.contains("13 misses") && tip.contains("100 lookups"),
            qPrintable(tip));
        QVERIFY(tip.contains("5 entries"));
        // 199 of 200 is not "100 %".
        window.setCacheStats({199, 1, 1, 10});
        QCOMPARE(window.cacheStatsText(), QString("cache 99% hits"));
    }

    void offlineBadgeFollowsReachability()
    {
        util::ManualClock clock;
        ui::MainWindow window(m_codes, simulatorEvery2s(), clock);
        transport::NetworkReachability reachability;
        window.attachReachability(reachability);
        QVERIFY(!window.isOfflineShown()); // no backend: claim nothing

        reachability.setStateForTesting(transport::NetworkReachability::State::Offline);
        QVERIFY(window.isOfflineShown());
        auto* badge = window.findChild<ui::BadgeLabel*>("offlineBadge");
        QVERIFY(badge);
        QCOMPARE(badge->text(), QString("OFFLINE"));
        reachability.setStateForTesting(transport::NetworkReachability::State::Online);
        QVERIFY(!window.isOfflineShown());
        reachability.setStateForTesting(transport::NetworkReachability::State::Offline);
        reachability.setStateForTesting(transport::NetworkReachability::State::Unknown);
        QVERIFY(!window.isOfflineShown());

        window.setOffline(true);
        QVERIFY(window.isOfflineShown());
        window.setOffline(false);
        QVERIFY(!window.isOfflineShown());
    }

    void seededHistoryWithHolesThenLiveQuotes()
    {
        util::ManualClock clock;
        ui::MainWindow window(m_codes, simulatorEvery2s(), clock);
        const QString code = "BRENT_CRUDE_USD";
        // Ten minutes ago: 20 polls, then a hole of 30 s (15 polls), then 20 more.
        QList<api::Quote> stored;
        QDateTime at = clock.nowUtc().addSecs(-600);
        for (int i = 0; i < 40; ++i) {
            api::Quote q;
            q.code = code;
            q.price = 75.0 + i * 0.01;
            q.createdAt = at;
            q.receivedAt = at;
            stored.append(q);
            at = at.addSecs(i == 19 ? 32 : 2);
        }
        window.seedHistory(code, stored);
        QCOMPARE(window.chart()->pointCount(code), 40);
        QCOMPARE(window.chart()->runCount(code), 2);
        QVERIFY(window.tile(code)->hasQuote() == false); // history draws the chart, it is not a current value

        // The app was closed for minutes: the first live quote starts a new piece, the next continues it.
        window.onQuote(quote(code, 76.0, clock), {});
        QCOMPARE(window.chart()->runCount(code), 3);
        clock.advanceMs(2000);
        window.onQuote(quote(code, 76.1, clock), {});
        QCOMPARE(window.chart()->pointCount(code), 42);
        QCOMPARE(window.chart()->runCount(code), 3);
    }

    void backfilledHistoryIsPlacedByTheTimeOfEachPrice()
    {
        util::ManualClock clock;
        ui::MainWindow window(m_codes, simulatorEvery2s(), clock);
        const QString code = "WTI_USD";
        // A backfill stores a week in one go: every record has the same receivedAt, its own createdAt.
        QList<api::Quote> stored;
        QDateTime at = clock.nowUtc().addSecs(-300);
        for (int i = 0; i < 20; ++i) {
            api::Quote q = quote(code, 70.0 + i * 0.1, clock);
            q.createdAt = at;
            q.receivedAt = clock.nowUtc();
            stored.append(q);
            at = at.addSecs(i == 9 ? 60 : 2); // a hole a minute long after the tenth
        }
        window.seedHistory(code, stored);
        QCOMPARE(window.chart()->pointCount(code), 20);
        QCOMPARE(window.chart()->runCount(code), 2); // the hole is seen: the points are spread in time
    }

    void historyArrivingAfterTheFirstLiveQuoteIsDrawnBeforeIt()
    {
        util::ManualClock clock;
        ui::MainWindow window(m_codes, simulatorEvery2s(), clock);
        const QString code = "BRENT_CRUDE_USD";
        window.onQuote(quote(code, 76.0, clock), {}); // the last known value, shown before history is read
        QList<api::Quote> stored;
        for (int i = 10; i >= 1; --i) {
            api::Quote q = quote(code, 75.0 + i * 0.01, clock);
            q.createdAt = q.receivedAt = clock.nowUtc().addSecs(-120 - 2 * i); // closed two minutes ago
            stored.append(q);
        }
        window.seedHistory(code, stored);
        QCOMPARE(window.chart()->pointCount(code), 11);
        QCOMPARE(window.chart()->runCount(code), 2); // the two minutes the app was closed are a gap
        clock.advanceMs(2000);
        window.onQuote(quote(code, 76.1, clock), {});
        QCOMPARE(window.chart()->pointCount(code), 12);
        QCOMPARE(window.chart()->runCount(code), 2);
    }

    void seededHistoryRightBeforeStartContinuesTheLine()
    {
        util::ManualClock clock;
        ui::MainWindow window(m_codes, simulatorEvery2s(), clock);
        const QString code = "WTI_USD";
        QList<api::Quote> stored;
        for (int i = 5; i >= 1; --i) {
            api::Quote q = quote(code, 70.0 + i, clock);
            q.createdAt = q.receivedAt = clock.nowUtc().addSecs(-2 * i);
            stored.append(q);
        }
        // Only what the chart's window can hold is drawn, and quotes of another code are ignored.
        api::Quote ancient = stored.front();
        ancient.receivedAt = ancient.createdAt = clock.nowUtc().addDays(-2);
        stored.prepend(ancient);
        api::Quote foreign = stored.back();
        foreign.code = "GOLD_USD";
        stored.insert(3, foreign);
        window.seedHistory(code, stored);
        window.seedHistory("GOLD_USD", stored); // not watched
        QCOMPARE(window.chart()->pointCount(code), 5);
        window.onQuote(quote(code, 70.5, clock), {});
        QCOMPARE(window.chart()->pointCount(code), 6);
        QCOMPARE(window.chart()->runCount(code), 1);
    }

    void storageWarningAndSettingsWarningShareTheMechanism()
    {
        util::ManualClock clock;
        ui::MainWindow window(m_codes, simulatorEvery2s(), clock);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.storageWarningText().isEmpty());
        window.showStorageWarning(
            "History file was damaged; started a new one", "Moved to /tmp/history.sqlite.corrupt-1");
        window.showSettingsWarning("Using default settings", "bad value");
        QVERIFY(window.storageWarningText().contains("History file was damaged"));
        QVERIFY(window.settingsWarningText().contains("Using default settings"));
        auto* storage = window.findChild<QLabel*>("statusStorageWarning");
        auto* settings = window.findChild<QLabel*>("statusSettingsWarning");
        QVERIFY(storage->isVisible() && settings->isVisible());
        // The whole text and the details are in the tooltip, however narrow the status bar.
        QVERIFY(storage->toolTip().contains("History file was damaged; started a new one"));
        QVERIFY(storage->toolTip().contains("Moved to /tmp/history.sqlite.corrupt-1"));
        // Same look for the same kind of message.
        QCOMPARE(
            storage->palette().color(QPalette::WindowText), settings->palette().color(QPalette::WindowText));
        QCOMPARE(storage->text().left(2), settings->text().left(2));
        window.showStorageWarning({});
        QVERIFY(window.storageWarningText().isEmpty());
        QVERIFY(!window.settingsWarningText().isEmpty());
    }

    void sharedCacheDownOnlyWhenConfigured()
    {
        util::ManualClock clock;
        ui::MainWindow window(m_codes, simulatorEvery2s(), clock);
        QVERIFY(window.sharedCacheText().isEmpty());
        window.setSharedCacheState(ui::SharedCacheState::NotConfigured);
        QVERIFY(window.sharedCacheText().isEmpty());
        window.setSharedCacheState(ui::SharedCacheState::Down, "redis://127.0.0.1:6379: connection refused");
        QVERIFY(window.sharedCacheText().contains("shared cache down — using local cache"));
        QVERIFY(window.findChild<QLabel*>("statusSharedCache")->toolTip().contains("connection refused"));
        window.setSharedCacheState(ui::SharedCacheState::Up);
        QVERIFY(window.sharedCacheText().isEmpty());
    }

    void nothingMovesWhileAgesCount()
    {
        util::ManualClock clock;
        ui::MainWindow window(m_codes, simulatorEvery2s(), clock);
        window.setCacheStats({1, 0, 1, 10});
        for (const QString& code : m_codes)
            window.onQuote(quote(code, 75.0, clock), {});
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const auto geometries = [&] {
            QList<QRect> rects;
            for (const QString& code : m_codes)
                rects.append(window.tile(code)->geometry());
            for (const char* name :
                {"statusOldestAge", "statusCacheStats", "statusLastSuccess", "statusMode"})
                rects.append(window.findChild<QLabel*>(name)->geometry());
            return rects;
        };
        const QList<QRect> before = geometries();
        // From "just now" through seconds and minutes, stale and expired, to hours.
        window.onQuote(quote("WTI_USD", 71.0, clock), servedFrom(api::ServedFrom::Stale, 100'000));
        window.onPollFailed(expired(quote("GASOLINE_USD", 2.5, clock), 3'000'000));
        window.setCacheStats({87, 13, 5, 2048});
        for (qint64 step : {9'000, 50'000, 60'000, 7'000'000}) {
            clock.advanceMs(step);
            window.refreshAges();
            QApplication::processEvents();
            QCOMPARE(geometries(), before);
        }
    }

    void helpAboutOpensOneDialogAndTheWindowHasItsIcon()
    {
        util::ManualClock clock;
        ui::MainWindow window(m_codes, {true, {}}, clock);
        QVERIFY(!window.windowIcon().isNull());
        QVERIFY(window.windowIcon().availableSizes().contains(QSize(16, 16)));
        auto* about = window.findChild<QAction*>("actionAbout");
        QVERIFY(about);
        QVERIFY(window.findChild<QAction*>("actionAboutQt"));
        about->trigger();
        auto* dialog = window.findChild<ui::AboutDialog*>();
        QVERIFY(dialog);
        QVERIFY(dialog->isVisible());
        about->trigger();
        QCOMPARE(window.findChildren<ui::AboutDialog*>().size(), 1);
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
