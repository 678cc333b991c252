#pragma once

#include "chartseriesdata.h"
#include "pricechart.h"
#include "util/lttb.h"
#include "zoomstack.h"

#include <optional>
#include <vector>

#include <QColor>
#include <QList>

class QChart;
class QDateTimeAxis;
class QLineSeries;
class QValueAxis;

namespace oilwatch::ui {

class ChartInteractionView;

// Qt Charts implementation of PriceChart. Prices differ in scale by orders of magnitude (Brent ~75, Henry Hub
// ~3), so by default every series is plotted as percent change since its first point in view: one shared
// axis stays readable, and the legend carries the actual last price. ValueMode::Absolute plots the prices.
//
// Every redraw downsamples what is in view to about one point per pixel of the plot's width with
// util::lttb (extremes kept, gaps never bridged): a year of minute data for ten codes is 5 M points, which
// Qt Charts would take seconds to draw; the chart keeps every point for the crosshair and for zooming in.
class QtChartsPriceChart final : public PriceChart
{
    Q_OBJECT
public:
    // One value under the crosshair: the stored point of a visible series nearest the cursor's time.
    struct CrosshairValue
    {
        QString code;
        QDateTime time; // of the point, not of the cursor
        double price = 0.0;
        double percent = 0.0; // change since the first point in view
    };

    explicit QtChartsPriceChart(QWidget* parent = nullptr);
    ~QtChartsPriceChart() override;

    void addPoint(const QString& code, const QDateTime& time, double price) override;
    void setSeriesLabel(const QString& code, const QString& label) override;
    void setWindow(std::chrono::seconds window) override;
    std::chrono::seconds window() const override { return m_window; }
    void clear() override;
    void clearCode(const QString& code) override;
    void insertGap(const QString& code) override;
    void replaceSeries(const QString& code, const QList<util::SeriesPoint>& points,
        const std::vector<std::size_t>& runStarts) override;
    QStringList codes() const override;
    QPixmap grabImage() override;
    void beginBatch() override;
    void endBatch() override;
    void setThresholdLines(const QString& code, const QList<ThresholdLine>& lines) override;
    void setValueMode(ValueMode mode) override;
    ValueMode valueMode() const override { return m_mode; }
    bool isZoomed() const override { return m_zoom.has_value(); }
    bool canZoomBack() const override { return m_zoomStack.canGoBack(); }
    void zoomBack() override;
    void resetZoom() override;
    void setSeriesVisible(const QString& code, bool visible) override;
    bool isSeriesVisible(const QString& code) const override;

    int pointCount(const QString& code) const override;
    int runCount(const QString& code) const override;
    QList<ThresholdLine> thresholdLines(const QString& code) const override;

    // The line pieces drawn for a code, one QLineSeries per run in view; for tests.
    QList<QLineSeries*> segments(const QString& code) const;
    QString legendText(const QString& code) const;
    // The dashed lines drawn for a code's thresholds, in the order given; for tests.
    QList<QLineSeries*> thresholdSeries(const QString& code) const;
    QChart* chart() const { return m_chart; }
    ChartInteractionView* view() const { return m_view; }
    // The time range in view (the live one when not zoomed).
    TimeRange visibleRange() const;
    // Zooms to [from, to] as a rubber band would (pushes the zoom history); for tests and presets.
    void zoomTo(const TimeRange& range);
    // What the crosshair shows at time `msecs`, visible series only, in legend order.
    QList<CrosshairValue> valuesAt(qint64 msecs) const;
    // Off: every point in view is handed to Qt Charts (the benchmark's reference). On by default.
    void setDownsampling(bool on);
    // Redraws now, batch or not (the benchmark times it).
    void redraw();

protected:
    void changeEvent(QEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    struct Track
    {
        QString code;
        QString label;
        QColor colour;
        ChartSeriesData data;
        bool gapPending = false;
        bool hidden = false;
        double base = 0.0; // the first price in view at the last redraw: the 0 % of percent mode
        QList<ThresholdLine> thresholds;
        std::vector<QLineSeries*> segments;
        std::vector<QLineSeries*> thresholdSeries;

        bool empty() const { return data.empty(); }
        std::size_t size() const { return data.size(); }
    };

    Track& track(const QString& code);
    const Track* findTrack(const QString& code) const;
    void dropOutsideWindow();
    TimeRange liveRange() const;
    void setZoom(std::optional<TimeRange> range, bool push);
    // The points of `t` in `range`, downsampled to `threshold`, one list per run, in axis units. Touches
    // only `t` (its base) and reads settings: safe to run for different tracks on different threads.
    std::vector<QList<QPointF>> pick(Track& t, const TimeRange& range, std::size_t threshold) const;
    // Feeds the picked runs to Qt Charts and widens [low, high] by them unless `t` is hidden.
    void apply(Track& t, const std::vector<QList<QPointF>>& runs, double& low, double& high);
    void rebuildAll();
    void rebuildThresholds(Track& t);
    double toAxis(const Track& t, double price) const;
    void updateTimeAxis(const TimeRange& range);
    void applyTheme();
    void applyPen(QLineSeries* series, const QColor& colour, qsizetype points) const;
    void styleLegendMarker(Track& t);
    QString legendLabel(const Track& t) const;
    QString crosshairText(qint64 msecs) const;
    int plotWidth() const;
    void onWheelZoom(double atValueX, double factor);
    void onPan(double deltaValueX);
    void onRangeSelected(double fromValueX, double toValueX);
    void onHover(double valueX);

    QChart* m_chart = nullptr; // owned by m_view
    ChartInteractionView* m_view = nullptr;
    QDateTimeAxis* m_axisX = nullptr;
    QValueAxis* m_axisY = nullptr;
    std::vector<Track> m_tracks;
    std::chrono::seconds m_window = kDefaultWindow;
    int m_batchDepth = 0;
    ValueMode m_mode = ValueMode::PercentChange;
    std::optional<TimeRange> m_zoom; // unset: follow the live window
    ZoomStack m_zoomStack;
    bool m_downsample = true;
    std::optional<double> m_hoverX; // the crosshair's time while the mouse is over the plot
};

} // namespace oilwatch::ui
