// The rule form: round trip of every field, fields per kind, and validateRule()'s messages under the fields.
#include "alertruleform.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSpinBox>
#include <QtTest>

using namespace oilwatch;
using namespace oilwatch::alerts;

namespace {

AlertRule sample()
{
    AlertRule r;
    r.id = QStringLiteral("id-1");
    r.name = QStringLiteral("Brent jumps");
    r.code = QStringLiteral("BRENT_CRUDE_USD");
    r.kind = AlertKind::PercentMove;
    r.threshold = 2.5;
    r.windowMs = 30 * 60'000;
    r.pendingMs = 90'000;
    r.hysteresis = 0.5;
    r.cooldownMs = 600'000;
    r.enabled = false;
    r.notifyOnResolve = true;
    return r;
}

} // namespace

class TestAlertRuleForm : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void roundTripsEveryField()
    {
        ui::AlertRuleForm form;
        QSignalSpy edited(&form, &ui::AlertRuleForm::edited);
        form.setRule(sample());
        QCOMPARE(form.rule(), sample());
        QCOMPARE(edited.count(), 0); // loading is not editing
        QVERIFY(form.problems().isEmpty());
        QVERIFY(form.errorText().isEmpty());
    }

    void fieldsFollowTheKind_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<bool>("threshold");
        QTest::addColumn<bool>("window");
        QTest::addColumn<QString>("suffix");
        QTest::addRow("above") << int(AlertKind::Above) << true << false << "";
        QTest::addRow("below") << int(AlertKind::Below) << true << false << "";
        QTest::addRow("move") << int(AlertKind::PercentMove) << true << true << " %";
        QTest::addRow("stale") << int(AlertKind::Stale) << true << false << " s";
        QTest::addRow("breaker") << int(AlertKind::BreakerOpen) << true << false << " s";
        QTest::addRow("suspect") << int(AlertKind::DataSuspect) << false << false << "";
    }

    void fieldsFollowTheKind()
    {
        QFETCH(int, kind);
        QFETCH(bool, threshold);
        QFETCH(bool, window);
        QFETCH(QString, suffix);
        ui::AlertRuleForm form;
        form.setRule(sample());
        auto* kindBox = qobject_cast<QComboBox*>(form.field("kind"));
        kindBox->setCurrentIndex(kindBox->findData(kind));
        QCOMPARE(form.rule().kind, AlertKind(kind));
        QCOMPARE(form.isFieldShown("threshold"), threshold);
        QCOMPARE(form.isFieldShown("hysteresis"), threshold);
        QCOMPARE(form.isFieldShown("window_ms"), window);
        QVERIFY(form.isFieldShown("pending_ms"));
        QCOMPARE(qobject_cast<QDoubleSpinBox*>(form.field("threshold"))->suffix(), suffix);
    }

    void problemsShowUnderTheirField()
    {
        ui::AlertRuleForm form;
        form.setRule(sample());
        form.show();
        QSignalSpy edited(&form, &ui::AlertRuleForm::edited);
        qobject_cast<QDoubleSpinBox*>(form.field("threshold"))->setValue(0);
        qobject_cast<QComboBox*>(form.field("code"))->setCurrentText(QString());
        QVERIFY(edited.count() >= 2);
        QCOMPARE(form.problems().size(), 2); // threshold > 0, a code
        QVERIFY(form.errorText().contains(QStringLiteral("threshold must be greater than 0")));
        QStringList shown;
        for (QLabel* label : form.findChildren<QLabel*>()) {
            if (!label->isVisible() || !label->text().startsWith(QStringLiteral("Must")))
                continue; // the form's own row labels
            QCOMPARE(label->textFormat(), Qt::PlainText);
            shown << label->text();
        }
        shown.sort();
        QCOMPARE(shown, QStringList({"Must be greater than 0", "Must name a commodity code"}));
        // Fixed, the messages go.
        qobject_cast<QDoubleSpinBox*>(form.field("threshold"))->setValue(3);
        qobject_cast<QComboBox*>(form.field("code"))->setCurrentText(QStringLiteral("WTI_USD"));
        QVERIFY(form.problems().isEmpty());
    }

    void knownCodesAreOfferedAndOthersTyped()
    {
        ui::AlertRuleForm form;
        form.setRule(sample());
        form.setKnownCodes({"BRENT_CRUDE_USD", "WTI_USD"});
        auto* code = qobject_cast<QComboBox*>(form.field("code"));
        QCOMPARE(code->count(), 2);
        QCOMPARE(form.rule().code, QStringLiteral("BRENT_CRUDE_USD"));
        code->setCurrentText(QStringLiteral("  DIESEL_USD "));
        QCOMPARE(form.rule().code, QStringLiteral("DIESEL_USD"));
    }
};

QTEST_MAIN(TestAlertRuleForm)
#include "tst_alertruleform.moc"
