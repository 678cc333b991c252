#include "chartinteractionview.h"

#include <cmath>

#include <QApplication>
#include <QGraphicsLineItem>
#include <QGraphicsRectItem>
#include <QGraphicsSimpleTextItem>
#include <QMouseEvent>
#include <QPen>
#include <QRubberBand>
#include <QWheelEvent>
#include <QtCharts/QChart>

namespace oilwatch::ui {

namespace {

constexpr int kBoxPadding = 6;
constexpr int kBoxOffset = 12; // from the line to the box

} // namespace

ChartInteractionView::ChartInteractionView(QChart* chart, QWidget* parent)
    : QChartView(chart, parent)
    , m_band(new QRubberBand(QRubberBand::Rectangle, viewport()))
    , m_line(new QGraphicsLineItem(chart))
    , m_box(new QGraphicsRectItem(chart))
    , m_text(new QGraphicsSimpleTextItem(m_box))
{
    setMouseTracking(true);
    viewport()->setMouseTracking(true);
    setRubberBand(QChartView::NoRubberBand); // ours: Qt's zooms the axes behind the chart's back
    // Above the series (z 0 to a few).
    m_line->setZValue(20);
    m_box->setZValue(21);
    hideCrosshair();
}

double ChartInteractionView::valueXAt(const QPoint& viewportPos) const
{
    const QPointF inChart = chart()->mapFromScene(mapToScene(viewportPos));
    return chart()->mapToValue(inChart).x();
}

bool ChartInteractionView::inPlotArea(const QPoint& viewportPos) const
{
    return chart()->plotArea().contains(chart()->mapFromScene(mapToScene(viewportPos)));
}

QRect ChartInteractionView::bandRect(const QPoint& a, const QPoint& b) const
{
    // The band spans the plot's full height: only time is zoomed, the value axis fits what is shown.
    const QRectF plot = chart()->mapToScene(chart()->plotArea()).boundingRect();
    const QRect plotInView = mapFromScene(plot).boundingRect();
    const int left = std::clamp(std::min(a.x(), b.x()), plotInView.left(), plotInView.right());
    const int right = std::clamp(std::max(a.x(), b.x()), plotInView.left(), plotInView.right());
    return QRect(QPoint(left, plotInView.top()), QPoint(right, plotInView.bottom()));
}

void ChartInteractionView::mousePressEvent(QMouseEvent* event)
{
    const QPoint pos = event->position().toPoint();
    if (!inPlotArea(pos)) {
        QChartView::mousePressEvent(event); // the legend
        return;
    }
    m_pressPos = m_lastPos = pos;
    m_panning = false;
    const bool band = event->button() == Qt::RightButton
        || (event->button() == Qt::LeftButton && event->modifiers().testFlag(Qt::ShiftModifier));
    if (band) {
        m_drag = Drag::Band;
        m_band->setGeometry(bandRect(pos, pos));
        m_band->show();
    } else if (event->button() == Qt::LeftButton) {
        m_drag = Drag::Pan;
    }
    event->accept();
}

void ChartInteractionView::mouseMoveEvent(QMouseEvent* event)
{
    const QPoint pos = event->position().toPoint();
    switch (m_drag) {
    case Drag::Band:
        m_band->setGeometry(bandRect(m_pressPos, pos));
        event->accept();
        return;
    case Drag::Pan:
        if (!m_panning && (pos - m_pressPos).manhattanLength() >= QApplication::startDragDistance()) {
            m_panning = true;
            Q_EMIT panStarted();
        }
        if (m_panning && pos != m_lastPos) {
            // Both ends mapped with the range as it is now: the difference is the move in time.
            const double delta = valueXAt(m_lastPos) - valueXAt(pos);
            m_lastPos = pos;
            Q_EMIT panRequested(delta);
        }
        event->accept();
        return;
    case Drag::None:
        break;
    }
    if (inPlotArea(pos))
        Q_EMIT hoverMoved(valueXAt(pos));
    else
        Q_EMIT hoverLeft();
    QChartView::mouseMoveEvent(event);
}

void ChartInteractionView::mouseReleaseEvent(QMouseEvent* event)
{
    const Drag drag = std::exchange(m_drag, Drag::None);
    if (drag == Drag::None) {
        QChartView::mouseReleaseEvent(event);
        return;
    }
    if (drag == Drag::Band) {
        const QRect rect = bandRect(m_pressPos, event->position().toPoint());
        m_band->hide();
        // A click or a sliver is not a selection.
        if (rect.width() >= QApplication::startDragDistance())
            Q_EMIT rangeSelected(valueXAt(rect.topLeft()), valueXAt(rect.topRight()));
    }
    event->accept();
}

void ChartInteractionView::wheelEvent(QWheelEvent* event)
{
    const QPoint pos = event->position().toPoint();
    const int delta = event->angleDelta().y();
    if (!inPlotArea(pos) || delta == 0) {
        event->ignore();
        return;
    }
    Q_EMIT wheelZoomRequested(valueXAt(pos), std::pow(kWheelStep, delta / 120.0));
    event->accept();
}

void ChartInteractionView::leaveEvent(QEvent* event)
{
    Q_EMIT hoverLeft();
    QChartView::leaveEvent(event);
}

void ChartInteractionView::resizeEvent(QResizeEvent* event)
{
    QChartView::resizeEvent(event);
    if (m_line->isVisible())
        placeCrosshair();
}

void ChartInteractionView::showCrosshair(double valueX, const QString& text)
{
    m_crosshairX = valueX;
    m_text->setText(text);
    m_text->setBrush(palette().color(QPalette::ToolTipText));
    // A little translucent: the box sits over the top of the plot, and the lines under it stay visible.
    QColor base = palette().color(QPalette::ToolTipBase);
    base.setAlpha(215);
    m_box->setBrush(base);
    m_box->setPen(QPen(palette().color(QPalette::Mid)));
    QPen linePen(palette().color(QPalette::Text));
    linePen.setStyle(Qt::DotLine);
    m_line->setPen(linePen);
    m_line->show();
    m_box->show();
    placeCrosshair();
}

void ChartInteractionView::placeCrosshair()
{
    const QRectF plot = chart()->plotArea();
    const double x = chart()->mapToPosition(QPointF(m_crosshairX, 0)).x();
    m_line->setLine(x, plot.top(), x, plot.bottom());
    const QRectF textRect = m_text->boundingRect();
    const QSizeF boxSize(textRect.width() + 2 * kBoxPadding, textRect.height() + 2 * kBoxPadding);
    // Right of the line, or left of it when there is no room: the box never leaves the plot.
    double left = x + kBoxOffset;
    if (left + boxSize.width() > plot.right())
        left = x - kBoxOffset - boxSize.width();
    left = std::max(left, plot.left());
    m_box->setRect(0, 0, boxSize.width(), boxSize.height());
    m_box->setPos(left, plot.top() + kBoxPadding);
    m_text->setPos(kBoxPadding, kBoxPadding);
}

void ChartInteractionView::hideCrosshair()
{
    m_line->hide();
    m_box->hide();
    m_text->setText({});
}

bool ChartInteractionView::isCrosshairVisible() const
{
    return m_line->isVisible();
}

QString ChartInteractionView::crosshairText() const
{
    return m_text->text();
}

bool ChartInteractionView::isRubberBandVisible() const
{
    return m_band->isVisible();
}

} // namespace oilwatch::ui
