#pragma once

#include "resilience/resiliencesettings.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QTableView;
class QTabWidget;

namespace oilwatch::ui {

class BreakerMonitor;
class ResilienceEventModel;
class ResilienceSettingsForm;

// Everything about the resilience pipeline in one place: the host's breaker with its user controls, the
// timeline of events and the settings. Reads and acts only through the BreakerMonitor.
class ResiliencePanel final : public QWidget
{
    Q_OBJECT
public:
    ResiliencePanel(
        BreakerMonitor& monitor, const resilience::ResilienceSettings& running, QWidget* parent = nullptr);

    ResilienceEventModel* eventModel() const { return m_model; }
    ResilienceSettingsForm* settingsForm() const { return m_form; }
    QTableView* timeline() const { return m_timeline; }
    QString breakerText() const;

public Q_SLOTS:
    void refresh();

protected:
    void changeEvent(QEvent* event) override;

private:
    QWidget* buildBreakerRow();

    BreakerMonitor& m_monitor;
    ResilienceEventModel* m_model = nullptr;
    ResilienceSettingsForm* m_form = nullptr;
    QTableView* m_timeline = nullptr;
    QTabWidget* m_pages = nullptr;
    QLabel* m_breakerState = nullptr;
    QLabel* m_breakerMetrics = nullptr;
    QPushButton* m_forceOpen = nullptr;
    QPushButton* m_disable = nullptr;
    QPushButton* m_reset = nullptr;
};

} // namespace oilwatch::ui
