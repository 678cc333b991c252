#include "validation/catalogueentry.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace oilwatch;
using namespace oilwatch::validation;

namespace {

using MaybeRange = std::optional<PriceRange>;

QJsonObject object(const char* json)
{
    return QJsonDocument::fromJson(QByteArray(json)).object();
}

} // namespace

Q_DECLARE_METATYPE(MaybeRange)

class TestCatalogueEntry : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsLimits_data();
    void readsLimits();
    void readsTheDescriptiveFields();
    void needsACode();
    void allowsNonPositiveOnlyWhenTheLowerLimitDoes_data();
    void allowsNonPositiveOnlyWhenTheLowerLimitDoes();
    void fromCommodity();
    void catalogueFindsAndReplaces();
};

void TestCatalogueEntry::readsLimits_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<MaybeRange>("limits");
    QTest::addColumn<MaybeRange>("typical");
    const MaybeRange none;
    QTest::addRow("none") << QByteArray(R"({"code":"WTI_USD"})") << none << none;
    QTest::addRow("price_limits (details endpoint)")
        << QByteArray(R"({"code":"WTI_USD","price_limits":{"min":10,"max":200,"typical_range":[40,120]}})")
        << MaybeRange(PriceRange {10, 200}) << MaybeRange(PriceRange {40, 120});
    QTest::addRow("typical range as object") << QByteArray(
        R"({"code":"WTI_USD","price_limits":{"min":10,"max":200,"typical_range":{"min":40,"max":90}}})")
                                             << MaybeRange(PriceRange {10, 200})
                                             << MaybeRange(PriceRange {40, 90});
    QTest::addRow("validation (Node's Commodity)")
        << QByteArray(R"({"code":"WTI_USD","validation":{"min":-50,"max":250}})")
        << MaybeRange(PriceRange {-50, 250}) << none;
    QTest::addRow("price_limits win over validation")
        << QByteArray(R"({"code":"WTI_USD","price_limits":{"min":1,"max":2},"validation":{"min":3,"max":4}})")
        << MaybeRange(PriceRange {1, 2}) << none;
    QTest::addRow("reversed limits are not trusted")
        << QByteArray(R"({"code":"WTI_USD","price_limits":{"min":200,"max":10}})") << none << none;
    QTest::addRow("text limits are not trusted")
        << QByteArray(R"({"code":"WTI_USD","price_limits":{"min":"10","max":"200"}})") << none << none;
    QTest::addRow("half a range is not trusted")
        << QByteArray(R"({"code":"WTI_USD","price_limits":{"min":10}})") << none << none;
    QTest::addRow("bad price_limits fall back to validation") << QByteArray(
        R"({"code":"WTI_USD","price_limits":{"min":null,"max":5},"validation":{"min":1,"max":9}})")
                                                              << MaybeRange(PriceRange {1, 9}) << none;
    QTest::addRow("typical range of three is ignored")
        << QByteArray(R"({"code":"WTI_USD","price_limits":{"min":1,"max":9,"typical_range":[1,2,3]}})")
        << MaybeRange(PriceRange {1, 9}) << none;
}

void TestCatalogueEntry::readsLimits()
{
    QFETCH(QByteArray, json);
    QFETCH(MaybeRange, limits);
    QFETCH(MaybeRange, typical);
    const std::optional<CatalogueEntry> entry
        = CatalogueEntry::fromJson(QJsonDocument::fromJson(json).object());
    QVERIFY(entry);
    QCOMPARE(entry->limits, limits);
    QCOMPARE(entry->typicalRange, typical);
}

void TestCatalogueEntry::readsTheDescriptiveFields()
{
    // The contract's item example (§2.6).
    const auto entry = CatalogueEntry::fromJson(
        object(R"({"code":"BRENT_CRUDE_USD","name":"Brent Crude Oil","category":"Crude Oil","unit":"barrel",
                   "currency":"USD","description":"...","source":"market_reporting","active":true})"));
    QVERIFY(entry);
    QCOMPARE(entry->code, QStringLiteral("BRENT_CRUDE_USD"));
    QCOMPARE(entry->category, QStringLiteral("Crude Oil"));
    QCOMPARE(entry->unit, QStringLiteral("barrel"));
    QCOMPARE(entry->currency, QStringLiteral("USD"));
    QVERIFY(!entry->limits);
}

void TestCatalogueEntry::needsACode()
{
    QVERIFY(!CatalogueEntry::fromJson(object(R"({"name":"Brent"})")));
    QVERIFY(!CatalogueEntry::fromJson(object(R"({"code":"  "})")));
    QVERIFY(!CatalogueEntry::fromJson(object(R"({"code":42})")));
}

void TestCatalogueEntry::allowsNonPositiveOnlyWhenTheLowerLimitDoes_data()
{
    QTest::addColumn<MaybeRange>("limits");
    QTest::addColumn<bool>("allows");
    QTest::addRow("no limits") << MaybeRange() << false;
    QTest::addRow("positive floor") << MaybeRange(PriceRange {5, 300}) << false;
    QTest::addRow("zero floor") << MaybeRange(PriceRange {0, 300}) << true;
    QTest::addRow("negative floor") << MaybeRange(PriceRange {-50, 300}) << true;
}

void TestCatalogueEntry::allowsNonPositiveOnlyWhenTheLowerLimitDoes()
{
    QFETCH(MaybeRange, limits);
    QFETCH(bool, allows);
    CatalogueEntry entry;
    entry.limits = limits;
    QCOMPARE(entry.allowsNonPositive(), allows);
}

void TestCatalogueEntry::fromCommodity()
{
    api::Commodity commodity;
    commodity.code = QStringLiteral("DUTCH_TTF_EUR");
    commodity.category = QStringLiteral("Natural Gas");
    commodity.unit = QStringLiteral("MWh");
    commodity.currency = QStringLiteral("EUR");
    const CatalogueEntry entry = CatalogueEntry::fromCommodity(commodity);
    QCOMPARE(entry.code, commodity.code);
    QCOMPARE(entry.category, commodity.category);
    QCOMPARE(entry.unit, commodity.unit);
    QCOMPARE(entry.currency, commodity.currency);
    QVERIFY(!entry.limits); // api::Commodity carries none
}

void TestCatalogueEntry::catalogueFindsAndReplaces()
{
    api::Commodity wti;
    wti.code = QStringLiteral("WTI_USD");
    wti.unit = QStringLiteral("barrel");
    Catalogue catalogue = Catalogue::fromCommodities({wti});
    QCOMPARE(catalogue.size(), 1);
    QCOMPARE(catalogue.find(QStringLiteral("WTI_USD"))->unit, QStringLiteral("barrel"));
    QVERIFY(!catalogue.find(QStringLiteral("wti_usd"))); // codes are exact
    QVERIFY(!catalogue.find(QStringLiteral("BRENT_CRUDE_USD")));

    CatalogueEntry replacement;
    replacement.code = QStringLiteral("WTI_USD");
    replacement.unit = QStringLiteral("bbl");
    catalogue.insert(replacement);
    QCOMPARE(catalogue.size(), 1);
    QCOMPARE(catalogue.find(QStringLiteral("WTI_USD"))->unit, QStringLiteral("bbl"));

    const Catalogue fromList(
        {replacement, CatalogueEntry {QStringLiteral("GOLD_USD"), {}, {}, {}, {}, {}, {}}});
    QCOMPARE(fromList.size(), 2);
}

QTEST_GUILESS_MAIN(TestCatalogueEntry)
#include "tst_catalogueentry.moc"
