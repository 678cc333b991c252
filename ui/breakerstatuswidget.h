#pragma once

#include <QColor>
#include <QWidget>

class QLabel;

namespace oilwatch::resilience {
enum class BreakerState;
}

namespace oilwatch::ui {

class BreakerMonitor;

// The status bar's view of one host: breaker state in words and colour, retries in the last minute, requests
// in flight and waiting. Repaints whenever the monitor says something changed.
class BreakerStatusWidget final : public QWidget
{
    Q_OBJECT
public:
    explicit BreakerStatusWidget(BreakerMonitor& monitor, QWidget* parent = nullptr);

    QString stateText() const;
    QColor stateColour() const;
    QString retriesText() const;
    QString loadText() const;

public Q_SLOTS:
    void refresh();

protected:
    void changeEvent(QEvent* event) override;

private:
    BreakerMonitor& m_monitor;
    QLabel* m_state = nullptr;
    QLabel* m_retries = nullptr;
    QLabel* m_load = nullptr;
};

// Green, red, amber or dim, chosen for the palette so it stays readable in light and dark themes.
QColor breakerStateColour(resilience::BreakerState state, const QPalette& palette);

} // namespace oilwatch::ui
