// The built-in profiles (core/sim/faultprofilecatalog.cpp).
#include "sim/faultinjector.h"
#include "sim/faultprofile.h"
#include "sim/simresponse.h"
#include "support/faultprofiles.h"
#include "util/clock.h"

#include <algorithm>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace oilwatch::sim;
using oilwatch::util::ManualClock;

using namespace oilwatch::testing;

class TestFaultProfileCatalog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void builtinsAreValid();
    void builtinsDoWhatTheirNamesSay();
};

void TestFaultProfileCatalog::builtinsAreValid()
{
    const QStringList names = FaultProfile::builtinNames();
    QCOMPARE(names,
        QStringList({"healthy", "latency", "flaky", "outage", "ratelimited", "quota", "hang", "slowbody",
            "chaos", "baddata"}));
    for (const QString& name : names) {
        const std::optional<FaultProfile> profile = FaultProfile::builtin(name);
        QVERIFY2(profile, qPrintable(name));
        QCOMPARE(profile->name, name);
        const FaultProfileResult again = FaultProfile::fromJson(profile->toJson());
        QVERIFY2(std::holds_alternative<FaultProfile>(again), qPrintable(name));
        QCOMPARE(std::get<FaultProfile>(again), *profile);
        double total = 0;
        for (const FaultRule& rule : profile->faults)
            total += rule.rate;
        QVERIFY(total <= 1.0);
    }
    QVERIFY(!FaultProfile::builtin(u"nope"));
    QVERIFY(!FaultProfile::builtin(u"Flaky")); // names are exact
}

void TestFaultProfileCatalog::builtinsDoWhatTheirNamesSay()
{
    QVERIFY(FaultProfile::builtin(u"healthy")->isHealthy());

    const FaultProfile latency = *FaultProfile::builtin(u"latency");
    QCOMPARE(latency.latency.kind, LatencyKind::LogNormal);
    QCOMPARE(latency.latency.medianMs, 50.0);
    QVERIFY(latency.faults.empty());

    const FaultProfile flaky = *FaultProfile::builtin(u"flaky");
    double serverErrors = 0;
    for (const FaultRule& rule : flaky.faults) {
        QCOMPARE(rule.kind, FaultKind::Status);
        QVERIFY(rule.status >= 500);
        serverErrors += rule.rate;
    }
    QVERIFY(qAbs(serverErrors - 0.2) < 1e-9);

    const FaultProfile outage = *FaultProfile::builtin(u"outage");
    QCOMPARE(outage.outage.downSec, 20);
    QCOMPARE(outage.outage.upSec, 20);
    QVERIFY(outage.outage.repeat);

    QCOMPARE(FaultProfile::builtin(u"ratelimited")->faults.at(0).kind, FaultKind::RateLimit);
    QCOMPARE(FaultProfile::builtin(u"quota")->faults.at(0).kind, FaultKind::QuotaExhausted);
    QCOMPARE(FaultProfile::builtin(u"quota")->faults.at(0).rate, 1.0);
    QCOMPARE(FaultProfile::builtin(u"hang")->faults.at(0).kind, FaultKind::Hang);
    QCOMPARE(FaultProfile::builtin(u"slowbody")->faults.at(0).kind, FaultKind::SlowBody);

    const FaultProfile chaos = *FaultProfile::builtin(u"chaos");
    QVERIFY(chaos.latency.kind != LatencyKind::None);
    QSet<int> kinds;
    for (const FaultRule& rule : chaos.faults)
        kinds.insert(int(rule.kind));
    QVERIFY(kinds.size() >= 10);

    // Every bad-data kind, nothing else, spikes both ways, about a third of the answers.
    const FaultProfile baddata = *FaultProfile::builtin(u"baddata");
    QSet<int> badKinds;
    double badShare = 0;
    bool up = false;
    bool down = false;
    for (const FaultRule& rule : baddata.faults) {
        QVERIFY(rule.isBadData());
        badKinds.insert(int(rule.kind));
        badShare += rule.rate;
        up = up || (rule.kind == FaultKind::Spike && rule.factor > 1);
        down = down || (rule.kind == FaultKind::Spike && rule.factor < 1);
    }
    QCOMPARE(badKinds.size(), 7);
    QVERIFY(up && down);
    QVERIFY(badShare > 0.25 && badShare < 0.5);
    QVERIFY(baddata.latency.kind == LatencyKind::None && !baddata.outage.enabled());
}

QTEST_GUILESS_MAIN(TestFaultProfileCatalog)
#include "tst_faultprofilecatalog.moc"
