#pragma once

#include "util/lttb.h"

#include <chrono>
#include <vector>

#include <QDateTime>
#include <QList>
#include <QPixmap>
#include <QString>
#include <QStringList>
#include <QWidget>

namespace oilwatch::ui {

// A horizontal line at a price of one code, e.g. an alert rule's threshold (Grafana draws thresholds as
// dashed lines on a time series).
struct ThresholdLine
{
    double price = 0.0; // in the code's own price, like addPoint()
    QString label; // for the legend, e.g. "Brent high: above 80"; plain text
    friend bool operator==(const ThresholdLine&, const ThresholdLine&) = default;
};

// How the value axis reads: percent change since the first point in view (codes of very different scale
// share one axis), or the prices themselves.
enum class ValueMode
{
    PercentChange,
    Absolute
};

// The only chart interface the rest of the UI sees. Qt Charts is deprecated from Qt 6.10; when it goes,
// a new implementation of this class and a change in createPriceChart() are all that is needed.
class PriceChart : public QWidget
{
    Q_OBJECT
public:
    static constexpr std::chrono::seconds kDefaultWindow {15 * 60};

    using QWidget::QWidget;

    // Points are expected in time order per code; points older than the window (measured back from the
    // newest point of any series) are dropped, so memory stays bounded however long the app runs.
    virtual void addPoint(const QString& code, const QDateTime& time, double price) = 0;
    virtual void setSeriesLabel(const QString& code, const QString& label) = 0;
    virtual void setWindow(std::chrono::seconds window) = 0;
    virtual std::chrono::seconds window() const = 0;
    virtual void clear() = 0;
    // Replaces a code's points with a loaded history (x: ms since the epoch, oldest first), a new run
    // starting at each index of `runStarts` (a gap before it). Points already drawn after the last loaded one
    // (live prices that came in while it loaded) are kept after it. Then the window applies as for
    // addPoint().
    virtual void replaceSeries(const QString& code, const QList<util::SeriesPoint>& points,
        const std::vector<std::size_t>& runStarts)
        = 0;
    // Every code the chart has a series for, in legend order.
    virtual QStringList codes() const = 0;
    // Forgets one code's points (its series stays, empty).
    virtual void clearCode(const QString& code) = 0;
    // The next point of this code starts a new line: missing data must never be drawn as a straight bridge.
    virtual void insertGap(const QString& code) = 0;
    virtual QPixmap grabImage() = 0;
    // Between these, points and gaps are recorded but the chart is redrawn once, at the outermost
    // endBatch(): filling it from hours of history must not redraw it for every point.
    virtual void beginBatch() = 0;
    virtual void endBatch() = 0;
    // Replaces the code's threshold lines; an empty list removes them. They are drawn dashed in the code's
    // colour across the whole time range, and the value range grows to show them: a threshold the user
    // set is worth the space. A code with no point in the window has nothing to place them against, so
    // they appear with its first point. Non-finite prices are ignored.
    virtual void setThresholdLines(const QString& code, const QList<ThresholdLine>& lines) = 0;

    // Interactive view (zoom with the wheel or a rubber band, pan by dragging; see ChartInteractionView).
    // While zoomed the time range stays where the user put it; unzoomed it follows the newest point.
    virtual void setValueMode(ValueMode mode) = 0;
    virtual ValueMode valueMode() const = 0;
    virtual bool isZoomed() const = 0;
    virtual bool canZoomBack() const = 0;
    // One step back in the zoom history; the last step back returns to the live view.
    virtual void zoomBack() = 0;
    // Back to the live view, history forgotten.
    virtual void resetZoom() = 0;
    // A hidden series keeps its points and its legend entry (dimmed; clicking it shows it again) and does
    // not count for the value axis or the crosshair.
    virtual void setSeriesVisible(const QString& code, bool visible) = 0;
    virtual bool isSeriesVisible(const QString& code) const = 0;

    // For tests and diagnostics.
    virtual int pointCount(const QString& code) const = 0;
    // Number of contiguous runs (unbroken line pieces) of a code currently in the window.
    virtual int runCount(const QString& code) const = 0;
    virtual QList<ThresholdLine> thresholdLines(const QString& code) const = 0;

Q_SIGNALS:
    // The zoom state changed (isZoomed(), canZoomBack()): toolbars enable Back and Reset from it.
    void zoomChanged();
    void seriesVisibilityChanged(const QString& code, bool visible);
    void valueModeChanged(oilwatch::ui::ValueMode mode);
};

// Creates the chart implementation in use (Qt Charts today).
PriceChart* createPriceChart(QWidget* parent = nullptr);

} // namespace oilwatch::ui
