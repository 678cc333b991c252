#include "dashboardstatusbar.h"

#include "badgelabel.h"
#include "displayformat.h"
#include "elidedlabel.h"
#include "theme.h"

#include <QEvent>
#include <QLabel>
#include <QLocale>

namespace oilwatch::ui {

namespace {

QString localTime(const QDateTime& utc)
{
    return utc.toLocalTime().toString(QStringLiteral("hh:mm:ss"));
}

QString oldestAgeLabel(qint64 seconds)
{
    return QStringLiteral("oldest value %1").arg(formatDuration(seconds));
}

void reserveWidth(QLabel* label, const QString& widest)
{
    const QString shown = label->text();
    label->setText(widest);
    label->setMinimumWidth(label->sizeHint().width());
    label->setText(shown);
}

} // namespace

DashboardStatusBar::DashboardStatusBar(QWidget* parent)
    : QStatusBar(parent)
{
    m_offlineBadge = new BadgeLabel(this);
    m_offlineBadge->setObjectName(QStringLiteral("offlineBadge"));
    m_offlineBadge->setText(QStringLiteral("OFFLINE"));
    m_offlineBadge->setTone(BadgeTone::Critical);
    m_offlineBadge->setToolTip(QStringLiteral("The system reports no network connection."));
    m_offlineBadge->setVisible(false);

    // Short, and what the user must not miss: a plain label that never gives way, unlike the warnings.
    m_alerts = new QLabel(this);
    m_alerts->setObjectName(QStringLiteral("statusAlerts"));
    m_alerts->setContentsMargins(8, 0, 8, 0);
    m_alerts->setVisible(false);
    m_warningLabels.append(m_alerts);
    m_settingsWarning = addWarningLabel(QStringLiteral("statusSettingsWarning"));
    m_storageWarning = addWarningLabel(QStringLiteral("statusStorageWarning"));
    m_sharedCache = addWarningLabel(QStringLiteral("statusSharedCache"));

    m_mode = new QLabel(this);
    m_mode->setObjectName(QStringLiteral("statusMode"));

    m_lastSuccess = new QLabel(QStringLiteral("Waiting for first update"), this);
    m_lastSuccess->setObjectName(QStringLiteral("statusLastSuccess"));

    m_lastError = new ElidedLabel(this);
    m_lastError->setObjectName(QStringLiteral("statusLastError"));
    // A long error gives way first, with "…" (its whole text is in the tooltip): the breaker state must stay
    // readable.
    m_lastError->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_lastError->setMinimumWidth(0);

    m_cacheStats = new QLabel(this);
    m_cacheStats->setObjectName(QStringLiteral("statusCacheStats"));
    m_cacheStats->setVisible(false);

    m_oldestAge = new QLabel(this);
    m_oldestAge->setObjectName(QStringLiteral("statusOldestAge"));
    m_oldestAge->setVisible(false);

    for (QLabel* label : {m_lastError, m_lastSuccess, m_mode, m_cacheStats, m_oldestAge})
        label->setContentsMargins(8, 0, 8, 0);
    // Room for the widest text each will show, so the neighbours stay put while the numbers change.
    reserveWidth(m_cacheStats, QStringLiteral("cache 100% hits"));
    reserveWidth(m_oldestAge, oldestAgeLabel(119 * 60));

    const QList<QWidget*> attention
        = {m_offlineBadge, m_alerts, m_settingsWarning, m_storageWarning, m_sharedCache};
    for (QWidget* widget : attention)
        addPermanentWidget(widget);
    addPermanentWidget(m_lastError, 1);
    m_breakerIndex = static_cast<int>(attention.size()) + 1;
    for (QLabel* label : {m_cacheStats, m_oldestAge, m_lastSuccess, m_mode})
        addPermanentWidget(label);
    applyColours();
}

QLabel* DashboardStatusBar::addWarningLabel(const QString& objectName)
{
    // Several warnings and the breaker can share a narrow status bar: a warning gives way with "…" rather
    // than being cut off mid-word, and its tooltip has all of it.
    auto* label = new ElidedLabel(this);
    label->setObjectName(objectName);
    label->setContentsMargins(8, 0, 8, 0);
    label->setVisible(false);
    m_warningLabels.append(label);
    return label;
}

void DashboardStatusBar::setWarning(QLabel* label, const QString& text, const QString& details)
{
    label->setText(text.isEmpty() ? QString() : QStringLiteral("⚠ ") + text);
    label->setToolTip(details.isEmpty() ? text : text + QLatin1Char('\n') + details);
    label->setVisible(!text.isEmpty());
}

QString DashboardStatusBar::shownText(const QLabel* label)
{
    return label->isHidden() ? QString() : label->text();
}

void DashboardStatusBar::setMode(const QString& text, const QString& toolTip)
{
    m_mode->setText(text);
    m_mode->setToolTip(toolTip);
}

QString DashboardStatusBar::modeText() const
{
    return m_mode->text();
}

void DashboardStatusBar::showUpdate(const QDateTime& receivedUtc)
{
    m_lastSuccess->setText(QStringLiteral("Last update ") + localTime(receivedUtc));
    if (!m_lastError->text().isEmpty()) {
        // Keep what went wrong reachable without leaving it shouting in red after recovery.
        m_lastError->setToolTip(QStringLiteral("Recovered. Previous error: ") + m_lastError->text());
        m_lastError->clear();
    }
}

QString DashboardStatusBar::lastSuccessText() const
{
    return m_lastSuccess->text();
}

void DashboardStatusBar::showError(const QDateTime& atUtc, const api::ApiError& error)
{
    m_lastError->setText(QStringLiteral("Error at %1: %2").arg(localTime(atUtc), error.describe()));
    m_lastError->setToolTip(error.excerpt.isEmpty()
            ? m_lastError->text()
            : m_lastError->text() + QLatin1Char('\n') + error.excerpt);
}

QString DashboardStatusBar::lastErrorText() const
{
    return m_lastError->text();
}

void DashboardStatusBar::setSettingsWarning(const QString& text, const QString& details)
{
    setWarning(m_settingsWarning, text, details);
}

QString DashboardStatusBar::settingsWarningText() const
{
    return shownText(m_settingsWarning);
}

QString DashboardStatusBar::settingsWarningDetails() const
{
    return m_settingsWarning->isHidden() ? QString() : m_settingsWarning->toolTip();
}

void DashboardStatusBar::setStorageWarning(const QString& text, const QString& details)
{
    setWarning(m_storageWarning, text, details);
}

QString DashboardStatusBar::storageWarningText() const
{
    return shownText(m_storageWarning);
}

void DashboardStatusBar::setSharedCacheState(SharedCacheState state, const QString& details)
{
    setWarning(m_sharedCache,
        state == SharedCacheState::Down ? QStringLiteral("shared cache down — using local cache") : QString(),
        details);
}

QString DashboardStatusBar::sharedCacheText() const
{
    return shownText(m_sharedCache);
}

void DashboardStatusBar::setAlertsFiring(int firing)
{
    setWarning(m_alerts,
        firing == 0 ? QString()
                    : (firing == 1 ? QStringLiteral("1 alert firing")
                                   : QStringLiteral("%1 alerts firing").arg(firing)),
        QStringLiteral("See View → Alerts"));
}

QString DashboardStatusBar::alertsText() const
{
    return shownText(m_alerts);
}

void DashboardStatusBar::setCacheStats(const cache::CacheStats& stats)
{
    const qint64 lookups = stats.hits + stats.misses;
    m_cacheStats->setVisible(lookups > 0);
    if (lookups <= 0) {
        m_cacheStats->clear();
        return;
    }
    // Rounded down, so a single miss never shows as 100 %.
    const qint64 percent = stats.hits * 100 / lookups;
    m_cacheStats->setText(QStringLiteral("cache %1% hits").arg(percent));
    m_cacheStats->setToolTip(QStringLiteral("%1 hits, %2 misses in %3 lookups (an expired entry counts "
                                            "as a miss)\n%4 entries, %5")
                                 .arg(stats.hits)
                                 .arg(stats.misses)
                                 .arg(lookups)
                                 .arg(stats.entries)
                                 .arg(QLocale::c().formattedDataSize(stats.bytes)));
}

QString DashboardStatusBar::cacheStatsText() const
{
    return shownText(m_cacheStats);
}

void DashboardStatusBar::setOldestAge(
    std::optional<qint64> ageMs, const QString& name, const QDateTime& fetchedAtUtc)
{
    m_oldestAge->setVisible(ageMs.has_value());
    if (!ageMs) {
        m_oldestAge->clear();
        return;
    }
    m_oldestAge->setText(oldestAgeLabel(*ageMs / 1000));
    m_oldestAge->setToolTip(
        QStringLiteral("The oldest value on screen: %1, fetched %2").arg(name, localTime(fetchedAtUtc)));
}

QString DashboardStatusBar::oldestAgeText() const
{
    return shownText(m_oldestAge);
}

void DashboardStatusBar::setOffline(bool offline)
{
    m_offlineBadge->setVisible(offline);
}

bool DashboardStatusBar::isOfflineShown() const
{
    return !m_offlineBadge->isHidden();
}

void DashboardStatusBar::addBreakerStatus(QWidget* widget)
{
    insertPermanentWidget(m_breakerIndex, widget);
}

void DashboardStatusBar::changeEvent(QEvent* event)
{
    QStatusBar::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && m_lastError)
        applyColours();
}

void DashboardStatusBar::applyColours()
{
    QPalette p = m_lastError->palette();
    p.setColor(QPalette::WindowText, errorColour(palette()));
    m_lastError->setPalette(p);
    for (QLabel* label : std::as_const(m_warningLabels)) {
        QPalette warning = label->palette();
        warning.setColor(QPalette::WindowText, warningColour(palette()));
        label->setPalette(warning);
    }
}

} // namespace oilwatch::ui
