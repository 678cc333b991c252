// The Export dialog fed the way the dashboard feeds it (exportSourcesFor on the real ApiStack, QuoteStack,
// feed and alert engine against the built-in simulator): the origin shown is the client's, the feed's codes
// are offered, and an export backfills through the client and writes a file the strict reader takes.
#include "app/alertwiring.h"
#include "app/apistack.h"
#include "app/exportsources.h"
#include "app/quotestack.h"
#include "feed/pricefeed.h"
#include "sim/simserver.h"
#include "support/strictcsv.h"

#include <QDateEdit>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace oilwatch;

class TestExportSources : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void theDashboardsObjectsFeedTheDialog()
    {
        sim::SimServer sim;
        QVERIFY(sim.start());
        api::ClientConfig config;
        config.baseUrl = sim.baseUrl();
        config.apiKey = sim.apiKey();
        app::ApiStack api(config);
        auto made = app::QuoteStack::create(api.client(), std::nullopt, std::chrono::seconds(2));
        QVERIFY(std::holds_alternative<std::unique_ptr<app::QuoteStack>>(made));
        app::QuoteStack& quotes = *std::get<std::unique_ptr<app::QuoteStack>>(made);
        feed::PriceFeed feed(quotes.quotes(), {"BRENT_CRUDE_USD", "WTI_USD"}, std::chrono::seconds(2));
        app::AlertWiring alerts(feed, api.pipeline(), util::SystemClock::instance());

        ui::ExportDialog dialog(app::exportSourcesFor(api, quotes, feed, alerts.engine()));
        dialog.show();
        QVERIFY(dialog.findChild<QLabel*>("origin")->text().contains(config.origin().id()));
        auto* codes = dialog.findChild<QListWidget*>("codes");
        QCOMPARE(codes->count(), 2);
        dialog.findChild<QDateEdit*>("from")->setDate(QDateTime::currentDateTimeUtc().date().addDays(-1));
        QTemporaryDir dir;
        const QString path = dir.filePath("prices.csv");
        dialog.findChild<QLineEdit*>("path")->setText(path);
        QSignalSpy finished(&dialog, &ui::ExportDialog::exportFinished);
        QTest::mouseClick(dialog.findChild<QPushButton*>("export"), Qt::LeftButton);
        QVERIFY(finished.wait(30'000));
        QCOMPARE(finished.constFirst().at(1).toString(), QString());
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const auto csv = testing::parseStrictCsv(file.readAll());
        QVERIFY2(csv.ok(), qPrintable(csv.error));
        QVERIFY(csv.rows.size() >= 2 * 24); // backfilled: a day of hourly prices a code at least
        QCOMPARE(csv.cell(0, "origin"), config.origin().id());
    }
};

QTEST_MAIN(TestExportSources)
#include "tst_exportsources.moc"
