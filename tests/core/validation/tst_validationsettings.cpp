#include "sim/commoditycatalog.h"
#include "validation/validationsettings.h"

#include <QTest>

using namespace oilwatch;
using namespace oilwatch::validation;

class TestValidationSettings : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void defaultsAreTheDocumentedOnes();
    void spikeFor_data();
    void spikeFor();
    void everySimulatedCategoryHasASpikeLimit();
    void bandsFor();
};

void TestValidationSettings::defaultsAreTheDocumentedOnes()
{
    const ValidationSettings settings;
    QCOMPARE(settings.clockSkewMs, qint64(300'000));
    QCOMPARE(settings.maxLatestAgeMs, qint64(5) * 86'400'000);
    QVERIFY(settings.rangeOverrides.empty());
    QVERIFY(settings.spikeOverrides.empty());
    QCOMPARE(settings.defaultSpike, (SpikeLimit {10.0, 900'000}));
    QCOMPARE(settings.spreadBands.size(), size_t(1));
    const SpreadBand& band = settings.spreadBands.front();
    QCOMPARE(band.first, QStringLiteral("BRENT_CRUDE_USD"));
    QCOMPARE(band.second, QStringLiteral("WTI_USD"));
    QVERIFY(band.min < 0 && band.max > 27); // WTI above Brent, and the 2011 peak, both fit
    QVERIFY(!band.source.isEmpty());
    for (const auto& [category, limit] : settings.spikeByCategory) {
        QVERIFY2(limit.maxChangePercent > 0 && limit.maxChangePercent <= 20, qPrintable(category));
        QCOMPARE(limit.windowMs, qint64(900'000));
    }
}

void TestValidationSettings::spikeFor_data()
{
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("category");
    QTest::addColumn<double>("percent");
    QTest::addRow("crude") << "WTI_USD"
                           << "Crude Oil" << 8.0;
    QTest::addRow("category case and spaces") << "WTI_USD"
                                              << " crude oil " << 8.0;
    QTest::addRow("gas is looser") << "NATURAL_GAS_USD"
                                   << "Natural Gas" << 15.0;
    QTest::addRow("fx is tighter") << "EUR_USD"
                                   << "Forex" << 3.0;
    QTest::addRow("unknown category") << "US_RIG_COUNT"
                                      << "Drilling" << 10.0;
    QTest::addRow("no category") << "WTI_USD"
                                 << "" << 10.0;
    QTest::addRow("override wins over category") << "GOLD_USD"
                                                 << "Metals" << 1.5;
}

void TestValidationSettings::spikeFor()
{
    QFETCH(QString, code);
    QFETCH(QString, category);
    QFETCH(double, percent);
    ValidationSettings settings;
    settings.spikeOverrides[QStringLiteral("GOLD_USD")] = {1.5, 60'000};
    QCOMPARE(settings.spikeFor(code, category).maxChangePercent, percent);
}

void TestValidationSettings::everySimulatedCategoryHasASpikeLimit()
{
    const ValidationSettings settings;
    for (const sim::CommodityInfo& info : sim::CommodityCatalog::builtin().all()) {
        bool found = false;
        for (const auto& entry : settings.spikeByCategory)
            found = found || entry.first == info.category;
        QVERIFY2(found, qPrintable(info.category));
    }
}

void TestValidationSettings::bandsFor()
{
    ValidationSettings settings;
    QCOMPARE(settings.bandsFor(QStringLiteral("BRENT_CRUDE_USD")).size(), size_t(1));
    QCOMPARE(settings.bandsFor(QStringLiteral("WTI_USD")).size(), size_t(1));
    QVERIFY(settings.bandsFor(QStringLiteral("GOLD_USD")).empty());
    settings.spreadBands.push_back({QStringLiteral("WTI_USD"), QStringLiteral("DUBAI_CRUDE_USD"), -15, 15,
        60'000, QStringLiteral("test")});
    QCOMPARE(settings.bandsFor(QStringLiteral("WTI_USD")).size(), size_t(2));
    settings.spreadBands.clear();
    QVERIFY(settings.bandsFor(QStringLiteral("WTI_USD")).empty());
}

QTEST_GUILESS_MAIN(TestValidationSettings)
#include "tst_validationsettings.moc"
