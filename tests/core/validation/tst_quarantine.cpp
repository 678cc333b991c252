#include "support/testquotes.h"
#include "validation/quarantine.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace oilwatch;
using namespace oilwatch::validation;
using oilwatch::testing::kT0;
using oilwatch::testing::quote;

namespace {

Verdict suspect(double price, Rule rule = Rule::Spike)
{
    Verdict verdict;
    verdict.quote = quote(QStringLiteral("WTI_USD"), 1, price);
    DataQualityIssue issue;
    issue.rule = rule;
    issue.code = verdict.quote.code;
    issue.value = price;
    issue.reference = 70.0;
    issue.changePercent = (price - 70.0) / 70.0 * 100;
    issue.message = QStringLiteral("moved");
    verdict.issues = {issue};
    return verdict;
}

// Splits one CSV line into its cells (quoted cells only, as the quarantine writes them).
QStringList cellsOf(const QByteArray& line)
{
    QStringList cells;
    QString text = QString::fromUtf8(line);
    qsizetype i = 0;
    while (i < text.size()) {
        if (text[i] != u'"')
            return {};
        QString cell;
        ++i;
        while (i < text.size()) {
            if (text[i] == u'"' && i + 1 < text.size() && text[i + 1] == u'"') {
                cell += u'"';
                i += 2;
            } else if (text[i] == u'"') {
                ++i;
                break;
            } else {
                cell += text[i++];
            }
        }
        cells.append(cell);
        if (i < text.size() && text[i] == u',')
            ++i;
    }
    return cells;
}

} // namespace

class TestQuarantine : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void keepsSuspectQuotesOnly();
    void isBounded();
    void csvHasOneRowPerIssue();
    void csvKeepsApiTextAsText_data();
    void csvKeepsApiTextAsText();
    void jsonCarriesTheValues();
};

void TestQuarantine::keepsSuspectQuotesOnly()
{
    Quarantine quarantine;
    QCOMPARE(quarantine.capacity(), Quarantine::kDefaultCapacity);
    Verdict ok;
    ok.quote = quote(QStringLiteral("WTI_USD"), 0);
    quarantine.add(ok, kT0);
    QCOMPARE(quarantine.size(), 0);
    quarantine.add(suspect(700), kT0.addSecs(5));
    QCOMPARE(quarantine.size(), 1);
    QCOMPARE(quarantine.entries().front().quarantinedAt, kT0.addSecs(5));
    QCOMPARE(quarantine.entries().front().verdict.quote.price, 700.0);
    QCOMPARE(quarantine.total(), quint64(1));
    quarantine.clear();
    QCOMPARE(quarantine.size(), 0);
    QCOMPARE(quarantine.total(), quint64(1));
}

void TestQuarantine::isBounded()
{
    Quarantine quarantine(3);
    for (int i = 1; i <= 5; ++i)
        quarantine.add(suspect(100 * i), kT0.addSecs(i));
    QCOMPARE(quarantine.size(), 3);
    QCOMPARE(quarantine.evicted(), quint64(2));
    QCOMPARE(quarantine.total(), quint64(5));
    // The newest stay, oldest first.
    QCOMPARE(quarantine.entries().front().verdict.quote.price, 300.0);
    QCOMPARE(quarantine.entries().back().verdict.quote.price, 500.0);
    QCOMPARE(Quarantine(0).capacity(), 1); // never unbounded, never zero
}

void TestQuarantine::csvHasOneRowPerIssue()
{
    Quarantine quarantine;
    Verdict twice = suspect(700);
    DataQualityIssue unit;
    unit.rule = Rule::UnitMismatch;
    unit.message = QStringLiteral("unit is \"gallon\"");
    twice.issues.append(unit);
    quarantine.add(twice, kT0);
    quarantine.add(suspect(7), kT0.addSecs(1));
    const QList<QByteArray> lines = quarantine.toCsv().split('\n');
    QCOMPARE(lines.size(), 5); // header, three rows, and the empty rest after the last CRLF
    QVERIFY(lines[0].startsWith("quarantined_at,code,price,"));
    const QStringList first = cellsOf(lines[1].trimmed());
    QCOMPARE(first.size(), 13);
    QCOMPARE(first[1], QStringLiteral("WTI_USD"));
    QCOMPARE(first[2], QStringLiteral("700"));
    QCOMPARE(first[7], QStringLiteral("spike"));
    QCOMPARE(first[9], QStringLiteral("70"));
    QCOMPARE(first[12], QStringLiteral("900"));
    const QStringList second = cellsOf(lines[2].trimmed());
    QCOMPARE(second[7], QStringLiteral("unit_mismatch"));
    QCOMPARE(second[8], QStringLiteral("unit is \"gallon\"")); // quotes doubled and read back
    QCOMPARE(second[9], QString()); // no reference for this rule
}

void TestQuarantine::csvKeepsApiTextAsText_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("cell");
    QTest::addRow("plain") << "oilprice.business_insider"
                           << "oilprice.business_insider";
    QTest::addRow("formula") << "=HYPERLINK(\"http://x\")"
                             << "'=HYPERLINK(\"http://x\")";
    QTest::addRow("plus") << "+1+1"
                          << "'+1+1";
    QTest::addRow("minus") << "-2"
                           << "'-2";
    QTest::addRow("at") << "@SUM(A1)"
                        << "'@SUM(A1)";
    QTest::addRow("markup stays text") << "<b>bold</b>"
                                       << "<b>bold</b>";
    QTest::addRow("comma and newline") << "a,b\nc"
                                       << "a,b\nc";
}

void TestQuarantine::csvKeepsApiTextAsText()
{
    QFETCH(QString, source);
    QFETCH(QString, cell);
    Quarantine quarantine;
    Verdict verdict = suspect(700);
    verdict.quote.source = source;
    quarantine.add(verdict, kT0);
    const QByteArray csv = quarantine.toCsv();
    const QByteArray row = csv.mid(csv.indexOf("\r\n") + 2).chopped(2);
    QCOMPARE(cellsOf(row).value(6), cell);
}

void TestQuarantine::jsonCarriesTheValues()
{
    Quarantine quarantine(1);
    quarantine.add(suspect(5), kT0);
    quarantine.add(suspect(700), kT0.addSecs(3));
    const QJsonObject root = QJsonDocument::fromJson(quarantine.toJson()).object();
    QCOMPARE(root["evicted"].toInt(), 1);
    const QJsonArray entries = root["entries"].toArray();
    QCOMPARE(entries.size(), 1);
    const QJsonObject entry = entries[0].toObject();
    QCOMPARE(entry["quarantined_at"].toString(), kT0.addSecs(3).toString(Qt::ISODateWithMs));
    QCOMPARE(entry["quote"]["code"].toString(), QStringLiteral("WTI_USD"));
    QCOMPARE(entry["quote"]["price"].toDouble(), 700.0);
    const QJsonObject issue = entry["issues"][0].toObject();
    QCOMPARE(issue["rule"].toString(), QStringLiteral("spike"));
    QCOMPARE(issue["reference"].toDouble(), 70.0);
    QCOMPARE(issue["change_percent"].toDouble(), 900.0);
    QVERIFY(issue["lower_limit"].isNull());
}

QTEST_GUILESS_MAIN(TestQuarantine)
#include "tst_quarantine.moc"
