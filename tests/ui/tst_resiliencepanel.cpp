// The Resilience panel: the settings form (validated by settingsFromJson, saved to QSettings), the stored
// settings' loading, the breaker's user controls and the timeline fed by the pipeline.
#include "breakermonitor.h"
#include "pendingtransport.h"
#include "resilience/resilienttransport.h"
#include "resilienceeventmodel.h"
#include "resiliencepanel.h"
#include "resiliencesettingsform.h"
#include "settings/resiliencesettingsstore.h"
#include "theme.h"
#include "util/clock.h"
#include "util/randomsource.h"
#include "util/timer.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QJsonDocument>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableView>
#include <QtTest>

using namespace oilwatch;
using namespace oilwatch::resilience;

namespace {

const QString kHost = QStringLiteral("api.example.test");

using Rig = testing::PipelineRig;

QString stored()
{
    return QSettings().value(QLatin1String(settings::kResilienceSettingsKey)).toString();
}

} // namespace

class TestResiliencePanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName("OilWatch");
        QCoreApplication::setApplicationName("OilWatch");
    }

    void init()
    {
        QSettings settings;
        settings.clear();
        settings.sync();
    }

    void formShowsTheRunningSettings()
    {
        ResilienceSettings running;
        running.retry.maxAttempts = 2;
        running.retry.backoff.jitter = JitterKind::Decorrelated;
        running.breaker.failureRateThreshold = 75.5;
        running.budget.enabled = false;
        ui::ResilienceSettingsForm form(running);
        QCOMPARE(qobject_cast<QSpinBox*>(form.field("retry.maxAttempts"))->value(), 2);
        QCOMPARE(
            qobject_cast<QComboBox*>(form.field("retry.jitter"))->currentText(), QString("decorrelated"));
        QCOMPARE(qobject_cast<QDoubleSpinBox*>(form.field("breaker.failureRateThreshold"))->value(), 75.5);
        QVERIFY(!qobject_cast<QCheckBox*>(form.field("budget.enabled"))->isChecked());
        QCOMPARE(form.formJson(), running.toJson());
        // Every field of the settings has an editor.
        const QJsonObject json = running.toJson();
        for (auto section = json.begin(); section != json.end(); ++section) {
            const QJsonObject fields = section.value().toObject();
            for (auto it = fields.begin(); it != fields.end(); ++it)
                QVERIFY2(
                    form.field(section.key() + "." + it.key()), qPrintable(section.key() + "." + it.key()));
        }
        QVERIFY(form.findChild<QLabel*>("settingsNote")->text().contains("take effect at the next start"));
    }

    void validApplyPersistsAsJson()
    {
        ui::ResilienceSettingsForm form(ResilienceSettings {});
        qobject_cast<QDoubleSpinBox*>(form.field("breaker.failureRateThreshold"))->setValue(60);
        qobject_cast<QComboBox*>(form.field("retry.jitter"))->setCurrentText("equal");
        qobject_cast<QSpinBox*>(form.field("limiter.maxInFlight"))->setValue(4);
        QSignalSpy saved(&form, &ui::ResilienceSettingsForm::saved);
        QTest::mouseClick(form.findChild<QPushButton*>("applySettings"), Qt::LeftButton);

        QCOMPARE(saved.count(), 1);
        QVERIFY(form.errorText().isEmpty());
        QVERIFY2(form.statusText().contains("takes effect at the next start"), qPrintable(form.statusText()));
        QVERIFY(!stored().isEmpty());
        QVERIFY(QJsonDocument::fromJson(stored().toUtf8()).isObject());

        QSettings store;
        const settings::LoadedResilienceSettings loaded = settings::loadResilienceSettings(store);
        QVERIFY(loaded.warning.isEmpty());
        QCOMPARE(loaded.settings.breaker.failureRateThreshold, 60.0);
        QCOMPARE(loaded.settings.retry.backoff.jitter, JitterKind::Equal);
        QCOMPARE(loaded.settings.limiter.maxInFlight, 4);
        QCOMPARE(loaded.settings.timeouts.attemptMs, ResilienceSettings {}.timeouts.attemptMs);
    }

    void invalidValuesShowErrorsAndSaveNothing()
    {
        ui::ResilienceSettingsForm form(ResilienceSettings {});
        form.show();
        qobject_cast<QDoubleSpinBox*>(form.field("breaker.failureRateThreshold"))->setValue(150);
        qobject_cast<QSpinBox*>(form.field("retry.maxAttempts"))->setValue(0);
        QSignalSpy saved(&form, &ui::ResilienceSettingsForm::saved);
        QTest::mouseClick(form.findChild<QPushButton*>("applySettings"), Qt::LeftButton);

        QCOMPARE(saved.count(), 0);
        QVERIFY(!QSettings().contains(QLatin1String(settings::kResilienceSettingsKey)));
        const QString errors = form.errorText();
        QVERIFY2(errors.contains("breaker.failureRateThreshold: must be a number in (0, 100], got 150"),
            qPrintable(errors));
        QVERIFY2(errors.contains("retry.maxAttempts: must be a whole number in [1, 10], got 0"),
            qPrintable(errors));
        auto* label = form.findChild<QLabel*>("settingsErrors");
        QVERIFY(label->isVisible());
        QCOMPARE(label->palette().color(QPalette::WindowText), ui::errorColour(form.palette()));
        QVERIFY(form.statusText().contains("Nothing saved"));
        // The user's input stays for fixing.
        QCOMPARE(qobject_cast<QSpinBox*>(form.field("retry.maxAttempts"))->value(), 0);

        // Fixed, it saves, and the errors go away.
        qobject_cast<QDoubleSpinBox*>(form.field("breaker.failureRateThreshold"))->setValue(40);
        qobject_cast<QSpinBox*>(form.field("retry.maxAttempts"))->setValue(3);
        QVERIFY(form.apply());
        QVERIFY(!label->isVisible());
        QCOMPARE(saved.count(), 1);
    }

    void invalidApplyKeepsWhatWasSavedBefore()
    {
        ResilienceSettings earlier;
        earlier.retry.maxAttempts = 2;
        QSettings store;
        settings::saveResilienceSettings(store, earlier);
        const QString before = stored();

        ui::ResilienceSettingsForm form(earlier);
        qobject_cast<QSpinBox*>(form.field("breaker.openMaxMs"))->setValue(1000); // below openBaseMs
        QVERIFY(!form.apply());
        QVERIFY(form.errorText().contains("breaker.openMaxMs"));
        QCOMPARE(stored(), before);
    }

    void restoreDefaultsFillsTheFormOnly()
    {
        ResilienceSettings custom;
        custom.breaker.halfOpenProbes = 7;
        ui::ResilienceSettingsForm form(custom);
        QTest::mouseClick(form.findChild<QPushButton*>("restoreDefaults"), Qt::LeftButton);
        QCOMPARE(form.formJson(), ResilienceSettings {}.toJson());
        QVERIFY(!QSettings().contains(QLatin1String(settings::kResilienceSettingsKey)));
        QVERIFY(form.apply());
        QSettings store;
        QCOMPARE(settings::loadResilienceSettings(store).settings, ResilienceSettings {});
    }

    void nothingStoredGivesDefaultsWithoutWarning()
    {
        QSettings store;
        const settings::LoadedResilienceSettings loaded = settings::loadResilienceSettings(store);
        QCOMPARE(loaded.settings, ResilienceSettings {});
        QVERIFY(loaded.warning.isEmpty());
    }

    void unreadableStoredSettingsGiveDefaultsAndAWarning()
    {
        QSettings store;
        store.setValue(QLatin1String(settings::kResilienceSettingsKey), "{not json");
        settings::LoadedResilienceSettings loaded = settings::loadResilienceSettings(store);
        QCOMPARE(loaded.settings, ResilienceSettings {});
        QVERIFY2(loaded.warning.contains("unreadable"), qPrintable(loaded.warning));

        store.setValue(QLatin1String(settings::kResilienceSettingsKey), "[1, 2]");
        loaded = settings::loadResilienceSettings(store);
        QCOMPARE(loaded.settings, ResilienceSettings {});
        QVERIFY(loaded.warning.contains("unreadable"));
        QCOMPARE(settings::describeSettingsErrors(loaded.errors), QString("not a JSON object"));
    }

    void anyRejectedStoredValueGivesAllDefaults()
    {
        QSettings store;
        store.setValue(QLatin1String(settings::kResilienceSettingsKey),
            R"({"retry":{"maxAttempts":2},"breaker":{"failureRateThreshold":150}})");
        const settings::LoadedResilienceSettings loaded = settings::loadResilienceSettings(store);
        // Not even the valid maxAttempts is taken: a half-applied mixture is nobody's choice.
        QCOMPARE(loaded.settings, ResilienceSettings {});
        QCOMPARE(loaded.warning, QString("Stored resilience settings were rejected; using the defaults"));
        QCOMPARE(settings::describeSettingsErrors(loaded.errors),
            QString("breaker.failureRateThreshold: must be a number in (0, 100], got 150"));
        QCOMPARE(loaded.errors.size(), 1);
    }

    void breakerButtonsChangeTheBreaker()
    {
        Rig rig;
        ui::BreakerMonitor monitor(rig.pipeline, kHost, rig.clock);
        ui::ResiliencePanel panel(monitor, rig.pipeline.settings());
        CircuitBreaker& breaker = rig.pipeline.breakerFor(kHost);
        auto* forceOpen = panel.findChild<QPushButton*>("breakerForceOpen");
        auto* disable = panel.findChild<QPushButton*>("breakerDisable");
        auto* reset = panel.findChild<QPushButton*>("breakerReset");
        QVERIFY(forceOpen && disable && reset);

        QTest::mouseClick(forceOpen, Qt::LeftButton);
        QCOMPARE(breaker.state(), BreakerState::ForcedOpen);
        QCOMPARE(panel.breakerText(), QString("● api.example.test: forced open"));
        QVERIFY(!forceOpen->isEnabled());

        QTest::mouseClick(disable, Qt::LeftButton);
        QCOMPARE(breaker.state(), BreakerState::Disabled);
        QCOMPARE(panel.breakerText(), QString("● api.example.test: disabled"));
        QVERIFY(forceOpen->isEnabled());
        QVERIFY(!disable->isEnabled());

        QTest::mouseClick(reset, Qt::LeftButton);
        QCOMPARE(breaker.state(), BreakerState::Closed);
        QCOMPARE(panel.breakerText(), QString("● api.example.test: closed"));
    }

    void timelineShowsThePipelinesEventsNewestFirst()
    {
        Rig rig;
        ui::BreakerMonitor monitor(rig.pipeline, kHost, rig.clock);
        ui::ResiliencePanel panel(monitor, rig.pipeline.settings());
        ui::ResilienceEventModel* model = panel.eventModel();
        QCOMPARE(panel.timeline()->model(), model);

        transport::HttpRequest request;
        request.url = QUrl("http://api.example.test/v1/prices/latest");
        rig.pipeline.get(request, nullptr, [](const transport::HttpResponse&) {});
        QCOMPARE(model->rowCount(), 1);
        QCOMPARE(model->index(0, ui::ResilienceEventModel::TypeColumn).data().toString(), QString("Attempt"));

        QTest::mouseClick(panel.findChild<QPushButton*>("breakerForceOpen"), Qt::LeftButton);
        QCOMPARE(model->rowCount(), 2);
        QCOMPARE(model->index(0, ui::ResilienceEventModel::TypeColumn).data().toString(), QString("Breaker"));
        QVERIFY(model->index(0, ui::ResilienceEventModel::DetailsColumn)
                    .data()
                    .toString()
                    .contains("forced_open"));
    }
};

QTEST_MAIN(TestResiliencePanel)
#include "tst_resiliencepanel.moc"
