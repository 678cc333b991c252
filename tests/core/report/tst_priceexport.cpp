#include "logging/redaction.h"
#include "report/csvwriter.h"
#include "report/priceexport.h"
#include "support/strictcsv.h"
#include "support/testquotes.h"
#include "util/clock.h"

#include <map>

#include <QBuffer>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace oilwatch;
using namespace oilwatch::report;
using oilwatch::testing::kT0;
using oilwatch::testing::parseStrictCsv;
using oilwatch::testing::StrictCsv;

namespace {

const QString kBrent = QStringLiteral("BRENT_CRUDE_USD");
const QString kWti = QStringLiteral("WTI_USD");

api::Quote at(
    const QString& code, qint64 secondsAfterT0, double price, api::Origin origin = api::Origin::simulator())
{
    api::Quote q = testing::quote(code, 0, price);
    q.createdAt = kT0.addSecs(secondsAfterT0);
    q.receivedAt = q.createdAt;
    q.origin = std::move(origin);
    return q;
}

} // namespace

class TestPriceExport : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    util::ManualClock m_clock;
    std::unique_ptr<storage::PriceHistory> m_history;

    void store(const QList<api::Quote>& quotes)
    {
        const auto added = m_history->append(quotes);
        QVERIFY2(added, added ? "" : qPrintable(added.error().message));
    }

    StrictCsv exported(const PriceExportRequest& request, ExportOutcome* outcome = nullptr,
        const ExportProgress& progress = {})
    {
        QByteArray bytes;
        QBuffer buffer(&bytes);
        buffer.open(QIODevice::WriteOnly);
        ExportOutcome result;
        {
            CsvWriter csv(buffer);
            result = writePrices(*m_history, request, csv, progress);
        }
        if (outcome)
            *outcome = result;
        m_lastBytes = bytes;
        return parseStrictCsv(bytes);
    }
    QByteArray m_lastBytes;

