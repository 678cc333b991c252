// FaultInjector: the decisions a profile rolls (core/sim/faultinjector.cpp).
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

class TestFaultInjector : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void healthyDecidesNothing();
    void decisionsAreDeterministicForASeed();
    void ratesHoldOverManyRequests();
    void rulesAreExclusiveAndOrdered();
    void latencyDistributions();
    void repeatingOutageFollowsTheClock();
    void oneShotOutage();
    void outageCanReset();
};

void TestFaultInjector::healthyDecidesNothing()
{
    FaultInjector injector(*FaultProfile::builtin(u"healthy"), 1, 0);
    for (int i = 0; i < 100; ++i) {
        const FaultDecision decision = injector.decide(i * 1000);
        QCOMPARE(decision.latencyMs, 0);
        QVERIFY(!decision.rule);
        QVERIFY(!decision.outage);
    }
}

void TestFaultInjector::decisionsAreDeterministicForASeed()
{
    const FaultProfile chaos = *FaultProfile::builtin(u"chaos");
    auto sequence = [&chaos](quint64 seed) {
        FaultInjector injector(chaos, seed, 0);
        QList<QPair<int, int>> out;
        for (int i = 0; i < 500; ++i) {
            const FaultDecision decision = injector.decide(i);
            out.append({decision.latencyMs,
                decision.rule ? int(decision.rule->kind) * 1000 + decision.rule->status : -1});
        }
        return out;
    };
    QCOMPARE(sequence(7), sequence(7));
    QVERIFY(sequence(7) != sequence(8));

    // A seed in the profile wins over the server's.
    FaultProfile seeded = chaos;
    seeded.seed = 7;
    FaultInjector a(seeded, 100, 0);
    FaultInjector b(seeded, 200, 0);
    for (int i = 0; i < 200; ++i)
        QCOMPARE(a.decide(i).latencyMs, b.decide(i).latencyMs);

    // Switching profile reseeds: the sequence restarts.
    FaultInjector restarted(chaos, 7, 0);
    const int first = restarted.decide(0).latencyMs;
    restarted.decide(1);
    restarted.setProfile(chaos, 7, 0);
    QCOMPARE(restarted.decide(0).latencyMs, first);
}

void TestFaultInjector::ratesHoldOverManyRequests()
{
    for (quint64 seed : {1ULL, 42ULL, 20260101ULL}) {
        FaultInjector injector(withRules({ruleOf(FaultKind::Status, 0.2)}), seed, 0);
        int hits = 0;
        for (int i = 0; i < 1000; ++i)
            hits += injector.decide(i).rule ? 1 : 0;
        QVERIFY2(hits >= 150 && hits <= 250, qPrintable(QString::number(hits)));
    }
    FaultInjector never(withRules({ruleOf(FaultKind::Hang, 0.0)}), 3, 0);
    FaultInjector always(withRules({ruleOf(FaultKind::Hang, 1.0)}), 3, 0);
    for (int i = 0; i < 200; ++i) {
        QVERIFY(!never.decide(i).rule);
        QVERIFY(always.decide(i).rule);
    }
}

void TestFaultInjector::rulesAreExclusiveAndOrdered()
{
    FaultInjector injector(withRules({ruleOf(FaultKind::Status, 0.2, 500),
                               ruleOf(FaultKind::Status, 0.1, 502), ruleOf(FaultKind::Close, 0.3)}),
        5, 0);
    QMap<int, int> counts;
    for (int i = 0; i < 4000; ++i) {
        const FaultDecision decision = injector.decide(i);
        counts[decision.rule ? (decision.rule->kind == FaultKind::Close ? 1 : decision.rule->status) : 0]++;
    }
    QVERIFY2(counts[500] > 700 && counts[500] < 900, qPrintable(QString::number(counts[500])));
    QVERIFY2(counts[502] > 320 && counts[502] < 480, qPrintable(QString::number(counts[502])));
    QVERIFY2(counts[1] > 1080 && counts[1] < 1320, qPrintable(QString::number(counts[1])));
    QVERIFY2(counts[0] > 1480 && counts[0] < 1720, qPrintable(QString::number(counts[0])));
}

