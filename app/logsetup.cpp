#include "app/cachesetup.h"
#include "app/commands.h"
#include "logging/logging.h"

namespace oilwatch::app {

void setUpLogging(bool verbose)
{
    // Logs may hold hosts and codes: they live in the user-only data folder.
    // No data folder, no log file (not "/logs" at the root): the command says why it cannot go on.
    const QString data = privateDataDirectory();
    logging::initLogging({data.isEmpty() ? QString() : data + QStringLiteral("/logs"), verbose, verbose});
}

} // namespace oilwatch::app
