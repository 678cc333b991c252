#include "app/alertwiring.h"

#include "feed/pricefeed.h"
#include "resilience/resilienttransport.h"

namespace oilwatch::app {

AlertWiring::AlertWiring(feed::PriceFeed& feed, resilience::ResilientTransport& pipeline,
    const util::Clock& clock, const QString& rulesPath)
    : m_store(rulesPath)
    , m_engine(clock)
{
    const alerts::LoadedRules loaded = m_store.load();
    for (const alerts::RuleStoreError& error : loaded.errors)
        m_loadErrors << error.message;
    m_engine.setRules(loaded.rules);
    QObject::connect(&feed, &feed::PriceFeed::quoteReceived, &m_engine, &alerts::AlertEngine::observeQuote);
    QObject::connect(&pipeline, &resilience::ResilientTransport::resilienceEvent, &m_engine,
        [this](const resilience::ResilienceEvent& event) {
            if (const auto* transition = std::get_if<resilience::BreakerTransition>(&event.payload))
                m_engine.observeBreaker(transition->host, transition->to);
        });
    // Pending periods, ages and cooldowns move on between polls too.
    m_engine.startPeriodicEvaluation(m_scheduler);
}

} // namespace oilwatch::app
