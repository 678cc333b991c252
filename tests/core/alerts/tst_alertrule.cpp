// The rule value type: defaults, names, validation and the JSON round trip, table-driven.
#include "alerts/alertrule.h"

#include <limits>

#include <QJsonDocument>
#include <QTest>

using namespace oilwatch::alerts;

namespace {

AlertRule valid(AlertKind kind)
{
    AlertRule rule;
    rule.id = QStringLiteral("r1");
    rule.code = QStringLiteral("BRENT_CRUDE_USD");
    rule.kind = kind;
    rule.threshold = kind == AlertKind::PercentMove ? 5.0 : 80.0;
    return rule;
}

QJsonObject json(const char* text)
{
    return QJsonDocument::fromJson(QByteArray(text)).object();
}

QStringList fields(const QList<RuleProblem>& problems)
{
    QStringList out;
    for (const RuleProblem& p : problems)
        out << p.field;
    return out;
}

} // namespace

class TestAlertRule : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void defaults()
    {
        const AlertRule rule;
        QCOMPARE(rule.kind, AlertKind::Above);
        QCOMPARE(rule.windowMs, 15 * 60'000);
        QCOMPARE(rule.pendingMs, 60'000);
        QCOMPARE(rule.hysteresis, 0.0);
        QCOMPARE(rule.cooldownMs, 5 * 60'000);
        QVERIFY(rule.enabled);
        QVERIFY(!rule.notifyOnResolve);
    }

    void kindNamesRoundTrip_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("unit");
        QTest::addRow("above") << int(AlertKind::Above) << "above"
                               << "price";
        QTest::addRow("below") << int(AlertKind::Below) << "below"
                               << "price";
        QTest::addRow("move") << int(AlertKind::PercentMove) << "percent_move"
                              << "%";
        QTest::addRow("stale") << int(AlertKind::Stale) << "stale"
                               << "s";
        QTest::addRow("breaker") << int(AlertKind::BreakerOpen) << "breaker_open"
                                 << "s";
        QTest::addRow("suspect") << int(AlertKind::DataSuspect) << "data_suspect"
                                 << "";
    }

    void kindNamesRoundTrip()
    {
        QFETCH(int, kind);
        QFETCH(QString, name);
        QFETCH(QString, unit);
        QCOMPARE(alertKindName(AlertKind(kind)), name);
        QCOMPARE(alertKindFromName(name), std::optional<AlertKind>(AlertKind(kind)));
        QCOMPARE(thresholdUnit(AlertKind(kind)), unit);
        QVERIFY(!alertKindLabel(AlertKind(kind)).isEmpty());
        QVERIFY(!alertKindFromName(name.toUpper()));
    }

    void validation_data()
    {
        QTest::addColumn<AlertRule>("rule");
        QTest::addColumn<QStringList>("fields");
        auto with = [](AlertKind kind, auto change) {
            AlertRule rule = valid(kind);
            change(rule);
            return rule;
        };
        QTest::addRow("valid above") << valid(AlertKind::Above) << QStringList();
        QTest::addRow("no id") << with(AlertKind::Above, [](AlertRule& r) { r.id = "  "; })
                               << QStringList {"id"};
        QTest::addRow("no code") << with(AlertKind::Above, [](AlertRule& r) { r.code.clear(); })
                                 << QStringList {"code"};
        QTest::addRow("infinite threshold") << with(AlertKind::Above, [](AlertRule& r) {
            r.threshold = std::numeric_limits<double>::infinity();
        }) << QStringList {"threshold"};
        QTest::addRow("below zero is a valid price")
            << with(AlertKind::Below, [](AlertRule& r) { r.threshold = -5; }) << QStringList();
        QTest::addRow("a move of 0 percent")
            << with(AlertKind::PercentMove, [](AlertRule& r) { r.threshold = 0; })
            << QStringList {"threshold"};
        QTest::addRow("a stale limit of -1 s")
            << with(AlertKind::Stale, [](AlertRule& r) { r.threshold = -1; }) << QStringList {"threshold"};
        QTest::addRow("band as wide as the move")
            << with(AlertKind::PercentMove, [](AlertRule& r) { r.hysteresis = 5; })
            << QStringList {"hysteresis"};
        QTest::addRow("negative hysteresis")
            << with(AlertKind::Above, [](AlertRule& r) { r.hysteresis = -1; }) << QStringList {"hysteresis"};
        QTest::addRow("a window under a second")
            << with(AlertKind::PercentMove, [](AlertRule& r) { r.windowMs = 999; })
            << QStringList {"window_ms"};
        QTest::addRow("window ignored by other kinds")
            << with(AlertKind::Above, [](AlertRule& r) { r.windowMs = 0; }) << QStringList();
        QTest::addRow("negative durations") << with(AlertKind::Above, [](AlertRule& r) {
            r.pendingMs = -1;
            r.cooldownMs = -1;
        }) << QStringList {"pending_ms", "cooldown_ms"};
        QTest::addRow("suspect needs no threshold")
            << with(AlertKind::DataSuspect, [](AlertRule& r) { r.threshold = std::nan(""); })
            << QStringList();
    }

    void validation()
    {
        QFETCH(AlertRule, rule);
        QFETCH(QStringList, fields);
        const QList<RuleProblem> problems = validateRule(rule);
        QCOMPARE(::fields(problems), fields);
        for (const RuleProblem& p : problems)
            QVERIFY(!p.message.isEmpty());
    }

    void jsonRoundTrip()
    {
        AlertRule rule = valid(AlertKind::PercentMove);
        rule.name = QStringLiteral("Brent <b>jumps</b>");
        rule.windowMs = 3'600'000;
        rule.pendingMs = 0;
        rule.hysteresis = 1.5;
        rule.cooldownMs = 120'000;
        rule.enabled = false;
        rule.notifyOnResolve = true;
        const QJsonObject json = rule.toJson();
        QCOMPARE(json.value("kind").toString(), QStringLiteral("percent_move"));
        QCOMPARE(json.value("window_ms").toDouble(), 3'600'000.0);
        const RuleFromJson back = ruleFromJson(json);
        QVERIFY(back.problems.isEmpty());
        QCOMPARE(back.rule, rule);
    }

    void fromJson_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QStringList>("fields");
        QTest::addRow("minimal") << QByteArray(R"({"id":"a","code":"WTI_USD","kind":"below","threshold":60})")
                                 << QStringList();
        QTest::addRow("suspect without threshold")
            << QByteArray(R"({"id":"a","code":"WTI_USD","kind":"data_suspect"})") << QStringList();
        QTest::addRow("unknown keys are ignored")
            << QByteArray(R"({"id":"a","code":"WTI_USD","kind":"above","threshold":1,"colour":"red"})")
            << QStringList();
        QTest::addRow("nothing") << QByteArray("{}") << QStringList {"id", "code", "kind", "threshold"};
        QTest::addRow("unknown kind")
            << QByteArray(R"({"id":"a","code":"WTI_USD","kind":"sideways","threshold":1})")
            << QStringList {"kind"};
        QTest::addRow("wrong types") << QByteArray(
            R"({"id":1,"code":"WTI_USD","kind":"above","threshold":"80","pending_ms":1.5,)"
            R"("enabled":"yes","name":[]})")
                                     << QStringList {"id", "name", "threshold", "pending_ms", "enabled"};
        QTest::addRow("valid types, invalid rule")
            << QByteArray(R"({"id":"a","code":"WTI_USD","kind":"stale","threshold":0})")
            << QStringList {"threshold"};
    }

    void fromJson()
    {
        QFETCH(QByteArray, text);
        QFETCH(QStringList, fields);
        QCOMPARE(::fields(ruleFromJson(json(text.constData())).problems), fields);
    }

    void describe_data()
    {
        QTest::addColumn<AlertRule>("rule");
        QTest::addColumn<QString>("text");
        AlertRule move = valid(AlertKind::PercentMove);
        AlertRule stale = valid(AlertKind::Stale);
        stale.threshold = 90;
        AlertRule breaker = valid(AlertKind::BreakerOpen);
        breaker.threshold = 7200;
        QTest::addRow("above") << valid(AlertKind::Above) << "BRENT_CRUDE_USD above 80";
        QTest::addRow("below") << valid(AlertKind::Below) << "BRENT_CRUDE_USD below 80";
        QTest::addRow("move") << move << "BRENT_CRUDE_USD moves 5 % in 15 min";
        QTest::addRow("stale") << stale << "BRENT_CRUDE_USD older than 90 s";
        QTest::addRow("breaker") << breaker << "BRENT_CRUDE_USD breaker open over 2 h";
        QTest::addRow("suspect") << valid(AlertKind::DataSuspect) << "BRENT_CRUDE_USD data suspect";
    }

    void describe()
    {
        QFETCH(AlertRule, rule);
        QFETCH(QString, text);
        QCOMPARE(describeCondition(rule), text);
        QCOMPARE(displayName(rule), text);
        rule.name = QStringLiteral("Mine");
        QCOMPARE(displayName(rule), QStringLiteral("Mine"));
    }
};

QTEST_GUILESS_MAIN(TestAlertRule)
#include "tst_alertrule.moc"
