#include "traynotifier.h"

#include <QGuiApplication>
#include <QIcon>
#include <QSystemTrayIcon>

namespace oilwatch::ui {

QString notificationSafeText(const QString& text)
{
    QString out = text;
    out.replace(QLatin1Char('<'), QChar(0x2039)); // ‹
    out.replace(QLatin1Char('>'), QChar(0x203A)); // ›
    out.replace(QLatin1Char('&'), QChar(0xFF06)); // ＆
    return out;
}

TrayNotifier::TrayNotifier(QObject* parent)
    : TrayNotifier(QSystemTrayIcon::isSystemTrayAvailable(), parent)
{ }

TrayNotifier::TrayNotifier(bool trayAvailable, QObject* parent)
    : QObject(parent)
{
    if (!trayAvailable)
        return;
    m_icon = new QSystemTrayIcon(this);
    QIcon icon = QGuiApplication::windowIcon();
    if (icon.isNull())
        icon = QIcon::fromTheme(QStringLiteral("dialog-information"));
    m_icon->setIcon(icon);
    m_icon->setToolTip(QStringLiteral("OilWatch alerts"));
    m_icon->show();
}

TrayNotifier::TrayNotifier(QSystemTrayIcon* sharedIcon, QObject* parent)
    : QObject(parent)
    , m_icon(sharedIcon)
{ }

TrayNotifier::~TrayNotifier() = default;

void TrayNotifier::notify(const alerts::AlertEvent& event)
{
    if (!m_icon)
        return;
    m_lastTitle = notificationSafeText(alerts::notificationTitle(event));
    m_lastBody = notificationSafeText(alerts::notificationBody(event));
    const auto kind
        = event.to == alerts::AlertState::Firing ? QSystemTrayIcon::Warning : QSystemTrayIcon::Information;
    m_icon->showMessage(m_lastTitle, m_lastBody, kind, kShowMs);
    ++m_shown;
}

QString TrayNotifier::unavailableNote() const
{
    if (m_icon)
        return {};
    return QStringLiteral(
        "Desktop notifications are not available here (no system tray); alerts appear in this "
        "table only.");
}

} // namespace oilwatch::ui
