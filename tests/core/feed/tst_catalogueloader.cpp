// CatalogueLoader against the built-in simulator over loopback, with the cache on a ManualClock: asked once a
// day, the stored one offline, one server's catalogue never another's.
#include "cache/memorycache.h"
#include "feed/catalogueloader.h"
#include "support/simstack.h"

#include <QTest>

using namespace oilwatch;
using feed::CatalogueLoader;
using testing::SimStack;
using Source = CatalogueLoader::Source;

namespace {

struct Loaded
{
    validation::Catalogue catalogue;
    Source source = Source::None;
};

std::optional<Loaded> load(CatalogueLoader& loader, QObject* context)
{
    std::optional<Loaded> out;
    loader.load(context, [&out](const validation::Catalogue& catalogue, Source source) {
        out = Loaded {catalogue, source};
    });
    if (!QTest::qWaitFor([&out] { return out.has_value(); }, 15'000))
        return std::nullopt;
    return out;
}

} // namespace

class TestCatalogueLoader : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<sim::SimServer> m_sim;
    util::ManualClock m_clock;

private Q_SLOTS:
    void initTestCase()
    {
        m_sim = std::make_unique<sim::SimServer>();
        QVERIFY(m_sim->start());
    }
    void init() { m_sim->setFaults({}); }
    void cleanupTestCase() { m_sim.reset(); }

    void askedOnceADayThenFromTheCache()
    {
        cache::MemoryCacheLimits limits;
        limits.ttlMs = 10 * CatalogueLoader::kFreshMs; // kept longer than it is fresh, as the app's caches do
        cache::MemoryCache cache(limits, m_clock);
        SimStack stack(SimStack::configFor(*m_sim));
        CatalogueLoader loader(stack.client, cache, m_clock);
        QVERIFY(!loader.stored());

        const quint64 before = m_sim->requestCount();
        const auto first = load(loader, this);
        QVERIFY(first);
        QCOMPARE(first->source, Source::Api);
        QCOMPARE(m_sim->requestCount(), before + 1);
        const validation::CatalogueEntry* brent = first->catalogue.find("BRENT_CRUDE_USD");
        QVERIFY(brent);
        QCOMPARE(brent->unit, QString("barrel"));
        QCOMPARE(brent->currency, QString("USD"));
        QVERIFY(loader.stored());

        m_clock.advanceMs(CatalogueLoader::kFreshMs - 1);
        const auto second = load(loader, this);
        QCOMPARE(second->source, Source::Cache);
        QCOMPARE(second->catalogue.size(), first->catalogue.size());
        QCOMPARE(m_sim->requestCount(), before + 1);

        m_clock.advanceMs(2);
        QCOMPARE(load(loader, this)->source, Source::Api);
        QCOMPARE(m_sim->requestCount(), before + 2);
    }

    void aFailedRequestFallsBackToTheStoredOneHoweverOld()
    {
        cache::MemoryCacheLimits limits;
        limits.ttlMs = 10 * CatalogueLoader::kFreshMs;
        cache::MemoryCache cache(limits, m_clock);
        SimStack stack(SimStack::configFor(*m_sim));
        CatalogueLoader loader(stack.client, cache, m_clock);
        QCOMPARE(load(loader, this)->source, Source::Api);
        m_clock.advanceMs(3 * CatalogueLoader::kFreshMs);
        sim::FaultSettings down;
        down.forcedStatus = 503;
        m_sim->setFaults(down);
        const auto stale = load(loader, this);
        QCOMPARE(stale->source, Source::StaleCache);
        QVERIFY(stale->catalogue.find("WTI_USD"));
    }

    void nothingStoredAndNoAnswerLeavesTheBuiltInTable()
    {
        cache::MemoryCache cache({}, m_clock);
        sim::FaultSettings down;
        down.forcedStatus = 500;
        m_sim->setFaults(down);
        SimStack stack(SimStack::configFor(*m_sim));
        CatalogueLoader loader(stack.client, cache, m_clock);
        const auto none = load(loader, this);
        QCOMPARE(none->source, Source::None);
        QCOMPARE(none->catalogue.size(), 0);
        QCOMPARE(cache.stats().entries, 0);
    }

    void oneServersCatalogueIsNotAnothers()
    {
        cache::MemoryCache cache({}, m_clock);
        SimStack server(SimStack::configFor(*m_sim));
        CatalogueLoader fromServer(server.client, cache, m_clock);
        QCOMPARE(load(fromServer, this)->source, Source::Api);

        api::ClientConfig demo = SimStack::configFor(*m_sim);
        demo.builtInSimulator = true;
        SimStack simulator(demo);
        CatalogueLoader fromSimulator(simulator.client, cache, m_clock);
        QVERIFY(!fromSimulator.stored());
        QVERIFY(cache.get(CatalogueLoader::keyFor(server.client.config().origin())));
    }

    // The API's own limits (price_limits, or the Node SDK's validation{min,max}) travel from the body.
    void parseKeepsTheApisPriceLimits()
    {
        const validation::Catalogue catalogue = CatalogueLoader::parse(R"({"data":{"commodities":[
            {"code":"WTI_USD","name":"WTI","category":"Crude Oil","unit":"barrel","currency":"USD",
             "price_limits":{"min":-50,"max":250}},
            {"name":"no code"}]}})");
        QCOMPARE(catalogue.size(), 1);
        const validation::CatalogueEntry* wti = catalogue.find("WTI_USD");
        QVERIFY(wti && wti->limits);
        QCOMPARE(wti->limits->min, -50.0);
        QVERIFY(wti->allowsNonPositive());
        QCOMPARE(CatalogueLoader::parse("not json").size(), 0);
    }
};

QTEST_GUILESS_MAIN(TestCatalogueLoader)
#include "tst_catalogueloader.moc"
