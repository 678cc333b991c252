#include "windowstate.h"

#include <QMainWindow>
#include <QSettings>
#include <QSplitter>
#include <QTabWidget>

namespace oilwatch::ui {

namespace {

QString key(const QString& kind, const QString& objectName)
{
    return QStringLiteral("window/%1/%2").arg(kind, objectName);
}

} // namespace

void saveWindowState(QSettings& store, const QMainWindow& window)
{
    store.setValue(QStringLiteral("window/geometry"), window.saveGeometry());
    store.setValue(QStringLiteral("window/state"), window.saveState());
    for (const QSplitter* splitter : window.findChildren<QSplitter*>())
        if (!splitter->objectName().isEmpty())
            store.setValue(key(QStringLiteral("splitter"), splitter->objectName()), splitter->saveState());
    for (const QTabWidget* tabs : window.findChildren<QTabWidget*>())
        if (!tabs->objectName().isEmpty() && tabs->currentWidget()
            && !tabs->currentWidget()->objectName().isEmpty())
            // By the page's name, not its index: tabs added later (alerts, resilience) move the indexes.
            store.setValue(
                key(QStringLiteral("tab"), tabs->objectName()), tabs->currentWidget()->objectName());
}

bool restoreWindowState(QSettings& store, QMainWindow& window)
{
    const bool placed = window.restoreGeometry(store.value(QStringLiteral("window/geometry")).toByteArray());
    window.restoreState(store.value(QStringLiteral("window/state")).toByteArray());
    for (QSplitter* splitter : window.findChildren<QSplitter*>())
        if (!splitter->objectName().isEmpty())
            splitter->restoreState(
                store.value(key(QStringLiteral("splitter"), splitter->objectName())).toByteArray());
    for (QTabWidget* tabs : window.findChildren<QTabWidget*>()) {
        if (tabs->objectName().isEmpty())
            continue;
        const QString page = store.value(key(QStringLiteral("tab"), tabs->objectName())).toString();
        for (int i = 0; !page.isEmpty() && i < tabs->count(); ++i)
            if (tabs->widget(i)->objectName() == page)
                tabs->setCurrentIndex(i);
    }
    return placed;
}

} // namespace oilwatch::ui
