#include "app/cachesetup.h"
#include "app/commands.h"
#include "logging/logging.h"

namespace oilwatch::app {

void setUpLogging(bool verbose)
{
    // Logs may hold hosts and codes: they live in the user-only data folder.
    logging::initLogging({privateDataDirectory() + QStringLiteral("/logs"), verbose, verbose});
}

} // namespace oilwatch::app
