#include "pricetray.h"

#include "appicon.h"

#include <QMenu>
#include <QSystemTrayIcon>
#include <QWidget>

namespace oilwatch::ui {

QString trayToolTip(const QStringList& lines)
{
    QStringList shown {QStringLiteral("OilWatch")};
    if (lines.isEmpty())
        shown << QStringLiteral("No prices yet");
    shown << lines.mid(0, PriceTray::kMaxTooltipLines);
    if (lines.size() > PriceTray::kMaxTooltipLines)
        shown << QStringLiteral("and %1 more").arg(lines.size() - PriceTray::kMaxTooltipLines);
    return shown.join(QLatin1Char('\n'));
}

PriceTray::PriceTray(QWidget& window)
    : PriceTray(window, QSystemTrayIcon::isSystemTrayAvailable())
{ }

PriceTray::PriceTray(QWidget& window, bool trayAvailable)
    : QObject(&window)
    , m_window(window)
    , m_toolTip(trayToolTip({}))
{
    if (!trayAvailable)
        return;
    // The menu has no parent widget (a tray menu is a top-level popup); this object deletes it.
    m_menu = new QMenu();
    QAction* show = m_menu->addAction(QStringLiteral("Show OilWatch"));
    connect(show, &QAction::triggered, this, [this] {
        m_window.showNormal();
        m_window.raise();
        m_window.activateWindow();
    });
    connect(m_menu->addAction(QStringLiteral("Refresh Now")), &QAction::triggered, this,
        &PriceTray::refreshRequested);
    m_menu->addSeparator();
    connect(m_menu->addAction(QStringLiteral("Quit")), &QAction::triggered, this, &PriceTray::quitRequested);

    m_icon = new QSystemTrayIcon(applicationIcon(), this);
    m_icon->setContextMenu(m_menu);
    m_icon->setToolTip(m_toolTip);
    connect(m_icon, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason reason) {
        if (reason == QSystemTrayIcon::Trigger)
            toggleWindow();
    });
    m_icon->show();
}

PriceTray::~PriceTray()
{
    delete m_menu;
}

void PriceTray::setPriceLines(const QStringList& lines)
{
    m_toolTip = trayToolTip(lines);
    if (m_icon)
        m_icon->setToolTip(m_toolTip);
}

void PriceTray::toggleWindow()
{
    if (m_window.isVisible() && !m_window.isMinimized()) {
        m_window.hide();
        return;
    }
    m_window.showNormal();
    m_window.raise();
    m_window.activateWindow();
}

} // namespace oilwatch::ui
