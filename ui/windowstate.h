#pragma once

class QMainWindow;
class QSettings;

namespace oilwatch::ui {

// A window the user arranged comes back as they left it: its geometry (position, size, maximised), its
// toolbars and docks, the size of every named QSplitter and the current tab of every named QTabWidget in it.
// Stored under "window/" in the settings; widgets are found by objectName, so a splitter or tab widget
// without one is not remembered, and one that no longer exists is ignored. Corrupt or foreign values are
// ignored too (the window keeps its default), never applied half-way.
void saveWindowState(QSettings& store, const QMainWindow& window);
// Returns whether a saved geometry was applied (else the window keeps the size it was built with).
bool restoreWindowState(QSettings& store, QMainWindow& window);

} // namespace oilwatch::ui
