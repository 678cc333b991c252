#include "mainmenus.h"

#include <QAction>
#include <QKeySequence>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>

namespace oilwatch::ui {

MainMenus::MainMenus(QMainWindow& window)
    : QObject(&window)
{
    QMenuBar* bar = window.menuBar();
    m_file = bar->addMenu(QStringLiteral("&File"));
    m_export = addAction(m_file, QStringLiteral("&Export…"), QStringLiteral("actionExport"));
    m_export->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    m_file->addSeparator();
    m_quit = addAction(m_file, QStringLiteral("&Quit"), QStringLiteral("actionQuit"));
    m_quit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
    m_quit->setMenuRole(QAction::QuitRole);

    m_view = bar->addMenu(QStringLiteral("&View"));
    m_viewsEnd = m_view->addSeparator();
    m_refresh = addAction(m_view, QStringLiteral("&Refresh Now"), QStringLiteral("actionRefresh"));
    m_refresh->setShortcut(QKeySequence(Qt::Key_F5));
    m_watchlist = addAction(m_view, QStringLiteral("Edit &Watchlist…"), QStringLiteral("actionWatchlist"));

    m_tools = bar->addMenu(QStringLiteral("&Tools"));
    m_preferences = addAction(m_tools, QStringLiteral("&Preferences…"), QStringLiteral("actionPreferences"));
    // QKeySequence::Preferences is empty on most Linux desktops; Ctrl+, is what users there expect too.
    m_preferences->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Comma));
    m_preferences->setMenuRole(QAction::PreferencesRole);
    m_closeToTray = addAction(m_tools, QStringLiteral("&Close to Tray"), QStringLiteral("actionCloseToTray"));
    m_closeToTray->setCheckable(true);
    m_closeToTray->setToolTip(
        QStringLiteral("Closing the window keeps OilWatch watching prices in the tray"));

    m_help = bar->addMenu(QStringLiteral("&Help"));
    m_about = addAction(m_help, QStringLiteral("&About OilWatch"), QStringLiteral("actionAbout"));
    m_about->setMenuRole(QAction::AboutRole);
    m_aboutQt = addAction(m_help, QStringLiteral("About &Qt"), QStringLiteral("actionAboutQt"));
    m_aboutQt->setMenuRole(QAction::AboutQtRole);

    for (QAction* wiredLater : {m_export, m_quit, m_refresh, m_watchlist, m_preferences, m_closeToTray})
        wiredLater->setEnabled(false);
}

QAction* MainMenus::addAction(QMenu* menu, const QString& text, const QString& objectName)
{
    QAction* action = menu->addAction(text);
    action->setObjectName(objectName);
    return action;
}

QAction* MainMenus::addView(
    const QString& title, const QString& objectName, int key, std::function<void()> show, QAction* before)
{
    auto* action = new QAction(title, m_view);
    action->setObjectName(objectName);
    action->setShortcut(QKeySequence(Qt::CTRL | static_cast<Qt::Key>(key)));
    QObject::connect(action, &QAction::triggered, this, std::move(show));
    m_view->insertAction(before ? before : m_viewsEnd, action);
    return action;
}

void MainMenus::connect(QAction* action, std::function<void()> handler)
{
    QObject::connect(action, &QAction::triggered, action, std::move(handler));
    action->setEnabled(true);
}

} // namespace oilwatch::ui
