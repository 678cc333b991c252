#include "latencyhistogramchart.h"

#include "benchchartaxes.h"
#include "theme.h"

#include <algorithm>

#include <QtCharts/QAreaSeries>
#include <QtCharts/QChart>
#include <QtCharts/QLegend>
#include <QtCharts/QLineSeries>
#include <QtCharts/QValueAxis>

namespace oilwatch::ui {

LatencyHistogramChart::LatencyHistogramChart(QWidget* parent)
    : ThemedChartWidget(parent)
    , m_axisX(new QValueAxis)
    , m_axisY(new QValueAxis)
    , m_outline(new QLineSeries)
    , m_area(new QAreaSeries(m_outline))
    , m_colour(seriesColour(0))
{
    // The area series draws the outline but does not own it, and the outline is never added to the chart:
    // without a parent it would outlive the widget (LeakSanitizer found it).
    m_outline->setParent(m_area);
    chart()->legend()->setVisible(false);
    m_axisX->setTitleText(QStringLiteral("Latency (ms)"));
    m_axisY->setTitleText(QStringLiteral("Requests"));
    addAxis(m_axisX, Qt::AlignBottom);
    addAxis(m_axisY, Qt::AlignLeft);
    chart()->addSeries(m_area);
    m_area->attachAxis(m_axisX);
    m_area->attachAxis(m_axisY);
    setBins({}, m_colour);
}

void LatencyHistogramChart::setBins(const QList<bench::HistogramBin>& bins, const QColor& colour)
{
    m_colour = colour;
    m_binCount = int(bins.size());
    m_total = 0;
    qint64 highest = 0;
    QList<QPointF> outline;
    outline.reserve(bins.size() * 2 + 2);
    if (!bins.isEmpty())
        outline.append(QPointF(bins.front().fromUs / 1000.0, 0.0));
    // Two points per bin give flat bar tops; the area under the outline fills the bars.
    for (const bench::HistogramBin& bin : bins) {
        outline.append(QPointF(bin.fromUs / 1000.0, double(bin.count)));
        outline.append(QPointF(bin.toUs / 1000.0, double(bin.count)));
        m_total += bin.count;
        highest = std::max(highest, bin.count);
    }
    if (!bins.isEmpty())
        outline.append(QPointF(bins.back().toUs / 1000.0, 0.0));
    m_outline->replace(outline);

    const double lastMs = bins.isEmpty() ? 1.0 : bins.back().toUs / 1000.0;
    setLatencyAxisRange(m_axisX, lastMs);
    setCountAxisRange(m_axisY, double(highest));
    applySeriesStyle();
}

double LatencyHistogramChart::xMaxMs() const
{
    return m_axisX->max();
}

void LatencyHistogramChart::applySeriesStyle()
{
    if (!m_area)
        return;
    QPen pen(m_colour);
    pen.setWidthF(1.5);
    m_area->setPen(pen);
    QColor fill = m_colour;
    fill.setAlphaF(0.35);
    m_area->setBrush(fill);
}

} // namespace oilwatch::ui
