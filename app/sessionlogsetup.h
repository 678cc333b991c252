#pragma once

#include "report/sessionlog.h"

#include <QObject>

namespace oilwatch::feed {
class PriceFeed;
}
namespace oilwatch::resilience {
class ResilientTransport;
}

namespace oilwatch::app {

// session/ in the app-data folder: where the dashboard and watch keep their session log and
// `export session` reads it. Empty when the folder cannot be made.
QString sessionLogDirectory();

// While it lives, records what `feed` serves and what `pipeline` reports into the session log
// (report::SessionLog): one line for the dashboard and for watch. Both must outlive it.
class SessionRecording
{
public:
    SessionRecording(feed::PriceFeed& feed, resilience::ResilientTransport& pipeline);

private:
    report::SessionLog m_log;
    QObject m_context; // the connections end with the recording
};

} // namespace oilwatch::app
