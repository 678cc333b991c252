// loadValidationSettings on a real ini file: the keys the README documents, and values that do not parse
// are ignored with a warning instead of switching a rule off.
#include "app/validationsetup.h"

#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace oilwatch;

class TestValidationSetup : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void noKeysMeansTheDefaults()
    {
        QTemporaryDir dir;
        QSettings store(dir.filePath("oilwatch.ini"), QSettings::IniFormat);
        QStringList warnings;
        const validation::ValidationSettings settings = app::loadValidationSettings(store, &warnings);
        const validation::ValidationSettings defaults;
        QCOMPARE(settings.clockSkewMs, defaults.clockSkewMs);
        QCOMPARE(settings.maxLatestAgeMs, defaults.maxLatestAgeMs);
        QVERIFY(settings.rangeOverrides.empty());
        QVERIFY(settings.spikeOverrides.empty());
        QVERIFY(warnings.isEmpty());
    }

    void everyDocumentedKeyIsRead()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("oilwatch.ini");
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("[validation]\n"
                   "clock_skew_s=60\n"
                   "max_latest_age_h=24\n"
                   "spike_default=\"5,10\"\n"
                   "range\\WTI_USD=\"-50,300\"\n"
                   "range\\GOLD_USD=1000,5000\n"
                   "spike\\BRENT_CRUDE_USD=\"20, 60\"\n");
        file.close();
        QSettings store(path, QSettings::IniFormat);
        QStringList warnings;
        const validation::ValidationSettings settings = app::loadValidationSettings(store, &warnings);
        QVERIFY2(warnings.isEmpty(), qPrintable(warnings.join('\n')));
        QCOMPARE(settings.clockSkewMs, 60'000);
        QCOMPARE(settings.maxLatestAgeMs, 24LL * 3600'000);
        QCOMPARE(settings.defaultSpike, (validation::SpikeLimit {5.0, 10 * 60'000}));
        QCOMPARE(settings.rangeOverrides.at("WTI_USD"), (validation::PriceRange {-50, 300}));
        QCOMPARE(settings.rangeOverrides.at("GOLD_USD"), (validation::PriceRange {1000, 5000}));
        QCOMPARE(settings.spikeOverrides.at("BRENT_CRUDE_USD"), (validation::SpikeLimit {20.0, 60 * 60'000}));
    }

    void badValuesAreIgnoredWithAWarning_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("value");
        QTest::newRow("skew not a number") << "validation/clock_skew_s"
                                           << "soon";
        QTest::newRow("skew negative") << "validation/clock_skew_s"
                                       << "-5";
        QTest::newRow("range reversed") << "validation/range/WTI_USD"
                                        << "300,-50";
        QTest::newRow("range one number") << "validation/range/WTI_USD"
                                          << "300";
        QTest::newRow("spike zero") << "validation/spike/WTI_USD"
                                    << "0,15";
        QTest::newRow("default spike text") << "validation/spike_default"
                                            << "ten,15";
    }

    void badValuesAreIgnoredWithAWarning()
    {
        QFETCH(QString, key);
        QFETCH(QString, value);
        QTemporaryDir dir;
        QSettings store(dir.filePath("oilwatch.ini"), QSettings::IniFormat);
        store.setValue(key, value);
        QStringList warnings;
        const validation::ValidationSettings settings = app::loadValidationSettings(store, &warnings);
        QCOMPARE(warnings.size(), 1);
        QVERIFY2(warnings.constFirst().contains(key), qPrintable(warnings.constFirst()));
        const validation::ValidationSettings defaults;
        QCOMPARE(settings.clockSkewMs, defaults.clockSkewMs);
        QCOMPARE(settings.defaultSpike, defaults.defaultSpike);
        QVERIFY(settings.rangeOverrides.empty());
        QVERIFY(settings.spikeOverrides.empty());
    }
};

QTEST_GUILESS_MAIN(TestValidationSetup)
#include "tst_validationsetup.moc"
