#pragma once

#include "api/apierror.h"
#include "cache/pricecache.h"

#include <optional>

#include <QDateTime>
#include <QList>
#include <QStatusBar>

class QLabel;

namespace oilwatch::ui {

class BadgeLabel;

// The optional shared (Redis) cache, as far as the window needs to know.
enum class SharedCacheState
{
    NotConfigured,
    Up,
    Down, // configured but unreachable: the local cache carries on alone
};

// The dashboard's status bar: what needs attention, the last error, the pipeline's state, the cache, the
// data's age, the last update and where the data comes from. It only shows what it is told; the window
// decides when. Left to right: the Offline badge, the alerts count and the warnings (each hidden while it
// has nothing to say), the last error (which takes the free space and gives way first, with "…"), the
// breaker (addBreakerStatus), the cache's hit ratio, the oldest value's age, the last update and the mode.
// Every label keeps the object name the tests and the screenshots find it by.
class DashboardStatusBar final : public QStatusBar
{
    Q_OBJECT
public:
    explicit DashboardStatusBar(QWidget* parent = nullptr);

    // Where the data comes from: "Simulator", "Live · host", "Demo (limited)".
    void setMode(const QString& text, const QString& toolTip = {});
    QString modeText() const;
    // A value arrived: "Last update hh:mm:ss" (local time), and an error shown so far gives way, kept in the
    // tooltip.
    void showUpdate(const QDateTime& receivedUtc);
    QString lastSuccessText() const;
    // "Error at hh:mm:ss: <what>" until the next update; the body's excerpt, if any, in the tooltip.
    void showError(const QDateTime& atUtc, const api::ApiError& error);
    QString lastErrorText() const;
    // Warnings: an empty text hides one. Each stays until replaced, with the details in its tooltip.
    void setSettingsWarning(const QString& text, const QString& details = {});
    QString settingsWarningText() const;
    QString settingsWarningDetails() const; // the tooltip: the why behind the short text
    void setStorageWarning(const QString& text, const QString& details = {});
    QString storageWarningText() const;
    // Says so only when the shared cache is configured and down; nothing when it is not configured.
    void setSharedCacheState(SharedCacheState state, const QString& details = {});
    QString sharedCacheText() const;
    // "N alerts firing", hidden at 0.
    void setAlertsFiring(int firing);
    QString alertsText() const;
    // The hit ratio, counts in the tooltip; hidden until the first lookup.
    void setCacheStats(const cache::CacheStats& stats);
    QString cacheStatsText() const; // empty while hidden
    // The oldest value on screen: its age, and which one it is in the tooltip; hidden with no value.
    void setOldestAge(
        std::optional<qint64> ageMs, const QString& name = {}, const QDateTime& fetchedAtUtc = {});
    QString oldestAgeText() const; // empty while hidden
    void setOffline(bool offline);
    bool isOfflineShown() const;
    // The pipeline's breaker and limiter, right after the error.
    void addBreakerStatus(QWidget* widget);

protected:
    void changeEvent(QEvent* event) override;

private:
    QLabel* addWarningLabel(const QString& objectName);
    static void setWarning(QLabel* label, const QString& text, const QString& details);
    static QString shownText(const QLabel* label);
    void applyColours();

    BadgeLabel* m_offlineBadge = nullptr;
    QLabel* m_alerts = nullptr;
    QLabel* m_settingsWarning = nullptr;
    QLabel* m_storageWarning = nullptr;
    QLabel* m_sharedCache = nullptr;
    QLabel* m_lastError = nullptr;
    QLabel* m_cacheStats = nullptr;
    QLabel* m_oldestAge = nullptr;
    QLabel* m_lastSuccess = nullptr;
    QLabel* m_mode = nullptr;
    QList<QLabel*> m_warningLabels;
    int m_breakerIndex = 0;
};

} // namespace oilwatch::ui
