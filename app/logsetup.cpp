#include "app/commands.h"
#include "telemetry/logging.h"

#include <QDir>
#include <QFile>
#include <QStandardPaths>

namespace oilwatch::app {

void setUpLogging(bool verbose)
{
    const QString directory = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    // Logs may hold hosts and codes: keep the folder to the user alone.
    if (QDir().mkpath(directory))
        QFile::setPermissions(
            directory, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    telemetry::initLogging({directory + QStringLiteral("/logs"), verbose, verbose});
}

} // namespace oilwatch::app
