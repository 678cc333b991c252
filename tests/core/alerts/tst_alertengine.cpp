// The engine end to end on a fake clock: observations in, transitions, history and notifications out.
#include "alerts/alertengine.h"
#include "alerts/notifier.h"
#include "support/testquotes.h"

#include <QSignalSpy>
#include <QTest>

using namespace oilwatch;
using namespace oilwatch::alerts;
using resilience::BreakerState;

namespace {

const QString kBrent = QStringLiteral("BRENT_CRUDE_USD");

// Pending one minute, cooldown five, as the defaults; `firesAtOnce` drops the pending period.
AlertRule aboveRule(double threshold, double hysteresis = 0.5, bool firesAtOnce = false)
{
    AlertRule r;
    r.id = QStringLiteral("brent-high");
    r.name = QStringLiteral("Brent high");
    r.code = kBrent;
    r.kind = AlertKind::Above;
    r.threshold = threshold;
    r.hysteresis = hysteresis;
    r.pendingMs = firesAtOnce ? 0 : 60'000;
    r.cooldownMs = 300'000;
    return r;
}

struct Harness
{
    Harness()
        : scheduler(clock)
        , engine(clock, 50)
    {
        engine.addNotifier(&notifier);
    }

    void price(double value)
    {
        api::FetchInfo info;
        engine.observeQuote(testing::quote(kBrent, 0, value), info);
    }

    // One poll every 30 s: advance, then the quote.
    void pollEvery30s(const QList<double>& prices)
    {
        for (double p : prices) {
            clock.advanceMs(30'000);
            price(p);
        }
    }

    QStringList states() const
    {
        QStringList out;
        for (const AlertEvent& e : engine.history())
            out << alertStateName(e.to);
        return out;
    }

    util::ManualClock clock;
    util::ManualScheduler scheduler; // outlives the engine
    RecordingNotifier notifier;
    AlertEngine engine;
};

} // namespace

class TestAlertEngine : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void firesAfterThePendingPeriodAndNotifiesOnce()
    {
        Harness h;
        h.engine.setRules({aboveRule(80)});
        QSignalSpy spy(&h.engine, &AlertEngine::transitioned);
        h.price(79);
        h.pollEvery30s({80.5, 81, 81.2, 81.4});
        QCOMPARE(h.states(), QStringList({"pending", "firing"}));
        QCOMPARE(spy.count(), 2);
        QCOMPARE(h.engine.stateOf("brent-high"), AlertState::Firing);

