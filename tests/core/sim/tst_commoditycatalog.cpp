#include "sim/commoditycatalog.h"

#include <QRegularExpression>
#include <QSet>
#include <QTest>

using oilwatch::sim::CommodityCatalog;
using oilwatch::sim::CommodityInfo;

class TestCommodityCatalog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void servesContractCodes_data();
    void servesContractCodes();
    void codesAreWellFormedAndUnique();
    void everyEntryIsComplete();
    void findIsExact();
    void suggestsCloseCodes_data();
    void suggestsCloseCodes();
    void suggestionsAreCapped();
};

void TestCommodityCatalog::servesContractCodes_data()
{
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("unit");
    QTest::addColumn<QString>("currency");
    QTest::addColumn<double>("minStart");
    QTest::addColumn<double>("maxStart");
    QTest::addColumn<int>("decimals");
    const auto row = [](const char* code, const char* unit, const char* currency, double lo, double hi,
                         int decimals = 2) {
        QTest::addRow("%s", code) << QString::fromLatin1(code) << QString::fromLatin1(unit)
                                  << QString::fromLatin1(currency) << lo << hi << decimals;
    };
    row("BRENT_CRUDE_USD", "barrel", "USD", 70, 80);
    row("WTI_USD", "barrel", "USD", 66, 76);
    row("URALS_CRUDE_USD", "barrel", "USD", 50, 75);
    row("DUBAI_CRUDE_USD", "barrel", "USD", 65, 80);
    row("NATURAL_GAS_USD", "MMBtu", "USD", 2, 4.5);
    row("NATURAL_GAS_GBP", "therm", "GBP", 0.5, 1.5, 4);
    row("DUTCH_TTF_EUR", "MWh", "EUR", 25, 50);
    row("COAL_USD", "metric ton", "USD", 80, 200);
    row("NEWCASTLE_COAL_USD", "metric ton", "USD", 80, 200);
    row("DIESEL_USD", "gallon", "USD", 1.8, 3.5);
    row("GASOLINE_USD", "gallon", "USD", 1.8, 3.0);
    row("GASOLINE_RBOB_USD", "gallon", "USD", 1.8, 3.0);
    row("JET_FUEL_USD", "gallon", "USD", 1.8, 3.5);
    row("HEATING_OIL_USD", "gallon", "USD", 1.8, 3.5);
    row("GOLD_USD", "troy oz", "USD", 2000, 3000);
    row("EU_CARBON_EUR", "tonne", "EUR", 50, 100);
    row("EUR_USD", "rate", "USD", 0.9, 1.3, 4);
    row("GBP_USD", "rate", "USD", 1.1, 1.5, 4);
    row("VLSFO_USD", "metric ton", "USD", 400, 800);
    row("HFO_380_USD", "metric ton", "USD", 300, 650);
}

void TestCommodityCatalog::servesContractCodes()
{
    QFETCH(QString, code);
    QFETCH(QString, unit);
    QFETCH(QString, currency);
    QFETCH(double, minStart);
    QFETCH(double, maxStart);
    QFETCH(int, decimals);
    const CommodityInfo* info = CommodityCatalog::builtin().find(code);
    QVERIFY2(info, qPrintable(code));
    QCOMPARE(info->unit, unit);
    QCOMPARE(info->currency, currency);
    QCOMPARE(info->decimals, decimals);
    QVERIFY2(info->startPrice >= minStart && info->startPrice <= maxStart,
        qPrintable(QString::number(info->startPrice)));
    QVERIFY(info->annualVolatility > 0.0 && info->annualVolatility < 1.0);
}

