#include "util/ownerpermissions.h"

#include <QFile>
#include <QFileInfo>

namespace oilwatch::util {

bool restrictToOwner(const QString& path)
{
#ifdef Q_OS_WIN
    return QFileInfo::exists(path);
#else
    const QFileDevice::Permissions readWrite = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
    return QFile::setPermissions(
        path, QFileInfo(path).isDir() ? readWrite | QFileDevice::ExeOwner : readWrite);
#endif
}

} // namespace oilwatch::util
