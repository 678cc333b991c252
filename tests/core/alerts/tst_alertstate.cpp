// The Grafana-style state machine on its own: each row is a script of verdicts at monotonic times and the
// state after each one.
#include "alerts/alertstate.h"

#include <QTest>

using namespace oilwatch::alerts;

namespace {

// "0 B, 30000 H, 90000 C": times in ms and B(reach), H(old), C(lear).
QList<std::pair<qint64, Verdict>> parseScript(const QString& script)
{
    QList<std::pair<qint64, Verdict>> out;
    for (const QString& step : script.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QStringList parts = step.trimmed().split(QLatin1Char(' '));
        const QChar v = parts.at(1).at(0);
        out.append({parts.at(0).toLongLong(),
            v == QLatin1Char('B')       ? Verdict::Breach
                : v == QLatin1Char('H') ? Verdict::Hold
                                        : Verdict::Clear});
    }
    return out;
}

} // namespace

class TestAlertState : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void names()
    {
        QCOMPARE(alertStateName(AlertState::Normal), QStringLiteral("normal"));
        QCOMPARE(alertStateName(AlertState::Pending), QStringLiteral("pending"));
        QCOMPARE(alertStateName(AlertState::Firing), QStringLiteral("firing"));
        QCOMPARE(alertStateName(AlertState::Resolved), QStringLiteral("resolved"));
        QCOMPARE(verdictName(Verdict::Hold), QStringLiteral("hold"));
    }

    void script_data()
    {
        QTest::addColumn<qint64>("pendingMs");
        QTest::addColumn<qint64>("cooldownMs");
        QTest::addColumn<QString>("script");
        QTest::addColumn<QString>("states"); // the state after each step

        // pending: a breach shorter than the pending period never fires
        QTest::addRow("short breach stays pending, then normal")
            << 60'000LL << 0LL << "0 B, 30000 B, 59999 B, 61000 C"
            << "pending pending pending normal";
        QTest::addRow("a hold also ends pending") << 60'000LL << 0LL << "0 B, 30000 H"
                                                  << "pending normal";
        QTest::addRow("pending starts over after a break")
            << 60'000LL << 0LL << "0 B, 50000 C, 60000 B, 110000 B, 120000 B"
            << "pending normal pending pending firing";
        // firing: exactly at the end of the pending period
        QTest::addRow("fires when the pending period is over") << 60'000LL << 0LL << "0 B, 60000 B, 90000 B"
                                                               << "pending firing firing";
        QTest::addRow("no pending period fires at once") << 0LL << 0LL << "0 C, 10 B"
                                                         << "normal firing";
        QTest::addRow("clear and hold in normal do nothing") << 0LL << 0LL << "0 C, 10 H, 20 C"
                                                             << "normal normal normal";
        // hysteresis: inside the band a firing alert keeps firing
        QTest::addRow("hold keeps firing") << 0LL << 0LL << "0 B, 10 H, 20 H, 30 B, 40 H"
                                           << "firing firing firing firing firing";
        QTest::addRow("clear resolves") << 0LL << 0LL << "0 B, 10 H, 20 C"
                                        << "firing firing resolved";
        // cooldown: resolved lasts the cooldown whatever happens
        QTest::addRow("no re-firing within the cooldown")
            << 0LL << 300'000LL << "0 B, 10 C, 20 B, 100000 B, 299999 B"
            << "firing resolved resolved resolved resolved";
        QTest::addRow("fires again when the cooldown ends on a breach")
            << 0LL << 300'000LL << "0 B, 10 C, 300010 B"
            << "firing resolved firing";
        QTest::addRow("cooldown ends on a breach into pending")
            << 60'000LL << 300'000LL << "0 B, 60000 B, 60010 C, 360010 B, 420010 B"
            << "pending firing resolved pending firing";
        // resolved → normal
        QTest::addRow("resolved becomes normal after the cooldown")
            << 0LL << 300'000LL << "0 B, 10 C, 300010 C, 300020 H"
            << "firing resolved normal normal";
        QTest::addRow("no cooldown: normal at the next evaluation") << 0LL << 0LL << "0 B, 10 C, 10 C"
                                                                    << "firing resolved normal";
        QTest::addRow("time going backwards counts as no time")
            << 60'000LL << 0LL << "100000 B, 5000 B, 160000 B"
            << "pending pending firing";
    }

    void script()
    {
        QFETCH(qint64, pendingMs);
        QFETCH(qint64, cooldownMs);
        QFETCH(QString, script);
        QFETCH(QString, states);
        AlertStateMachine machine(StateTimings {pendingMs, cooldownMs});
        QStringList seen;
        for (const auto& [at, verdict] : parseScript(script)) {
            machine.step(verdict, at);
            seen << alertStateName(machine.state());
        }
        QCOMPARE(seen.join(QLatin1Char(' ')), states);
    }

    void stepsReportEveryTransition_data()
    {
        QTest::addColumn<QString>("script");
        QTest::addColumn<QString>("transitions"); // "from>to" per transition, in order
        QTest::addRow("a full cycle") << "0 B, 60000 B, 70000 H, 80000 C, 380000 C"
                                      << "normal>pending pending>firing firing>resolved resolved>normal";
        QTest::addRow("cooldown ends on a breach: two at once")
            << "0 B, 60000 B, 60010 C, 360010 B"
            << "normal>pending pending>firing firing>resolved resolved>normal normal>pending";
    }

    void stepsReportEveryTransition()
    {
        QFETCH(QString, script);
        QFETCH(QString, transitions);
        AlertStateMachine machine(StateTimings {60'000, 300'000});
        QStringList seen;
        for (const auto& [at, verdict] : parseScript(script)) {
            const AlertStateMachine::Steps steps = machine.step(verdict, at);
            for (int i = 0; i < steps.count; ++i)
                seen << alertStateName(steps.steps[i].from) + QLatin1Char('>')
                        + alertStateName(steps.steps[i].to);
        }
        QCOMPARE(seen.join(QLatin1Char(' ')), transitions);
    }

    void enteredAtIsWhenTheBreachBegan()
    {
        AlertStateMachine machine(StateTimings {60'000, 0});
        machine.step(Verdict::Breach, 1000);
        machine.step(Verdict::Breach, 31000);
        QCOMPARE(machine.enteredAtMs(), 1000);
        machine.step(Verdict::Breach, 61000);
        QCOMPARE(machine.state(), AlertState::Firing);
        QCOMPARE(machine.enteredAtMs(), 61000);
    }

    void negativeTimingsCountAsZero()
    {
        AlertStateMachine machine(StateTimings {-5, -5});
        QCOMPARE(machine.timings().pendingMs, 0);
        QCOMPARE(machine.timings().cooldownMs, 0);
        machine.step(Verdict::Breach, 0);
        QCOMPARE(machine.state(), AlertState::Firing);
    }
};

QTEST_GUILESS_MAIN(TestAlertState)
#include "tst_alertstate.moc"
