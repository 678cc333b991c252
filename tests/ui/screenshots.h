#pragma once

#include <QCoreApplication>
#include <QDir>
#include <QLayout>
#include <QString>
#include <QWidget>

namespace oilwatch::testing {

// With OILWATCH_SCREENSHOT_DIR set, saves the widget's offscreen image there as `name` (for the user
// guide and for looking at the layout); without it, does nothing. Returns the path written, or empty.
inline QString saveScreenshot(QWidget& widget, const QString& name)
{
    const QString dir = qEnvironmentVariable("OILWATCH_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return {};
    QDir().mkpath(dir);
    // Layout changes (rows shown or hidden) are applied on a posted event; apply them before the grab.
    QCoreApplication::sendPostedEvents();
    if (QLayout* layout = widget.layout())
        layout->activate();
    const QString path = QDir(dir).filePath(name);
    return widget.grab().save(path) ? path : QString();
}

} // namespace oilwatch::testing
