// FaultSettings::asProfile: the fault settings (`oilwatch sim --latency-ms/--status/--body`,
// SimServer::setFaults) as a fault profile, the one form every fault takes (core/sim/faultsettings.cpp).
#include "sim/faultinjector.h"
#include "sim/faultsettings.h"

#include <QTest>

using namespace oilwatch::sim;

class TestFaultSettings : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void noneIsHealthy()
    {
        QVERIFY(FaultSettings {}.asProfile().isHealthy());
        FaultSettings stallOnly;
        stallOnly.stallOnceMs = 300; // a schedule of the server, not a fault of an answer
        QVERIFY(stallOnly.asProfile().isHealthy());
    }

    void latencyIsFixed()
    {
        FaultSettings settings;
        settings.latencyMs = 250;
        const FaultProfile profile = settings.asProfile();
        QCOMPARE(profile.latency.kind, LatencyKind::Fixed);
        QCOMPARE(profile.latency.fixedMs, 250);
        QVERIFY(profile.faults.empty());
    }

    void statusAndBodyAreOneRule()
    {
        FaultSettings settings;
        settings.forcedStatus = 503;
        settings.forcedBody = QByteArray("down");
        const FaultProfile profile = settings.asProfile();
        QCOMPARE(profile.faults.size(), size_t(1));
        QCOMPARE(profile.faults[0].kind, FaultKind::Status);
        QCOMPARE(profile.faults[0].status, 503);
        QCOMPARE(profile.faults[0].body.value_or(QByteArray()), QByteArray("down"));
        QCOMPARE(profile.faults[0].rate, 1.0);
    }

    void bodyAloneKeepsTheStatus()
    {
        FaultSettings settings;
        settings.forcedBody = QByteArray("{}");
        const FaultProfile profile = settings.asProfile();
        QCOMPARE(profile.faults.size(), size_t(1));
        QCOMPARE(profile.faults[0].kind, FaultKind::Body);
        QCOMPARE(profile.faults[0].body.value_or(QByteArray()), QByteArray("{}"));
    }

    // The same profile in JSON: a file can say what the flags say, and reads back equal.
    void writesAndReadsBack()
    {
        for (const FaultKind kind : {FaultKind::Status, FaultKind::Body}) {
            FaultSettings settings;
            settings.forcedStatus = kind == FaultKind::Status ? 502 : 0;
            settings.forcedBody = QByteArray("<html>\u00e9</html>");
            settings.latencyMs = 40;
            const FaultProfile profile = settings.asProfile();
            const FaultProfileResult again = FaultProfile::fromJson(profile.toJson());
            QVERIFY(std::holds_alternative<FaultProfile>(again));
            QCOMPARE(std::get<FaultProfile>(again), profile);
        }
        QVERIFY(std::holds_alternative<FaultProfileError>(
            FaultProfile::fromJson(R"({"faults":[{"kind":"body","rate":1}]})"))); // body is required
    }

    // The injector rolls them under the active profile: the settings' rule on every request, their latency
    // added to the profile's.
    void injectorAppliesThemUnderTheProfile()
    {
        FaultSettings settings;
        settings.latencyMs = 100;
        settings.forcedStatus = 500;
        FaultProfile profile;
        profile.latency.kind = LatencyKind::Fixed;
        profile.latency.fixedMs = 20;
        FaultInjector injector(profile, 1, 0);
        QVERIFY(injector.isHealthy() == false);
        injector.setSettings(settings);
        const FaultDecision decision = injector.decide(0);
        QCOMPARE(decision.latencyMs, 120);
        QVERIFY(decision.forced);
        QCOMPARE(decision.forced->status, 500);
        QVERIFY(!decision.rule);
        QVERIFY(decision.faults());
        injector.setSettings({});
        injector.setProfile({}, 1, 0);
        QVERIFY(injector.isHealthy());
        QVERIFY(!injector.decide(0).faults());
    }
};

QTEST_GUILESS_MAIN(TestFaultSettings)
#include "tst_faultsettings.moc"
