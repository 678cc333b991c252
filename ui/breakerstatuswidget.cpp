#include "breakerstatuswidget.h"

#include "breakermonitor.h"
#include "theme.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>

namespace oilwatch::ui {

using resilience::BreakerState;

QColor breakerStateColour(BreakerState state, const QPalette& palette)
{
    switch (state) {
    case BreakerState::Closed:
        return upColour(palette);
    case BreakerState::Open:
    case BreakerState::ForcedOpen:
        return errorColour(palette);
    case BreakerState::HalfOpen:
        return warningColour(palette);
    case BreakerState::Disabled:
        break;
    }
    // Disabled protects nothing and reports nothing: neither healthy green nor alarming red.
    return dimTextColour(palette);
}

BreakerStatusWidget::BreakerStatusWidget(BreakerMonitor& monitor, QWidget* parent)
    : QWidget(parent)
    , m_monitor(monitor)
{
    setObjectName(QStringLiteral("breakerStatus"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);

    m_state = new QLabel(this);
    m_state->setObjectName(QStringLiteral("breakerState"));
    m_retries = new QLabel(this);
    m_retries->setObjectName(QStringLiteral("breakerRetries"));
    m_retries->setToolTip(QStringLiteral("Retries scheduled for this host in the last 60 seconds"));
    m_load = new QLabel(this);
    m_load->setObjectName(QStringLiteral("breakerLoad"));
    m_load->setToolTip(QStringLiteral("Requests to this host being sent now, and waiting for a free slot"));
    for (QLabel* label : {m_state, m_retries, m_load}) {
        label->setContentsMargins(5, 0, 5, 0);
        layout->addWidget(label);
    }

    connect(&m_monitor, &BreakerMonitor::changed, this, &BreakerStatusWidget::refresh);
    refresh();
}

void BreakerStatusWidget::refresh()
{
    const BreakerSnapshot s = m_monitor.snapshot();
    m_state->setText(QStringLiteral("● ") + breakerStatusText(s));
    m_state->setToolTip(QStringLiteral("Circuit breaker for %1. In its window: %2 calls, %3 failed; %4 "
                                       "consecutive failures.")
                            .arg(s.host)
                            .arg(s.calls)
                            .arg(s.failures)
                            .arg(s.consecutiveFailures));
    QPalette p = m_state->palette();
    p.setColor(QPalette::WindowText, breakerStateColour(s.state, palette()));
    m_state->setPalette(p);
    m_retries->setText(QStringLiteral("Retries (1 min): %1").arg(s.retriesLastMinute));
    m_load->setText(QStringLiteral("In flight %1 · waiting %2").arg(s.inFlight).arg(s.waiting));
}

void BreakerStatusWidget::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && m_state)
        refresh();
}

QString BreakerStatusWidget::stateText() const
{
    return m_state->text();
}

QColor BreakerStatusWidget::stateColour() const
{
    return m_state->palette().color(QPalette::WindowText);
}

QString BreakerStatusWidget::retriesText() const
{
    return m_retries->text();
}

QString BreakerStatusWidget::loadText() const
{
    return m_load->text();
}

} // namespace oilwatch::ui
