#pragma once

#include "alerts/alertengine.h"
#include "alerts/alertrulestore.h"
#include "util/timer.h"

#include <QStringList>

namespace oilwatch::feed {
class PriceFeed;
}
namespace oilwatch::resilience {
class ResilientTransport;
}

namespace oilwatch::app {

// The user's alert rules evaluated on what one feed shows and on the breaker of one pipeline: what the
// dashboard and `oilwatch watch` both run, so an alert fires the same way in the window and on the command
// line. The feed and the pipeline must outlive it.
class AlertWiring
{
public:
    // Rules from `rulesPath` (AlertRuleStore::defaultPath() in the app): usable ones are evaluated at once,
    // the problems of the others are in loadErrors().
    AlertWiring(feed::PriceFeed& feed, resilience::ResilientTransport& pipeline, const util::Clock& clock,
        const QString& rulesPath = alerts::AlertRuleStore::defaultPath());

    alerts::AlertEngine& engine() { return m_engine; }
    alerts::AlertRuleStore& store() { return m_store; }
    // One sentence per problem of the rules file; empty when every rule was usable.
    const QStringList& loadErrors() const { return m_loadErrors; }

private:
    alerts::AlertRuleStore m_store;
    util::QtScheduler m_scheduler; // declared before the engine: it must outlive it
    alerts::AlertEngine m_engine;
    QStringList m_loadErrors;
};

} // namespace oilwatch::app
