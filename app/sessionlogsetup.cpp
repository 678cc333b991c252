#include "app/sessionlogsetup.h"

#include "app/cachesetup.h"
#include "util/clock.h"

namespace oilwatch::app {

QString sessionLogDirectory()
{
    const QString data = privateDataDirectory();
    return data.isEmpty() ? QString() : data + QStringLiteral("/session");
}

SessionRecording::SessionRecording(feed::PriceFeed& feed, resilience::ResilientTransport& pipeline)
    : m_log(sessionLogDirectory(), util::SystemClock::instance())
{
    if (!m_log.directory().isEmpty())
        report::recordSession(m_log, feed, pipeline, &m_context);
}

} // namespace oilwatch::app
