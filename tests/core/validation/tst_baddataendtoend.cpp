// End to end: the real client, through the resilience pipeline and real loopback sockets, against the
// simulator's `baddata` profile. Every bad quote the simulator sends must be quarantined by the validator
// under the rule for its kind of fault, and every good one must pass.
#include "sim/simserver.h"
#include "support/sharedclock.h"
#include "support/simstack.h"
#include "validation/quotevalidator.h"

#include <map>
#include <optional>

#include <QTest>

using namespace oilwatch;
using namespace oilwatch::validation;

namespace {

const QStringList kCodes {QStringLiteral("BRENT_CRUDE_USD"), QStringLiteral("WTI_USD"),
    QStringLiteral("GASOLINE_USD"), QStringLiteral("DUTCH_TTF_EUR")};

// What the simulator did to a quote, told apart by comparing it with the healthy answer for the same moment
// (the simulator's clock stands still, so its healthy answer never changes).
enum class Fault
{
    None,
    Spike,
    NonPositive,
    Future,
    Stale,
    Unit,
    Currency,
};

Fault faultOf(const api::Quote& quote, const api::Quote& truth)
{
    if (quote.price <= 0)
        return Fault::NonPositive;
    if (quote.price != truth.price)
        return Fault::Spike;
    if (quote.createdAt > truth.createdAt)
        return Fault::Future;
    if (quote.createdAt < truth.createdAt)
        return Fault::Stale;
    if (quote.unit != truth.unit)
        return Fault::Unit;
    if (quote.currency != truth.currency)
        return Fault::Currency;
    return Fault::None;
}

Rule ruleFor(Fault fault)
{
    switch (fault) {
    case Fault::Spike:
        return Rule::Spike;
    case Fault::NonPositive:
        return Rule::NonPositivePrice;
    case Fault::Future:
        return Rule::FutureTimestamp;
    case Fault::Stale:
        return Rule::StaleTimestamp;
    case Fault::Unit:
        return Rule::UnitMismatch;
    case Fault::Currency:
        return Rule::CurrencyMismatch;
    case Fault::None:
        break;
    }
    return Rule::NotFinite;
}

} // namespace

class TestBadDataEndToEnd : public QObject
{
    Q_OBJECT

private:
    // The simulator's clock, shared with the validator: "now" is the same moment for both.
    testing::SharedClock m_clock;
    std::unique_ptr<sim::SimServer> m_sim;
    std::unique_ptr<testing::SimStack> m_stack;

    template <class T> std::optional<T> wait(std::function<void(api::OilPriceApiClient::Callback<T>)> call)
    {
        std::optional<api::Result<T>> result;
        call([&result](const api::Result<T>& r, const api::FetchInfo&) { result = r; });
        if (!QTest::qWaitFor([&result] { return result.has_value(); }, 10'000) || !result->ok())
            return std::nullopt;
        return result->value();
    }

    std::optional<QList<api::Quote>> latest()
    {
        return wait<QList<api::Quote>>(
            [this](auto done) { m_stack->client.latestMany(kCodes, this, std::move(done)); });
    }

private Q_SLOTS:
    void init()
    {
        sim::SimOptions options;
        options.clock = &m_clock;
        m_sim = std::make_unique<sim::SimServer>(options);
        QString error;
        QVERIFY2(m_sim->start(&error), qPrintable(error));
        m_stack = std::make_unique<testing::SimStack>(testing::SimStack::configFor(*m_sim));
    }

    void cleanup()
    {
        m_stack.reset();
        m_sim.reset();
    }

    void everyBadQuoteIsQuarantinedUnderItsRule()
    {
        // The catalogue the app would load at start-up, from the healthy simulator.
        const auto commodities = wait<QList<api::Commodity>>(
            [this](auto done) { m_stack->client.commodities(this, std::move(done)); });
        QVERIFY(commodities && !commodities->isEmpty());
        Quarantine quarantine;
        QuoteValidator validator(
            Catalogue::fromCommodities(*commodities), ValidationSettings(), m_clock, &quarantine);

        const auto healthy = latest();
        QVERIFY(healthy && healthy->size() == kCodes.size());
        std::map<QString, api::Quote> truth;
        for (const Verdict& verdict : validator.checkAll(*healthy)) {
            QVERIFY2(verdict.isOk(), qPrintable(verdict.summary()));
            truth[verdict.quote.code] = verdict.quote;
        }

        m_sim->setFaultProfile(*sim::FaultProfile::builtin(u"baddata"));
        std::map<Fault, int> seen;
        bool spikeUp = false;
        bool spikeDown = false;
        int bad = 0;
        for (int round = 0; round < 400 && (seen.size() < 7 || !spikeUp || !spikeDown); ++round) {
            const auto quotes = latest();
            QVERIFY2(quotes, "every baddata answer is well-formed JSON");
            for (const Verdict& verdict : validator.checkAll(*quotes)) {
                const api::Quote& expected = truth.at(verdict.quote.code);
                const Fault fault = faultOf(verdict.quote, expected);
                ++seen[fault];
                spikeUp = spikeUp || (fault == Fault::Spike && verdict.quote.price > expected.price);
                spikeDown = spikeDown || (fault == Fault::Spike && verdict.quote.price < expected.price);
                if (fault == Fault::None) {
                    QVERIFY2(verdict.isOk(), qPrintable(verdict.summary()));
                    continue;
                }
                ++bad;
                QVERIFY2(verdict.hasIssue(ruleFor(fault)),
                    qPrintable(verdict.quote.code + QStringLiteral(": ") + verdict.summary()));
                // The tile keeps showing the last good value, which is still the healthy one.
                QVERIFY(verdict.lastGood);
                QCOMPARE(verdict.lastGood->price, expected.price);
                QCOMPARE(validator.lastGood(verdict.quote.code)->price, expected.price);
            }
        }
        QVERIFY2(seen.size() == 7 && spikeUp && spikeDown, "every kind of bad data was seen");
        QCOMPARE(quarantine.total(), quint64(bad));
        QVERIFY(seen[Fault::None] > bad); // about a third of the answers are bad
    }
};

QTEST_GUILESS_MAIN(TestBadDataEndToEnd)
#include "tst_baddataendtoend.moc"
