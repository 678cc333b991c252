// The rules editor on a real file: load (with a broken rule), add, edit, validate, save, revert, and a
// screenshot.
#include "alertruleform.h"
#include "alertruleseditor.h"
#include "screenshots.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QLineEdit>
#include <QListWidget>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace oilwatch;
using namespace oilwatch::alerts;

namespace {

void write(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(bytes);
}

QStringList items(const QListWidget* list)
{
    QStringList out;
    for (int i = 0; i < list->count(); ++i)
        out << list->item(i)->text();
    return out;
}

} // namespace

class TestAlertRulesEditor : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void startsEmptyWithAHint()
    {
        QTemporaryDir dir;
        const AlertRuleStore store(dir.filePath("alert-rules.json"));
        ui::AlertRulesEditor editor(store);
        QCOMPARE(editor.list()->count(), 0);
        QVERIFY(!editor.form()->isEnabled());
        QCOMPARE(editor.statusText(), QStringLiteral("No alert rules yet: Add one."));
        QVERIFY(!editor.hasUnsavedChanges());
    }

    void loadsGoodRulesAndReportsBadOnes()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("alert-rules.json");
        write(path, R"({"version":1,"rules":[
            {"id":"a","name":"Brent high","code":"BRENT_CRUDE_USD","kind":"above","threshold":80},
            {"id":"b","code":"WTI_USD","kind":"sideways","threshold":1},
            {"id":"c","code":"WTI_USD","kind":"below","threshold":60,"enabled":false}]})");
        const AlertRuleStore store(path);
        ui::AlertRulesEditor editor(store);
        QCOMPARE(items(editor.list()), QStringList({"Brent high", "WTI_USD below 60 (off)"}));
        QCOMPARE(editor.currentRow(), 0);
        QCOMPARE(editor.form()->rule().id, QStringLiteral("a"));
        QVERIFY(editor.statusText().contains(QStringLiteral("alert rule 2 (b) skipped")));
    }

    void addEditSaveAndTheEngineGetsTheRules()
    {
        QTemporaryDir dir;
        const AlertRuleStore store(dir.filePath("alert-rules.json"));
        ui::AlertRulesEditor editor(store);
        editor.setKnownCodes({"BRENT_CRUDE_USD", "WTI_USD"});
        QSignalSpy saved(&editor, &ui::AlertRulesEditor::rulesSaved);

        editor.addRule();
        QCOMPARE(editor.currentRow(), 0);
        QVERIFY(editor.hasUnsavedChanges());
        QCOMPARE(editor.rules().first().code, QStringLiteral("BRENT_CRUDE_USD"));
        QVERIFY(!editor.rules().first().id.isEmpty());
        qobject_cast<QLineEdit*>(editor.form()->field("name"))->setText(QString());
        qobject_cast<QDoubleSpinBox*>(editor.form()->field("threshold"))->setValue(82.5);
        QCOMPARE(items(editor.list()), QStringList({"BRENT_CRUDE_USD above 82.5"}));

        QVERIFY(editor.save());
        QCOMPARE(saved.count(), 1);
        QCOMPARE(saved.first().first().value<QList<AlertRule>>(), editor.rules());
        QVERIFY(!editor.hasUnsavedChanges());
        QCOMPARE(editor.statusText(), QStringLiteral("Saved 1 rule."));
        QCOMPARE(store.load().rules, editor.rules());
    }

    void anInvalidRuleIsSelectedAndNothingSaved()
    {
        QTemporaryDir dir;
        const AlertRuleStore store(dir.filePath("alert-rules.json"));
        ui::AlertRulesEditor editor(store);
        editor.setKnownCodes({"BRENT_CRUDE_USD"});
        editor.addRule();
        editor.addRule();
        auto* kind = qobject_cast<QComboBox*>(editor.form()->field("kind"));
        kind->setCurrentIndex(kind->findData(int(AlertKind::PercentMove)));
        qobject_cast<QDoubleSpinBox*>(editor.form()->field("threshold"))->setValue(0);
        QVERIFY(editor.list()->item(1)->text().startsWith(QStringLiteral("⚠ ")));
        editor.selectRow(0);
        QSignalSpy saved(&editor, &ui::AlertRulesEditor::rulesSaved);
        QVERIFY(!editor.save());
        QCOMPARE(saved.count(), 0);
        QCOMPARE(editor.currentRow(), 1);
        QVERIFY(editor.statusText().startsWith(
            QStringLiteral("Not saved: “BRENT_CRUDE_USD moves 0 % in 15 min” has")));
        QVERIFY(!QFile::exists(store.path()));
    }

    void removeAndRevert()
    {
        QTemporaryDir dir;
        const AlertRuleStore store(dir.filePath("alert-rules.json"));
        ui::AlertRulesEditor editor(store);
        editor.setKnownCodes({"WTI_USD"});
        editor.addRule();
        editor.addRule();
        QVERIFY(editor.save());
        editor.selectRow(1);
        editor.removeSelected();
        QCOMPARE(editor.rules().size(), 1);
        QCOMPARE(editor.currentRow(), 0);
        QVERIFY(editor.hasUnsavedChanges());
        editor.revert();
        QCOMPARE(editor.rules().size(), 2);
        QVERIFY(!editor.hasUnsavedChanges());
    }

    void unwritableFileIsReported()
    {
        QTemporaryDir dir;
        QVERIFY(QDir().mkpath(dir.filePath("alert-rules.json")));
        const AlertRuleStore store(dir.filePath("alert-rules.json"));
        ui::AlertRulesEditor editor(store);
        editor.setKnownCodes({"WTI_USD"});
        editor.addRule();
        QVERIFY(!editor.save());
        QVERIFY(editor.statusText().startsWith(QStringLiteral("Not saved: cannot write")));
    }

    void screenshot()
    {
        QTemporaryDir dir;
        const AlertRuleStore store(dir.filePath("alert-rules.json"));
        AlertRule high;
        high.id = "1";
        high.name = "Brent high";
        high.code = "BRENT_CRUDE_USD";
        high.threshold = 85;
        high.hysteresis = 0.5;
        AlertRule move = high;
        move.id = "2";
        move.name.clear();
        move.code = "WTI_USD";
        move.kind = AlertKind::PercentMove;
        move.threshold = 5;
        move.hysteresis = 1;
        AlertRule stale = move;
        stale.id = "3";
        stale.kind = AlertKind::Stale;
        stale.threshold = 600;
        stale.hysteresis = 0;
        AlertRule suspect = high;
        suspect.id = "4";
        suspect.name = "Brent data suspect";
        suspect.kind = AlertKind::DataSuspect;
        suspect.enabled = false;
        QCOMPARE(store.save({high, move, stale, suspect}), std::nullopt);
        ui::AlertRulesEditor editor(store);
        editor.setKnownCodes({"BRENT_CRUDE_USD", "WTI_USD", "NATURAL_GAS_USD"});
        editor.selectRow(1);
        editor.resize(editor.sizeHint().expandedTo(QSize(760, 0)));
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        // Nothing is squeezed below what it asks for.
        for (QWidget* child : editor.findChildren<QWidget*>()) {
            if (child->isVisible() && child->minimumSizeHint().isValid())
                QVERIFY2(child->width() >= child->minimumSizeHint().width(), qPrintable(child->objectName()));
        }
        testing::saveScreenshot(editor, QStringLiteral("screenshot-alert-rules.png"));
        editor.selectRow(0);
        testing::saveScreenshot(editor, QStringLiteral("screenshot-alert-rules-above.png"));
    }
};

QTEST_MAIN(TestAlertRulesEditor)
#include "tst_alertruleseditor.moc"
