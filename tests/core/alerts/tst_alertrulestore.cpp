// Rule persistence on real files: round trip, and every kind of bad file gives typed errors, never a crash.
#include "alerts/alertrulestore.h"

#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace oilwatch::alerts;

namespace {

AlertRule rule(const QString& id, AlertKind kind, double threshold)
{
    AlertRule r;
    r.id = id;
    r.name = QStringLiteral("rule ") + id;
    r.code = QStringLiteral("BRENT_CRUDE_USD");
    r.kind = kind;
    r.threshold = threshold;
    return r;
}

void write(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(bytes);
}

QByteArray contents(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("(unreadable)");
}

QStringList kinds(const QList<RuleStoreError>& errors)
{
    QStringList out;
    for (const RuleStoreError& e : errors)
        out << ruleStoreErrorKindName(e.kind);
    return out;
}

} // namespace

class TestAlertRuleStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void missingFileIsNoRulesAndNoError()
    {
        QTemporaryDir dir;
        const LoadedRules loaded = AlertRuleStore(dir.filePath("none.json")).load();
        QVERIFY(loaded.ok());
        QVERIFY(loaded.rules.isEmpty());
    }

    void roundTripThroughANewFolder()
    {
        QTemporaryDir dir;
        const AlertRuleStore store(dir.filePath("sub/folder/alert-rules.json"));
        AlertRule suspect = rule("c", AlertKind::DataSuspect, 0);
        suspect.notifyOnResolve = true;
        const QList<AlertRule> rules {
            rule("a", AlertKind::Above, 80), rule("b", AlertKind::PercentMove, 2.5), suspect};
        QCOMPARE(store.save(rules), std::nullopt);
        const LoadedRules loaded = store.load();
        QVERIFY(loaded.ok());
        QCOMPARE(loaded.rules, rules);

        const QByteArray text = contents(store.path());
        QVERIFY(text.contains("\"version\": 1"));
        QVERIFY(text.contains("\"kind\": \"percent_move\""));

        QCOMPARE(store.save({}), std::nullopt);
        QVERIFY(store.load().rules.isEmpty());
    }

    void brokenFiles_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("kind");
        QTest::addRow("empty") << QByteArray() << "not_json";
        QTest::addRow("truncated") << QByteArray(R"({"version":1,"rules":[{"id":"a")") << "not_json";
        QTest::addRow("binary") << QByteArray("\x00\xff\xfe garbage", 12) << "not_json";
        QTest::addRow("an array") << QByteArray(R"([{"id":"a"}])") << "wrong_shape";
        QTest::addRow("no rules") << QByteArray(R"({"version":1})") << "wrong_shape";
        QTest::addRow("rules not a list") << QByteArray(R"({"rules":{"id":"a"}})") << "wrong_shape";
    }

    void brokenFiles()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, kind);
        QTemporaryDir dir;
        const QString path = dir.filePath("alert-rules.json");
        write(path, bytes);
        const LoadedRules loaded = AlertRuleStore(path).load();
        QVERIFY(loaded.rules.isEmpty());
        QCOMPARE(kinds(loaded.errors), QStringList {kind});
        QVERIFY(loaded.errors.first().message.contains(path));
    }

    void badRulesAreReportedAndGoodOnesKept()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("alert-rules.json");
        write(path,
            R"({"version":1,"rules":[
                {"id":"good1","code":"WTI_USD","kind":"above","threshold":80},
                {"id":"bad","code":"WTI_USD","kind":"sideways","threshold":80},
                "not an object",
                {"id":"good1","code":"WTI_USD","kind":"below","threshold":60},
                {"id":"good2","code":"WTI_USD","kind":"stale","threshold":600,"future_key":true}
            ]})");
        const LoadedRules loaded = AlertRuleStore(path).load();
        QCOMPARE(loaded.rules.size(), 2);
        QCOMPARE(loaded.rules[0].id, QStringLiteral("good1"));
        QCOMPARE(loaded.rules[0].kind, AlertKind::Above);
        QCOMPARE(loaded.rules[1].id, QStringLiteral("good2"));
        QCOMPARE(kinds(loaded.errors), QStringList({"bad_rule", "bad_rule", "duplicate_id"}));
        QCOMPARE(loaded.errors[0].index, 1);
        QCOMPARE(loaded.errors[0].ruleId, QStringLiteral("bad"));
        QCOMPARE(loaded.errors[0].problems.first().field, QStringLiteral("kind"));
        QCOMPARE(loaded.errors[0].message,
            QStringLiteral("alert rule 2 (bad) skipped: kind unknown kind \"sideways\""));
        QCOMPARE(loaded.errors[1].index, 2);
        QCOMPARE(loaded.errors[2].index, 3);
        QCOMPARE(loaded.errors[2].message,
            QStringLiteral("alert rule 4 skipped: id good1 is already used by an earlier rule"));
    }

    void savingOverABrokenFileKeepsItAside()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("alert-rules.json");
        write(path, "{ half a file");
        const AlertRuleStore store(path);
        QCOMPARE(store.save({rule("a", AlertKind::Above, 1)}), std::nullopt);
        QCOMPARE(store.load().rules.size(), 1);
        QCOMPARE(contents(path + ".bad"), QByteArray("{ half a file"));
        // A good file is simply replaced: the backup stays the broken one.
        QCOMPARE(store.save({}), std::nullopt);
        QCOMPARE(contents(path + ".bad"), QByteArray("{ half a file"));
    }

    void unreadableAndUnwritable()
    {
        QTemporaryDir dir;
        // A folder where the file should be: cannot be read, cannot be replaced.
        const QString path = dir.filePath("alert-rules.json");
        QVERIFY(QDir().mkpath(path));
        const AlertRuleStore store(path);
        QCOMPARE(kinds(store.load().errors), QStringList {"unreadable"});
        const std::optional<RuleStoreError> error = store.save({rule("a", AlertKind::Above, 1)});
        QVERIFY(error);
        QCOMPARE(error->kind, RuleStoreErrorKind::Unwritable);
        QVERIFY(!error->message.isEmpty());
    }

    void defaultPathIsInTheConfigFolder()
    {
        QVERIFY(AlertRuleStore::defaultPath().endsWith(QStringLiteral("/alert-rules.json")));
        QVERIFY(AlertRuleStore::defaultPath().startsWith(
            QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation)));
    }
};

QTEST_GUILESS_MAIN(TestAlertRuleStore)
#include "tst_alertrulestore.moc"