void TestFaultInjector::latencyDistributions()
{
    FaultProfile profile;
    profile.latency.kind = LatencyKind::Fixed;
    profile.latency.fixedMs = 123;
    FaultInjector fixed(profile, 1, 0);
    QCOMPARE(fixed.decide(0).latencyMs, 123);

    profile.latency = {};
    profile.latency.kind = LatencyKind::Uniform;
    profile.latency.minMs = 10;
    profile.latency.maxMs = 20;
    FaultInjector uniform(profile, 1, 0);
    int low = 21;
    int high = 9;
    for (int i = 0; i < 1000; ++i) {
        const int ms = uniform.decide(i).latencyMs;
        QVERIFY(ms >= 10 && ms <= 20);
        low = std::min(low, ms);
        high = std::max(high, ms);
    }
    QCOMPARE(low, 10);
    QCOMPARE(high, 20);

    profile.latency = {};
    profile.latency.kind = LatencyKind::LogNormal;
    profile.latency.medianMs = 50;
    profile.latency.sigma = 0.5;
    FaultInjector logNormal(profile, 1, 0);
    std::vector<int> samples;
    for (int i = 0; i < 1001; ++i)
        samples.push_back(logNormal.decide(i).latencyMs);
    std::sort(samples.begin(), samples.end());
    QVERIFY2(samples[500] >= 45 && samples[500] <= 55, qPrintable(QString::number(samples[500])));
    QVERIFY(samples.front() < 30); // a real spread: exp(-2 sigma) * 50 is about 18
    QVERIFY(samples.back() > 120);

    profile.latency.rate = 0.5;
    FaultInjector half(profile, 1, 0);
    int delayed = 0;
    for (int i = 0; i < 1000; ++i)
        delayed += half.decide(i).latencyMs > 0 ? 1 : 0;
    QVERIFY2(delayed > 420 && delayed < 580, qPrintable(QString::number(delayed)));
}

void TestFaultInjector::repeatingOutageFollowsTheClock()
{
    ManualClock clock;
    clock.advanceMs(5000); // the schedule starts when the profile is set, not at zero
    FaultProfile profile = *FaultProfile::builtin(u"outage");
    FaultInjector injector(profile, 1, clock.monotonicMs());

    FaultDecision decision = injector.decide(clock.monotonicMs());
    QVERIFY(decision.outage);
    QCOMPARE(decision.outageMode, OutageMode::Status503);
    QCOMPARE(decision.outageRemainingSec, 20);
    QVERIFY(!decision.resetsConnection());

    clock.advanceMs(19'999);
    decision = injector.decide(clock.monotonicMs());
    QVERIFY(decision.outage);
    QCOMPARE(decision.outageRemainingSec, 1);

    clock.advanceMs(1);
    QVERIFY(!injector.decide(clock.monotonicMs()).outage);
    clock.advanceMs(19'999);
    QVERIFY(!injector.decide(clock.monotonicMs()).outage);
    clock.advanceMs(1);
    QVERIFY(injector.decide(clock.monotonicMs()).outage); // down again: it repeats
    clock.advanceMs(20'000 + 3 * 40'000);
    QVERIFY(!injector.decide(clock.monotonicMs()).outage);
}

void TestFaultInjector::oneShotOutage()
{
    ManualClock clock;
    FaultProfile profile;
    profile.outage.downSec = 5;
    profile.outage.repeat = false;
    FaultInjector injector(profile, 1, clock.monotonicMs());
    QVERIFY(injector.isDown(clock.monotonicMs()));
    clock.advanceMs(4999);
    QVERIFY(injector.isDown(clock.monotonicMs()));
    clock.advanceMs(1);
    for (int i = 0; i < 10; ++i) {
        QVERIFY(!injector.isDown(clock.monotonicMs()));
        clock.advanceMs(3'600'000);
    }
}

void TestFaultInjector::outageCanReset()
{
    FaultProfile profile;
    profile.outage = {2, 2, true, OutageMode::Reset};
    profile.faults = {ruleOf(FaultKind::Status, 1.0)};
    FaultInjector injector(profile, 1, 0);
    const FaultDecision down = injector.decide(0);
    QVERIFY(down.outage);
    QVERIFY(down.resetsConnection());
    QVERIFY(!down.rule); // during an outage nothing else applies
    const FaultDecision up = injector.decide(2000);
    QVERIFY(!up.outage);
    QVERIFY(up.rule);
    QVERIFY(!up.resetsConnection());
}

QTEST_GUILESS_MAIN(TestFaultInjector)
#include "tst_faultinjector.moc"
