// QuoteGate on a ManualClock, with the quarantine kept in a real history file.
#include "feed/quotegate.h"
#include "storage/historystore.h"
#include "support/testquotes.h"
#include "util/clock.h"

#include <QTemporaryDir>
#include <QTest>

using namespace oilwatch;
using feed::QuoteGate;
using testing::kT0;
using testing::quote;

class TestQuoteGate : public QObject
{
    Q_OBJECT
private:
    util::ManualClock m_clock {kT0.addSecs(3600)};

private Q_SLOTS:
    void aGoodQuotePassesAndBecomesTheReference()
    {
        QuoteGate gate(m_clock);
        const api::Quote good = quote("BRENT_CRUDE_USD", 59, 75.0);
        QVERIFY(gate.check(good).isOk());
        QCOMPARE(gate.validator().lastGood("BRENT_CRUDE_USD")->price, 75.0);
        QCOMPARE(gate.quarantine().total(), 0);
    }

    // A restart seeds the reference from the cache; a code with a reference already keeps its own.
    void seedFillsOnlyCodesWithoutAReference()
    {
        QuoteGate gate(m_clock);
        gate.seed(quote("WTI_USD", 50, 70.0));
        QCOMPARE(gate.validator().lastGood("WTI_USD")->price, 70.0);
        gate.seed(quote("WTI_USD", 51, 90.0));
        QCOMPARE(gate.validator().lastGood("WTI_USD")->price, 70.0);
        // Against that reference, ten times the price a minute later is a spike.
        const validation::Verdict spike = gate.check(quote("WTI_USD", 52, 700.0));
        QVERIFY(!spike.isOk());
        QVERIFY(spike.hasIssue(validation::Rule::Spike));
        QCOMPARE(gate.validator().lastGood("WTI_USD")->price, 70.0);
    }

    // A suspect quote is kept twice: in memory for the window, and as a row of the history's quarantine.
    void aSuspectQuoteIsQuarantinedInMemoryAndOnDisk()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        storage::HistoryStore history(dir.filePath("history.sqlite"), m_clock);
        bool opened = false;
        history.open(this, [&opened](const auto& result) { opened = result.ok(); });
        QTRY_VERIFY_WITH_TIMEOUT(opened, 10'000);

        QuoteGate gate(m_clock, &history);
        api::Quote zero = quote("NATURAL_GAS_USD", 59, 0.0);
        zero.origin = api::Origin::simulator();
        const validation::Verdict verdict = gate.check(zero);
        QVERIFY(!verdict.isOk());
        QCOMPARE(gate.quarantine().total(), 1);

        std::optional<QList<storage::QuarantineRecord>> rows;
        history.quarantined(storage::OriginFilter::only(api::Origin::simulator()), {}, 0, this,
            [&rows](const storage::StorageResult<QList<storage::QuarantineRecord>>& r) {
                if (r)
                    rows = r.value();
            });
        QTRY_VERIFY_WITH_TIMEOUT(rows.has_value(), 10'000);
        QCOMPARE(rows->size(), 1);
        QCOMPARE(rows->constFirst().quote.price, 0.0);
        QCOMPARE(rows->constFirst().rules, QuoteGate::recordOf(verdict, m_clock.nowUtc()).rules);
        QCOMPARE(rows->constFirst().detectedAt, m_clock.nowUtc());
        QVERIFY(!rows->constFirst().message.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestQuoteGate)
#include "tst_quotegate.moc"