        QCOMPARE(h.notifier.sent().size(), 1);
        const AlertEvent& fired = h.notifier.sent().first();
        QCOMPARE(fired.ruleId, QStringLiteral("brent-high"));
        QCOMPARE(fired.ruleName, QStringLiteral("Brent high"));
        QCOMPARE(fired.code, kBrent);
        QCOMPARE(fired.from, AlertState::Pending);
        QCOMPARE(fired.to, AlertState::Firing);
        QCOMPARE(fired.value, std::optional<double>(81.2));
        QCOMPARE(fired.atMonotonicMs, 90'000);
        QCOMPARE(fired.atUtc, h.clock.nowUtc().addMSecs(-30'000));
        QCOMPARE(fired.message, QStringLiteral("Brent high firing: price 81.2 (BRENT_CRUDE_USD above 80)"));
        QCOMPARE(fired.detail, QStringLiteral("price 81.2"));
        QCOMPARE(notificationTitle(fired), QStringLiteral("Alert firing: Brent high"));
    }

    void hysteresisAndCooldownStopAnOscillatingPriceFromSpamming()
    {
        Harness h;
        AlertRule rule = aboveRule(80, 0.5, true);
        h.engine.setRules({rule});
        // An hour of a price crossing 80 on every poll: inside the band it never resolves.
        QList<double> wobble;
        for (int i = 0; i < 120; ++i)
            wobble << (i % 2 ? 79.9 : 80.1);
        h.pollEvery30s(wobble);
        QCOMPARE(h.states(), QStringList({"firing"}));
        QCOMPARE(h.notifier.sent().size(), 1);

        // Past the band it resolves, and for the five-minute cooldown it cannot fire again.
        h.pollEvery30s({79.4});
        h.pollEvery30s({85, 85, 85, 85, 85, 85, 85, 85, 85});
        QCOMPARE(h.states(), QStringList({"firing", "resolved"}));
        h.pollEvery30s({85});
        QCOMPARE(h.states(), QStringList({"firing", "resolved", "normal", "firing"}));
        QCOMPARE(h.notifier.sent().size(), 2);
    }

    void resolvedIsNotifiedOnlyWhenAskedFor()
    {
        Harness h;
        AlertRule quiet = aboveRule(80, 0, true);
        AlertRule chatty = quiet;
        chatty.id = QStringLiteral("chatty");
        chatty.notifyOnResolve = true;
        h.engine.setRules({quiet, chatty});
        h.pollEvery30s({81, 79});
        QStringList told;
        for (const AlertEvent& e : h.notifier.sent())
            told << e.ruleId + QLatin1Char(':') + alertStateName(e.to);
        QCOMPARE(told, QStringList({"brent-high:firing", "chatty:firing", "chatty:resolved"}));
        QCOMPARE(notificationTitle(h.notifier.sent().last()), QStringLiteral("Alert resolved: Brent high"));
    }

    void staleFiresWithTimeAlone()
    {
        Harness h;
        AlertRule stale = aboveRule(300, 0);
        stale.kind = AlertKind::Stale;
        stale.pendingMs = 0;
        h.engine.setRules({stale});
        h.price(70);
        h.engine.startPeriodicEvaluation(h.scheduler, 5'000);
        h.scheduler.advance(300'000);
        QCOMPARE(h.engine.stateOf(stale.id), AlertState::Normal);
        h.scheduler.advance(5'000);
        QCOMPARE(h.engine.stateOf(stale.id), AlertState::Firing);
        QCOMPARE(h.engine.history().back().atMonotonicMs, 305'000);
        QCOMPARE(h.engine.history().back().message,
            QStringLiteral("Brent high firing: value 5 min old (BRENT_CRUDE_USD older than 5 min)"));
        // A fresh value resolves it.
        h.price(70);
        QCOMPARE(h.engine.stateOf(stale.id), AlertState::Resolved);
    }

    void breakerAndSuspectRules()
    {
        Harness h;
        AlertRule breaker = aboveRule(120, 0);
        breaker.id = QStringLiteral("breaker");
        breaker.name.clear();
        breaker.kind = AlertKind::BreakerOpen;
        breaker.pendingMs = 0;
        AlertRule suspect = breaker;
        suspect.id = QStringLiteral("suspect");
        suspect.kind = AlertKind::DataSuspect;
        h.engine.setRules({breaker, suspect});

        h.engine.observeBreaker(QStringLiteral("api.example.test"), BreakerState::Open);
        h.clock.advanceMs(121'000);
        h.engine.evaluate();
        QCOMPARE(h.engine.stateOf("breaker"), AlertState::Firing);
        QCOMPARE(h.engine.history().back().message,
            QStringLiteral(
                "BRENT_CRUDE_USD breaker open over 2 min firing: breaker of api.example.test open for "
                "2 min"));

        h.engine.observeSuspect(kBrent, true, QStringLiteral("price -1 <b>below</b> 0"));
        QCOMPARE(h.engine.stateOf("suspect"), AlertState::Firing);
        QCOMPARE(h.engine.history().back().value, std::optional<double>(1.0));
        QVERIFY(h.engine.history().back().message.contains(QStringLiteral("<b>below</b>")));
        h.engine.observeSuspect(kBrent, false);
        h.engine.observeBreaker(QStringLiteral("api.example.test"), BreakerState::Closed);
        QCOMPARE(h.engine.stateOf("suspect"), AlertState::Resolved);
        QCOMPARE(h.engine.stateOf("breaker"), AlertState::Resolved);
    }

    void setRulesKeepsTheStateOfUnchangedRulesOnly()
    {
        Harness h;
        AlertRule a = aboveRule(80, 0, true);
        AlertRule b = a;
        b.id = QStringLiteral("b");
        h.engine.setRules({a, b});
        h.price(81);
        QCOMPARE(h.engine.stateOf("brent-high"), AlertState::Firing);
        QCOMPARE(h.engine.stateOf("b"), AlertState::Firing);
        const auto before = h.engine.history().size();

        b.threshold = 90; // an edited rule is a new question
        QSignalSpy changed(&h.engine, &AlertEngine::rulesChanged);
        h.engine.setRules({a, b});
        QCOMPARE(changed.count(), 1);
        QCOMPARE(h.engine.stateOf("brent-high"), AlertState::Firing);
        QCOMPARE(h.engine.stateOf("b"), AlertState::Normal);
        QCOMPARE(h.engine.history().size(), before);

        a.enabled = false;
        h.engine.setRules({a});
        QCOMPARE(h.engine.stateOf("brent-high"), AlertState::Normal);
        QCOMPARE(h.engine.stateOf("b"), AlertState::Normal);
        h.price(95);
        QCOMPARE(h.engine.history().size(), before);
        QCOMPARE(h.engine.rules(), QList<AlertRule>({a}));
    }

    void rulesOfOtherCodesAreNotTouched()
    {
        Harness h;
        AlertRule wti = aboveRule(10, 0);
        wti.code = QStringLiteral("WTI_USD");
        h.engine.setRules({wti});
        h.pollEvery30s({81, 82, 83, 84});
        QVERIFY(h.engine.history().empty());
    }

    void historyIsBounded()
    {
        Harness h; // capacity 50
        AlertRule rule = aboveRule(80, 0, true);
        rule.cooldownMs = 0;
        h.engine.setRules({rule});
        for (int i = 0; i < 100; ++i)
            h.pollEvery30s({81, 79, 79});
        QCOMPARE(h.engine.history().size(), std::size_t(50));
        QCOMPARE(h.engine.historyCapacity(), 50);
        QVERIFY(h.engine.history().back().atMonotonicMs > h.engine.history().front().atMonotonicMs);
    }

    void removedNotifierIsNotCalled()
    {
        Harness h;
        AlertRule rule = aboveRule(80, 0, true);
        h.engine.setRules({rule});
        h.engine.removeNotifier(&h.notifier);
        h.price(81);
        QVERIFY(h.notifier.sent().isEmpty());
        QCOMPARE(h.engine.history().size(), std::size_t(1));
    }

    void periodicEvaluationStopsWithTheEngine()
    {
        util::ManualClock clock;
        util::ManualScheduler scheduler(clock);
        {
            AlertEngine engine(clock);
            engine.startPeriodicEvaluation(scheduler, 1000);
            engine.startPeriodicEvaluation(scheduler, 1000); // replaces, does not add
            QCOMPARE(scheduler.pendingCount(), 1);
            scheduler.advance(10'000);
            QCOMPARE(scheduler.pendingCount(), 1);
        }
        QCOMPARE(scheduler.pendingCount(), 0);
    }
};

QTEST_GUILESS_MAIN(TestAlertEngine)
#include "tst_alertengine.moc"
