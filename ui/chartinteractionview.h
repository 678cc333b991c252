#pragma once

#include <QPoint>
#include <QtCharts/QChartView>

class QGraphicsLineItem;
class QGraphicsRectItem;
class QGraphicsSimpleTextItem;
class QRubberBand;

namespace oilwatch::ui {

// The mouse side of the price chart: turns wheel, drags and hover inside the plot area into requests in
// axis values (milliseconds on the time axis), and draws what the owner decides to show (a crosshair with
// its text). It keeps no zoom state of its own, so the chart stays the one place that knows the range.
//
// Gestures, as in most charting tools (Grafana, TradingView):
// - wheel: zoom the time axis around the cursor, one notch = kWheelStep;
// - left drag: pan;
// - right drag or Shift + left drag: rubber band over a time span, zoom to it on release;
// - hover: crosshair.
// A press outside the plot area goes to Qt Charts as usual, so legend markers stay clickable.
class ChartInteractionView final : public QChartView
{
    Q_OBJECT
public:
    // What one wheel notch (120 units) keeps of the span: 0.8 = zoom in by a fifth.
    static constexpr double kWheelStep = 0.8;

    explicit ChartInteractionView(QChart* chart, QWidget* parent = nullptr);

    // Draws a vertical line at time `valueX` across the plot area with `text` in a box beside it.
    void showCrosshair(double valueX, const QString& text);
    void hideCrosshair();
    bool isCrosshairVisible() const;
    QString crosshairText() const;
    bool isRubberBandVisible() const;

Q_SIGNALS:
    // Zoom the time axis by `factor` (< 1 zooms in) keeping `atValueX` under the cursor.
    void wheelZoomRequested(double atValueX, double factor);
    // A pan gesture begins (one entry on the zoom stack per gesture, not per mouse move).
    void panStarted();
    // Move the visible range by `deltaValueX` milliseconds (positive: later).
    void panRequested(double deltaValueX);
    void rangeSelected(double fromValueX, double toValueX);
    void hoverMoved(double valueX);
    void hoverLeft();

protected:
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void leaveEvent(QEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    enum class Drag
    {
        None,
        Pan,
        Band
    };

    double valueXAt(const QPoint& viewportPos) const;
    bool inPlotArea(const QPoint& viewportPos) const;
    QRect bandRect(const QPoint& a, const QPoint& b) const;
    void placeCrosshair();

    Drag m_drag = Drag::None;
    bool m_panning = false; // the drag went beyond the start distance
    QPoint m_pressPos;
    QPoint m_lastPos;
    QRubberBand* m_band = nullptr;
    QGraphicsLineItem* m_line = nullptr;
    QGraphicsRectItem* m_box = nullptr;
    QGraphicsSimpleTextItem* m_text = nullptr;
    double m_crosshairX = 0.0;
};

} // namespace oilwatch::ui
