#include "appicon.h"

#include <QDir>

namespace oilwatch::ui {

QIcon applicationIcon()
{
    // One folder per exported size (resources/CMakeLists.txt picks them), so no size list is kept here.
    const QDir sizes(QStringLiteral(":/oilwatch/icons"));
    QIcon icon;
    for (const QString& size : sizes.entryList(QDir::Dirs | QDir::NoDotAndDotDot))
        icon.addFile(sizes.filePath(size + QStringLiteral("/oilwatch.png")));
    return icon;
}

} // namespace oilwatch::ui
