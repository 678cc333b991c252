#include "app/alertwiring.h"

#include "feed/pricefeed.h"
#include "resilience/resilienttransport.h"
#include "validation/dataqualityissue.h"

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
    // A suspect answer leaves the last good value on screen (a quote) or nothing (an error): either way the
    // data-suspect rules hear of it, with the validator's reason.
    QObject::connect(&feed, &feed::PriceFeed::quoteReceived, &m_engine,
        [this](const api::Quote& quote, const api::FetchInfo& info) {
            m_engine.observeSuspect(
                quote.code, info.suspect != nullptr, info.suspect ? info.suspect->summary() : QString());
            m_engine.observeQuote(quote, info);
        });
    QObject::connect(&feed, &feed::PriceFeed::pollFailed, &m_engine, [this](const api::ApiError& error) {
        if (error.suspect)
            m_engine.observeSuspect(error.suspect->quote.code, true, error.suspect->summary());
    });
    QObject::connect(&pipeline, &resilience::ResilientTransport::resilienceEvent, &m_engine,
        [this](const resilience::ResilienceEvent& event) {
            if (const auto* transition = std::get_if<resilience::BreakerTransition>(&event.payload))
                m_engine.observeBreaker(transition->host, transition->to);
        });
    // Pending periods, ages and cooldowns move on between polls too.
    m_engine.startPeriodicEvaluation(m_scheduler);
}

} // namespace oilwatch::app
