#include "validation/dataqualityissue.h"

#include <QSet>
#include <QTest>

using namespace oilwatch::validation;

class TestDataQualityIssue : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void ruleNames_data();
    void ruleNames();
    void namesAreUniqueAndRoundTrip();
    void qualityNames();
    void verdictQualityFollowsItsIssues();
};

void TestDataQualityIssue::ruleNames_data()
{
    QTest::addColumn<int>("rule");
    QTest::addColumn<QString>("name");
    QTest::addRow("not finite") << int(Rule::NotFinite) << "not_finite";
    QTest::addRow("non positive") << int(Rule::NonPositivePrice) << "non_positive_price";
    QTest::addRow("range") << int(Rule::OutOfRange) << "out_of_range";
    QTest::addRow("spike") << int(Rule::Spike) << "spike";
    QTest::addRow("future") << int(Rule::FutureTimestamp) << "future_created_at";
    QTest::addRow("stale") << int(Rule::StaleTimestamp) << "stale_created_at";
    QTest::addRow("order") << int(Rule::OutOfOrder) << "out_of_order";
    QTest::addRow("unit") << int(Rule::UnitMismatch) << "unit_mismatch";
    QTest::addRow("currency") << int(Rule::CurrencyMismatch) << "currency_mismatch";
    QTest::addRow("duplicate") << int(Rule::Duplicate) << "duplicate";
    QTest::addRow("spread") << int(Rule::SpreadOutOfBand) << "spread_out_of_band";
}

void TestDataQualityIssue::ruleNames()
{
    QFETCH(int, rule);
    QFETCH(QString, name);
    // The names are written to JSON lines and exports: they must never change.
    QCOMPARE(ruleName(Rule(rule)), name);
    QCOMPARE(ruleFromName(name), std::optional<Rule>(Rule(rule)));
}

void TestDataQualityIssue::namesAreUniqueAndRoundTrip()
{
    QSet<QString> names;
    for (int i = int(Rule::NotFinite); i <= int(Rule::SpreadOutOfBand); ++i) {
        const QString name = ruleName(Rule(i));
        QVERIFY(name != u"unknown");
        QVERIFY2(!names.contains(name), qPrintable(name));
        names.insert(name);
    }
    QVERIFY(!ruleFromName(QStringLiteral("Spike"))); // exact spelling only
    QVERIFY(!ruleFromName(QString()));
}

void TestDataQualityIssue::qualityNames()
{
    QCOMPARE(qualityName(Quality::Ok), QStringLiteral("ok"));
    QCOMPARE(qualityName(Quality::Suspect), QStringLiteral("suspect"));
}

void TestDataQualityIssue::verdictQualityFollowsItsIssues()
{
    Verdict verdict;
    QVERIFY(verdict.isOk());
    QCOMPARE(verdict.quality(), Quality::Ok);
    QCOMPARE(verdict.summary(), QString());

    DataQualityIssue spike;
    spike.rule = Rule::Spike;
    spike.message = QStringLiteral("up 50%");
    DataQualityIssue unit;
    unit.rule = Rule::UnitMismatch;
    unit.message = QStringLiteral("<b>gallon</b>"); // text from the API stays as it came
    verdict.issues = {spike, unit};
    QCOMPARE(verdict.quality(), Quality::Suspect);
    QVERIFY(verdict.hasIssue(Rule::Spike));
    QVERIFY(!verdict.hasIssue(Rule::Duplicate));
    QCOMPARE(verdict.summary(), QStringLiteral("spike: up 50%; unit_mismatch: <b>gallon</b>"));
}

QTEST_GUILESS_MAIN(TestDataQualityIssue)
#include "tst_dataqualityissue.moc"
