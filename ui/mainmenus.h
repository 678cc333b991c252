#pragma once

#include <functional>

#include <QObject>
#include <QString>

class QAction;
class QMainWindow;
class QMenu;

namespace oilwatch::ui {

// The main window's menu bar: File, View, Tools and Help with the shortcuts a desktop user expects (F5
// refreshes, Ctrl+Q quits, Ctrl+, opens Preferences, Ctrl+1… switch views). The window owns the views and
// the app owns the features behind some items (export, preferences, the watchlist), so an action is wired
// with connect(): until then it stays disabled, never a menu item that does nothing.
class MainMenus final : public QObject
{
    Q_OBJECT
public:
    explicit MainMenus(QMainWindow& window);

    QMenu* fileMenu() const { return m_file; }
    QMenu* viewMenu() const { return m_view; }
    QMenu* toolsMenu() const { return m_tools; }
    QMenu* helpMenu() const { return m_help; }

    QAction* exportAction() const { return m_export; } // File → Export…
    QAction* quitAction() const { return m_quit; } // File → Quit, Ctrl+Q
    QAction* refreshAction() const { return m_refresh; } // View → Refresh Now, F5
    QAction* watchlistAction() const { return m_watchlist; } // View → Edit Watchlist…
    QAction* preferencesAction() const { return m_preferences; } // Tools → Preferences…, Ctrl+,
    QAction* closeToTrayAction() const { return m_closeToTray; } // Tools → Close to Tray (checkable)
    QAction* aboutAction() const { return m_about; }
    QAction* aboutQtAction() const { return m_aboutQt; }

    // Adds a view's item to View with Ctrl+key: before `before`, or after the views added so far.
    QAction* addView(const QString& title, const QString& objectName, int key, std::function<void()> show,
        QAction* before = nullptr);

    // Runs `handler` when the action triggers, and enables it.
    static void connect(QAction* action, std::function<void()> handler);

private:
    QAction* addAction(QMenu* menu, const QString& text, const QString& objectName);

    QMenu* m_file = nullptr;
    QMenu* m_view = nullptr;
    QMenu* m_tools = nullptr;
    QMenu* m_help = nullptr;
    QAction* m_export = nullptr;
    QAction* m_quit = nullptr;
    QAction* m_viewsEnd = nullptr; // the separator views are inserted before
    QAction* m_refresh = nullptr;
    QAction* m_watchlist = nullptr;
    QAction* m_preferences = nullptr;
    QAction* m_closeToTray = nullptr;
    QAction* m_about = nullptr;
    QAction* m_aboutQt = nullptr;
};

} // namespace oilwatch::ui
