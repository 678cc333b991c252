#include "sim/commoditycatalog.h"
#include "validation/plausibleranges.h"

#include <QSet>
#include <QTest>

using namespace oilwatch;
using namespace oilwatch::validation;

class TestPlausibleRanges : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyRowHasASourceAndAPositiveRange();
    void coversEverySimulatedCode();
    void choose_data();
    void choose();
};

void TestPlausibleRanges::everyRowHasASourceAndAPositiveRange()
{
    QSet<QString> codes;
    for (const RangeRow& row : PlausibleRanges::builtinTable()) {
        QVERIFY2(!row.source.trimmed().isEmpty(), qPrintable(row.code));
        QVERIFY2(row.range.min > 0, qPrintable(row.code)); // <= 0 needs the catalogue or the settings
        QVERIFY2(row.range.max > row.range.min, qPrintable(row.code));
        QVERIFY2(!codes.contains(row.code), qPrintable(row.code));
        codes.insert(row.code);
    }
    QVERIFY(!PlausibleRanges::builtinRow(QStringLiteral("NOPE")));
}

void TestPlausibleRanges::coversEverySimulatedCode()
{
    // The simulator's typical levels are the middle of today's markets: each must sit well inside its row,
    // and ten times it (a decimal point off) outside, for the prices that live far from the bounds.
    for (const sim::CommodityInfo& info : sim::CommodityCatalog::builtin().all()) {
        const RangeRow* row = PlausibleRanges::builtinRow(info.code);
        QVERIFY2(row, qPrintable(info.code));
        QVERIFY2(row->range.contains(info.startPrice), qPrintable(info.code));
        QVERIFY2(row->range.contains(info.startPrice * 0.5), qPrintable(info.code));
        QVERIFY2(row->range.contains(info.startPrice * 1.8), qPrintable(info.code));
    }
    QVERIFY(!PlausibleRanges::builtinRow(QStringLiteral("BRENT_CRUDE_USD"))->range.contains(75.0 * 100));
    QVERIFY(!PlausibleRanges::builtinRow(QStringLiteral("NATURAL_GAS_GBP"))->range.contains(85.0)); // pence
}

void TestPlausibleRanges::choose_data()
{
    QTest::addColumn<QString>("code");
    QTest::addColumn<bool>("catalogueLimits");
    QTest::addColumn<bool>("override");
    QTest::addColumn<int>("origin"); // -1: none
    QTest::addColumn<double>("min");
    QTest::addRow("builtin") << "WTI_USD" << false << false << int(RangeOrigin::BuiltinTable) << 5.0;
    QTest::addRow("catalogue wins over builtin")
        << "WTI_USD" << true << false << int(RangeOrigin::Catalogue) << -40.0;
    QTest::addRow("settings win over both") << "WTI_USD" << true << true << int(RangeOrigin::Settings) << 1.0;
    QTest::addRow("settings without catalogue")
        << "WTI_USD" << false << true << int(RangeOrigin::Settings) << 1.0;
    QTest::addRow("unknown code: none") << "US_RIG_COUNT" << false << false << -1 << 0.0;
    QTest::addRow("unknown code from catalogue")
        << "US_RIG_COUNT" << true << false << int(RangeOrigin::Catalogue) << -40.0;
}

void TestPlausibleRanges::choose()
{
    QFETCH(QString, code);
    QFETCH(bool, catalogueLimits);
    QFETCH(bool, override);
    QFETCH(int, origin);
    QFETCH(double, min);
    CatalogueEntry entry;
    entry.code = code;
    if (catalogueLimits)
        entry.limits = PriceRange {-40, 200};
    ValidationSettings settings;
    if (override)
        settings.rangeOverrides[code] = PriceRange {1, 2};
    const std::optional<ChosenRange> chosen = PlausibleRanges::choose(code, &entry, settings);
    if (origin < 0) {
        QVERIFY(!chosen);
        QVERIFY(!PlausibleRanges::choose(code, nullptr, settings));
        return;
    }
    QVERIFY(chosen);
    QCOMPARE(int(chosen->origin), origin);
    QCOMPARE(chosen->range.min, min);
    QCOMPARE(rangeOriginName(chosen->origin).isEmpty(), false);
}

QTEST_GUILESS_MAIN(TestPlausibleRanges)
#include "tst_plausibleranges.moc"
