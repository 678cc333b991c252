#pragma once

#include "bench/latencyhistogram.h"
#include "themedchartwidget.h"

#include <QColor>
#include <QList>
#include <QString>
#include <QStringList>

class QCategoryAxis;
class QLabel;
class QLineSeries;
class QValueAxis;

namespace oilwatch::ui {

// One run's curve on the spectrum.
struct SpectrumCurve
{
    QString label;
    QColor colour;
    QList<bench::PercentilePoint> points;
};

// Latency against percentile the way the HdrHistogram plotter draws it: the x axis is log10 of 1/(1-p), so
// 90 %, 99 %, 99.9 % ... are equally spaced and the tail gets the room; y is the latency in milliseconds.
// Several runs overlay in their own colours, named in the legend.
class PercentileSpectrumChart final : public ThemedChartWidget
{
    Q_OBJECT
public:
    static constexpr int kMinDecades = 2; // always shows up to 99 %
    static constexpr int kMaxDecades = 6; // 99.9999 %: beyond it a run rarely has a value

    explicit PercentileSpectrumChart(QWidget* parent = nullptr);

    void setCurves(const QList<SpectrumCurve>& curves);

    // Where a percentile (0..100) lies on the x axis: log10(1 / (1 - p)); the 100 % point is put at the
    // right end of the axis.
    static double xOf(double percentile, int decades);
    // "0%", "90%", "99%", "99.9%", ... for 0, 1, 2, 3 ...
    static QString tickLabel(int decade);

    // For tests.
    int seriesCount() const { return int(m_series.size()); }
    QStringList seriesNames() const;
    int decades() const { return m_decades; }
    double yMaxMs() const;
    QStringList xTickLabels() const;
    QString legendText() const;

protected:
    void applySeriesStyle() override;

private:
    void placeLegend();

    QCategoryAxis* m_axisX = nullptr;
    QValueAxis* m_axisY = nullptr;
    QList<QLineSeries*> m_series;
    QList<QColor> m_colours;
    QLabel* m_legend = nullptr;
    int m_decades = kMinDecades;
};

} // namespace oilwatch::ui
