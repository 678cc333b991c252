// The `alert` line of `oilwatch watch --json`.
#include "alerts/alertevent.h"
#include "support/testquotes.h"

#include <QJsonDocument>
#include <QTest>

using namespace oilwatch;
using namespace oilwatch::alerts;

class TestAlertEvent : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void jsonLineCarriesEveryField()
    {
        AlertEvent event;
        event.ruleId = QStringLiteral("brent-high");
        event.ruleName = QStringLiteral("Brent high");
        event.code = QStringLiteral("BRENT_CRUDE_USD");
        event.kind = AlertKind::Above;
        event.from = AlertState::Pending;
        event.to = AlertState::Firing;
        event.value = 81.2;
        event.atUtc = testing::kT0.addMSecs(60'123);
        event.message = QStringLiteral("Brent high firing: price 81.2");
        const QJsonObject json = alertEventJson(event);
        QCOMPARE(QJsonDocument(json).toJson(QJsonDocument::Compact),
            QByteArray(
                R"({"code":"BRENT_CRUDE_USD","kind":"above","message":"Brent high firing: price 81.2",)"
                R"("previous_state":"pending","rule_id":"brent-high","rule_name":"Brent high",)"
                R"("state":"firing","ts":"2026-01-01T00:01:00.123Z","type":"alert","value":81.2})"));
    }

    void missingValueIsNull()
    {
        AlertEvent event;
        event.atUtc = testing::kT0;
        const QJsonObject json = alertEventJson(event);
        QVERIFY(json.value(QStringLiteral("value")).isNull());
        QCOMPARE(json.value(QStringLiteral("state")).toString(), QStringLiteral("normal"));
    }

    void localTimesAreWrittenInUtc()
    {
        AlertEvent event;
        event.atUtc = testing::kT0.toOffsetFromUtc(3600);
        QCOMPARE(alertEventJson(event).value(QStringLiteral("ts")).toString(),
            QStringLiteral("2026-01-01T00:00:00.000Z"));
    }
};

QTEST_GUILESS_MAIN(TestAlertEvent)
#include "tst_alertevent.moc"