void TestCommodityCatalog::codesAreWellFormedAndUnique()
{
    const CommodityCatalog& catalog = CommodityCatalog::builtin();
    QVERIFY(catalog.size() >= 20);
    const QRegularExpression shape(QStringLiteral("^[A-Z0-9]+(_[A-Z0-9]+)*_(USD|EUR|GBP)$"));
    QSet<QString> seen;
    for (const QString& code : catalog.codes()) {
        QVERIFY2(shape.match(code).hasMatch(), qPrintable(code)); // price codes end with their currency
        QVERIFY2(!seen.contains(code), qPrintable(code));
        seen.insert(code);
    }
}

void TestCommodityCatalog::everyEntryIsComplete()
{
    for (const CommodityInfo& info : CommodityCatalog::builtin().all()) {
        QVERIFY2(!info.name.isEmpty() && !info.category.isEmpty() && !info.unit.isEmpty()
                && !info.description.isEmpty(),
            qPrintable(info.code));
        QVERIFY(QStringList({"USD", "EUR", "GBP"}).contains(info.currency));
        QVERIFY(info.startPrice > 0.0);
        QVERIFY(info.decimals == 2 || info.decimals == 4);
    }
}

void TestCommodityCatalog::findIsExact()
{
    const CommodityCatalog& catalog = CommodityCatalog::builtin();
    QVERIFY(catalog.find(u"WTI_USD"));
    QVERIFY(!catalog.find(u"wti_usd"));
    QVERIFY(!catalog.find(u"WTI"));
    QCOMPARE(catalog.indexOf(u"NOPE"), -1);
    QCOMPARE(catalog.all()[size_t(catalog.indexOf(u"GOLD_USD"))].code, QStringLiteral("GOLD_USD"));

    CommodityInfo custom;
    custom.code = QStringLiteral("TEST_USD");
    const CommodityCatalog small({custom});
    QCOMPARE(small.size(), 1);
    QVERIFY(small.find(u"TEST_USD"));
    QVERIFY(!small.find(u"WTI_USD"));
}

void TestCommodityCatalog::suggestsCloseCodes_data()
{
    QTest::addColumn<QString>("unknown");
    QTest::addColumn<QString>("expectedFirst");
    QTest::addRow("typo") << "BRENNT"
                          << "BRENT_CRUDE_USD";
    QTest::addRow("truncated") << "WTI"
                               << "WTI_USD";
    QTest::addRow("lower case") << "wti_usd"
                                << "WTI_USD";
    QTest::addRow("one letter off") << "GOLD_UST"
                                    << "GOLD_USD";
    QTest::addRow("wrong currency") << "DUTCH_TTF_USD"
                                    << "DUTCH_TTF_EUR";
    QTest::addRow("prefix") << "HEATING"
                            << "HEATING_OIL_USD";
    QTest::addRow("nonsense") << "QQQQQQQQ"
                              << "";
}

void TestCommodityCatalog::suggestsCloseCodes()
{
    QFETCH(QString, unknown);
    QFETCH(QString, expectedFirst);
    const QStringList suggestions = CommodityCatalog::builtin().suggestions(unknown);
    if (expectedFirst.isEmpty()) {
        QVERIFY2(suggestions.isEmpty(), qPrintable(suggestions.join(',')));
        return;
    }
    QVERIFY(!suggestions.isEmpty());
    QCOMPARE(suggestions.first(), expectedFirst);
}

void TestCommodityCatalog::suggestionsAreCapped()
{
    const CommodityCatalog& catalog = CommodityCatalog::builtin();
    QCOMPARE(catalog.suggestions(u"GASOLINE").size(), 2); // GASOLINE_USD, GASOLINE_RBOB_USD
    QVERIFY(catalog.suggestions(u"NATURAL_GAS").size() <= 3);
    QCOMPARE(catalog.suggestions(u"_USD").size(), 3); // most codes contain it
    QCOMPARE(catalog.suggestions(u"_USD", 1).size(), 1);
    QVERIFY(catalog.suggestions(u"", 3).isEmpty());
}

QTEST_GUILESS_MAIN(TestCommodityCatalog)
#include "tst_commoditycatalog.moc"
