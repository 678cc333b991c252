#pragma once

#include <QObject>
#include <QString>
#include <QStringList>

class QMenu;
class QSystemTrayIcon;
class QWidget;

namespace oilwatch::ui {

// The tray icon of a window that watches prices all day: its tooltip lists the watched prices with their
// freshness, a click shows or hides the window, and its menu refreshes or quits. Where there is no tray
// (the offscreen platform, a bare X server, some Wayland desktops) there is no icon: available() says so,
// and the window must not hide into a tray that does not exist. The same icon carries the alert
// notifications (TrayNotifier), so the desktop shows one OilWatch icon, not two.
class PriceTray final : public QObject
{
    Q_OBJECT
public:
    // Tooltips are cut by most desktops after a few lines; more codes than this end with "and N more".
    static constexpr int kMaxTooltipLines = 12;

    // `trayAvailable` is asked of Qt by default; tests pass it.
    explicit PriceTray(QWidget& window);
    PriceTray(QWidget& window, bool trayAvailable);
    ~PriceTray() override;

    bool available() const { return m_icon != nullptr; }
    QSystemTrayIcon* icon() const { return m_icon; }
    QMenu* menu() const { return m_menu; }

    // One line per watched code, in the watchlist's order, e.g. "Brent Crude  $74.52 / barrel · 12 s ago".
    void setPriceLines(const QStringList& lines);
    QString toolTip() const { return m_toolTip; }

    // What a click on the icon does: a hidden or minimised window comes back to the front, a visible one
    // goes to the tray.
    void toggleWindow();

Q_SIGNALS:
    void refreshRequested();
    void quitRequested();

private:
    QWidget& m_window;
    QSystemTrayIcon* m_icon = nullptr;
    QMenu* m_menu = nullptr;
    QString m_toolTip;
};

// The tooltip for these price lines: the app's name, then at most kMaxTooltipLines lines.
QString trayToolTip(const QStringList& lines);

} // namespace oilwatch::ui