private Q_SLOTS:
    void init()
    {
        static int n = 0;
        m_history = std::make_unique<storage::PriceHistory>(
            m_dir.filePath(QStringLiteral("h%1.sqlite").arg(++n)), m_clock);
        QVERIFY(m_history->open());
    }
    void cleanup()
    {
        m_history.reset();
        logging::clearRegisteredSecrets();
    }

    void longRawHasEveryColumnAndTrickyCells()
    {
        api::Quote injected = at(kBrent, 60, 81.5);
        injected.source = QStringLiteral("=HYPERLINK(\"http://evil\",\"x\")");
        api::Quote negative = at(kWti, 60, -37.63);
        negative.source = QString::fromUtf8("Börse, \"Nord\"\nsee 原油");
        store({at(kBrent, 0, 80.25), injected, negative, at(kWti, 0, 70.0)});
        PriceExportRequest request;
        request.codes = {kBrent, kWti};
        ExportOutcome outcome;
        const StrictCsv csv = exported(request, &outcome);
        QVERIFY2(csv.ok(), qPrintable(csv.error));
        QCOMPARE(outcome.rows, 4);
        QVERIFY(outcome.error.isEmpty());
        QCOMPARE(csv.header,
            QStringList(
                {"timestamp", "code", "price", "currency", "unit", "origin", "source", "price_type"}));
        // By time, then in the order asked for.
        QCOMPARE(csv.rows[0],
            QStringList(
                {"2026-01-01T00:00:00.000Z", kBrent, "80.25", "USD", "barrel", "sim", "test", "spot_price"}));
        QCOMPARE(csv.cell(1, "code"), kWti);
        QCOMPARE(csv.cell(2, "source"), "'" + injected.source); // neutralised
        QCOMPARE(csv.cell(3, "price"), "-37.63"); // a number: not neutralised
        QCOMPARE(csv.cell(3, "source"), negative.source);
        QVERIFY(m_lastBytes.contains(",-37.63,")); // unquoted: a sheet reads a number
    }

    // Codes whose timestamps differ: one row per instant any of them has, an empty cell for the others.
    void wideAlignsDifferentTimestamps()
    {
        store({at(kBrent, 0, 80), at(kBrent, 60, 81), at(kBrent, 180, 83)});
        store({at(kWti, 60, 71), at(kWti, 120, -72), at(kWti, 180, 73)});
        PriceExportRequest request;
        request.codes = {kWti, kBrent};
        request.layout = PriceLayout::Wide;
        const StrictCsv csv = exported(request);
        QVERIFY2(csv.ok(), qPrintable(csv.error));
        QCOMPARE(csv.header, QStringList({"timestamp", kWti, kBrent}));
        const QList<QStringList> expected {
            {"2026-01-01T00:00:00.000Z", "", "80"},
            {"2026-01-01T00:01:00.000Z", "71", "81"},
            {"2026-01-01T00:02:00.000Z", "-72", ""},
            {"2026-01-01T00:03:00.000Z", "73", "83"},
        };
        QCOMPARE(csv.rows, expected);
    }

    // Bars read through SQLite and the slices against a brute-force grouping of the same random series.
    void barsMatchBruteForce_data()
    {
        QTest::addColumn<int>("resolution");
        QTest::newRow("1m") << int(Resolution::Minute);
        QTest::newRow("1h") << int(Resolution::Hour);
        QTest::newRow("1d") << int(Resolution::Day);
    }
    void barsMatchBruteForce()
    {
        QFETCH(int, resolution);
        const qint64 width = bucketWidthMs(Resolution(resolution));
        QRandomGenerator random(uint(resolution) + 5);
        QList<api::Quote> quotes;
        // code -> start -> prices in time order
        std::map<QString, std::map<qint64, QList<double>>> reference;
        for (const QString& code : {kBrent, kWti}) {
            qint64 second = random.bounded(0, 600);
            double price = 70;
            for (int i = 0; i < 3000; ++i) {
                second += random.bounded(1, resolution == int(Resolution::Day) ? 600 : 40);
                price += (random.generateDouble() - 0.5) * 2;
                quotes << at(code, second, price);
                const qint64 ms = kT0.addSecs(second).toMSecsSinceEpoch();
                reference[code][ms / width * width] << price;
            }
        }
        store(quotes);
        PriceExportRequest request;
        request.codes = {kBrent, kWti};
        request.resolution = Resolution(resolution);
        const StrictCsv csv = exported(request);
        QVERIFY2(csv.ok(), qPrintable(csv.error));
        QCOMPARE(csv.header,
            QStringList({"timestamp", "code", "open", "high", "low", "close", "count", "currency", "unit",
                "origin"}));
        std::map<QString, std::map<qint64, QStringList>> got;
        for (const QStringList& row : csv.rows)
            got[row[1]][QDateTime::fromString(row[0], Qt::ISODateWithMs).toMSecsSinceEpoch()] = row;
        qint64 previous = std::numeric_limits<qint64>::min();
        for (const QStringList& row : csv.rows) { // in time order
            const qint64 ms = QDateTime::fromString(row[0], Qt::ISODateWithMs).toMSecsSinceEpoch();
            QVERIFY(ms >= previous);
            previous = ms;
        }
        for (const auto& [code, buckets] : reference) {
            QCOMPARE(got[code].size(), buckets.size());
            for (const auto& [start, prices] : buckets) {
                const QStringList row = got[code][start];
                QCOMPARE(row.value(2).toDouble(), prices.first());
                QCOMPARE(row.value(3).toDouble(), *std::max_element(prices.begin(), prices.end()));
                QCOMPARE(row.value(4).toDouble(), *std::min_element(prices.begin(), prices.end()));
                QCOMPARE(row.value(5).toDouble(), prices.last());
                QCOMPARE(row.value(6).toInt(), prices.size());
            }
        }
        // The wide form carries each bar's close.
        request.layout = PriceLayout::Wide;
        const StrictCsv wide = exported(request);
        QVERIFY2(wide.ok(), qPrintable(wide.error));
        for (const QStringList& row : wide.rows) {
            const qint64 ms = QDateTime::fromString(row[0], Qt::ISODateWithMs).toMSecsSinceEpoch();
            for (int c = 0; c < 2; ++c) {
                const QString code = c == 0 ? kBrent : kWti;
                const auto it = reference[code].find(ms);
                QCOMPARE(row[c + 1].isEmpty(), it == reference[code].end());
                if (it != reference[code].end())
                    QCOMPARE(row[c + 1].toDouble(), it->second.last());
            }
        }
    }

    void rangeIsInclusiveAndOriginAware()
    {
        const api::Origin other = *api::Origin::parse("https://proxy.example.com");
        store({at(kBrent, 0, 1), at(kBrent, 60, 2), at(kBrent, 120, 3), at(kBrent, 180, 4),
            at(kBrent, 60, 99, other)});
        PriceExportRequest request;
        request.codes = {kBrent};
        request.from = kT0.addSecs(60);
        request.to = kT0.addSecs(120);
        request.origins = storage::OriginFilter::only(api::Origin::simulator());
        StrictCsv csv = exported(request);
        QCOMPARE(csv.rows.size(), 2);
        QCOMPARE(csv.cell(0, "price"), "2");
        QCOMPARE(csv.cell(1, "price"), "3");
        request.origins = storage::OriginFilter::all();
        csv = exported(request);
        QCOMPARE(csv.rows.size(), 3);
        // Bars keep origins apart.
        request.resolution = Resolution::Hour;
        csv = exported(request);
        QCOMPARE(csv.rows.size(), 2);
    }

    void anEmptyStoreGivesTheHeaderAlone()
    {
        PriceExportRequest request;
        request.codes = {kBrent};
        request.localTimeColumn = true;
        ExportOutcome outcome;
        const StrictCsv csv = exported(request, &outcome);
        QVERIFY2(csv.ok(), qPrintable(csv.error));
        QCOMPARE(csv.header.value(1), "local_time");
        QCOMPARE(csv.rows.size(), 0);
        QCOMPARE(outcome.rows, 0);
    }

    void progressReportsAndCanCancel()
    {
        QList<api::Quote> quotes;
        for (int hour = 0; hour < 72; ++hour)
            quotes << at(kBrent, hour * 3600, 80 + hour);
        store(quotes);
        PriceExportRequest request;
        request.codes = {kBrent};
        QList<double> fractions;
        ExportOutcome outcome;
        exported(request, &outcome, [&](qint64, double fraction) {
            fractions << fraction;
            return true;
        });
        QCOMPARE(outcome.rows, 72);
        QVERIFY(fractions.size() > 5);
        QVERIFY(std::is_sorted(fractions.begin(), fractions.end()));
        QCOMPARE(fractions.last(), 1.0);

        int calls = 0;
        exported(request, &outcome, [&](qint64, double) { return ++calls < 3; });
        QVERIFY(outcome.cancelled);
        QVERIFY(outcome.rows < 72);
    }

    void theKeyNeverAppears()
    {
        const QString key = QStringLiteral("opa_live_0123456789abcdef0123456789abcdef");
        logging::registerSecret(key);
        api::Quote leaky = at(kBrent, 0, 80);
        leaky.source = QStringLiteral("proxy?api_key=") + key;
        store({leaky});
        PriceExportRequest request;
        request.codes = {kBrent};
        const StrictCsv csv = exported(request);
        QVERIFY(csv.ok());
        QVERIFY(!m_lastBytes.contains(key.toUtf8()));
        QVERIFY(!m_lastBytes.contains("0123456789abcdef"));
    }
};

QTEST_GUILESS_MAIN(TestPriceExport)
#include "tst_priceexport.moc"
