#pragma once

#include "alerts/notifier.h"

#include <QObject>
#include <QPointer>
#include <QString>
#include <QSystemTrayIcon>

namespace oilwatch::ui {

// Desktop notifications through the system tray. Where there is no tray (a bare X server, the offscreen
// platform, some Wayland desktops) it does nothing and says so through available(): the alert history is
// then the only place alerts show up, and the window should say that (AlertHistoryView::setNote()).
class TrayNotifier final : public QObject, public alerts::Notifier
{
    Q_OBJECT
public:
    // How long a notification stays up, where the desktop honours it.
    static constexpr int kShowMs = 10'000;

    // `trayAvailable` is asked of Qt by default; tests pass it. With a tray, the icon is the application's
    // window icon, shown only while notifications are on (it is the notifications' sender).
    explicit TrayNotifier(QObject* parent = nullptr);
    TrayNotifier(bool trayAvailable, QObject* parent);
    // Notifies through an icon someone else shows and owns (the window's PriceTray); null: no tray.
    TrayNotifier(QSystemTrayIcon* sharedIcon, QObject* parent);
    ~TrayNotifier() override;

    bool available() const { return m_icon != nullptr; }
    void notify(const alerts::AlertEvent& event) override;

    // "Desktop notifications are not available here; alerts appear in this table only." or empty.
    QString unavailableNote() const;

    // The last notification shown, for tests; empty when nothing was shown.
    QString lastTitle() const { return m_lastTitle; }
    QString lastBody() const { return m_lastBody; }
    int shownCount() const { return m_shown; }

private:
    QPointer<QSystemTrayIcon> m_icon; // shared icons may go first
    QString m_lastTitle;
    QString m_lastBody;
    int m_shown = 0;
};

// Notification servers (and Qt's own balloon) may read markup in a notification; text from the API is
// data, so angle brackets and ampersands are replaced by look-alikes that no server parses.
QString notificationSafeText(const QString& text);

} // namespace oilwatch::ui
