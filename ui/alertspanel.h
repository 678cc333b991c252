#pragma once

#include <QWidget>

class QTabWidget;

namespace oilwatch::alerts {
class AlertEngine;
class AlertRuleStore;
} // namespace oilwatch::alerts

class QSystemTrayIcon;

namespace oilwatch::ui {

class AlertHistoryModel;
class AlertHistoryView;
class AlertRulesEditor;
class TrayNotifier;

// The Alerts tab: the rules editor beside the history of alert transitions, and desktop notifications
// through the tray. Saved rules go to the engine at once; what the engine reports lands in the history, the
// tray and firingCountChanged(). It shows and edits; it never sends a request.
class AlertsPanel final : public QWidget
{
    Q_OBJECT
public:
    // The engine and the store must outlive the panel. `codes` are offered for new rules. Notifications go
    // through `trayIcon` (the window's, see PriceTray); none means the desktop has no tray.
    AlertsPanel(alerts::AlertEngine& engine, const alerts::AlertRuleStore& store, const QStringList& codes,
        QSystemTrayIcon* trayIcon, QWidget* parent = nullptr);
    ~AlertsPanel() override;

    AlertRulesEditor* editor() const { return m_editor; }
    AlertHistoryView* history() const { return m_history; }
    TrayNotifier* notifier() const { return m_notifier; }
    // The history is shown first.
    void showRules();
    // How many rules are firing now.
    int firingCount() const { return m_firing; }

Q_SIGNALS:
    void firingCountChanged(int count);

private:
    void countFiring();

    alerts::AlertEngine& m_engine;
    QTabWidget* m_pages = nullptr;
    AlertHistoryModel* m_model = nullptr;
    AlertHistoryView* m_history = nullptr;
    AlertRulesEditor* m_editor = nullptr;
    TrayNotifier* m_notifier = nullptr;
    int m_firing = 0;
};

} // namespace oilwatch::ui
