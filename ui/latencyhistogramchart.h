#pragma once

#include "bench/latencyhistogram.h"
#include "themedchartwidget.h"

#include <QColor>
#include <QList>

class QAreaSeries;
class QLineSeries;
class QValueAxis;

namespace oilwatch::ui {

// How many requests took how long: equal-width bins (LatencyHistogram::linearBins) drawn as a filled step
// outline, latency in milliseconds across, request count up.
class LatencyHistogramChart final : public ThemedChartWidget
{
    Q_OBJECT
public:
    // Fine enough that the body of a run with a long tail still spans several bars.
    static constexpr int kDefaultBins = 120;

    explicit LatencyHistogramChart(QWidget* parent = nullptr);

    void setBins(const QList<bench::HistogramBin>& bins, const QColor& colour);

    // For tests.
    int binCount() const { return m_binCount; }
    qint64 totalCount() const { return m_total; }
    double xMaxMs() const;

protected:
    void applySeriesStyle() override;

private:
    QValueAxis* m_axisX = nullptr;
    QValueAxis* m_axisY = nullptr;
    QLineSeries* m_outline = nullptr; // owned by m_area
    QAreaSeries* m_area = nullptr;
    QColor m_colour;
    int m_binCount = 0;
    qint64 m_total = 0;
};

} // namespace oilwatch::ui
