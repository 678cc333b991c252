#include "benchlivechart.h"

#include "benchchartaxes.h"
#include "secondsdownsampler.h"
#include "theme.h"

#include <algorithm>

#include <QtCharts/QChart>
#include <QtCharts/QLegend>
#include <QtCharts/QLineSeries>
#include <QtCharts/QValueAxis>

namespace oilwatch::ui {

namespace {

constexpr int kMinVisibleSeconds = 10;

} // namespace

BenchLiveChart::BenchLiveChart(QWidget* parent)
    : ThemedChartWidget(parent)
    , m_axisX(new QValueAxis)
    , m_axisLatency(new QValueAxis)
    , m_axisRate(new QValueAxis)
{
    chart()->legend()->setVisible(true);
    chart()->legend()->setAlignment(Qt::AlignTop);
    m_axisX->setTitleText(QStringLiteral("Seconds into the measured phase"));
    m_axisLatency->setTitleText(QStringLiteral("Latency (ms)"));
    m_axisRate->setTitleText(QStringLiteral("Requests / s"));
    addAxis(m_axisX, Qt::AlignBottom);
    addAxis(m_axisLatency, Qt::AlignLeft);
    addAxis(m_axisRate, Qt::AlignRight);
    m_p50 = addLine(QStringLiteral("p50"), m_axisLatency);
    m_p95 = addLine(QStringLiteral("p95"), m_axisLatency);
    m_p99 = addLine(QStringLiteral("p99"), m_axisLatency);
    m_throughput = addLine(QStringLiteral("Throughput"), m_axisRate);
    m_errors = addLine(QStringLiteral("Errors / s"), m_axisRate);
    applySeriesStyle();

    m_refresh.setSingleShot(true);
    m_refresh.setInterval(kRefreshIntervalMs);
    connect(&m_refresh, &QTimer::timeout, this, &BenchLiveChart::refreshNow);
    refreshNow();
}

QLineSeries* BenchLiveChart::addLine(const QString& name, QValueAxis* axis)
{
    auto* series = new QLineSeries;
    series->setName(name);
    chart()->addSeries(series);
    series->attachAxis(m_axisX);
    series->attachAxis(axis);
    return series;
}

void BenchLiveChart::appendSeconds(const QList<bench::SecondSample>& seconds)
{
    if (seconds.isEmpty())
        return;
    m_seconds.append(seconds);
    // Coalesces bursts of progress into one redraw per interval.
    if (!m_refresh.isActive())
        m_refresh.start();
}

void BenchLiveChart::setSeconds(const QList<bench::SecondSample>& seconds)
{
    m_seconds = seconds;
    m_refresh.stop();
    refreshNow();
}

void BenchLiveChart::clear()
{
    setSeconds({});
}

int BenchLiveChart::drawnPointCount() const
{
    return int(m_throughput->count());
}

int BenchLiveChart::maxDrawnPoints() const
{
    // One point every three pixels is as dense as a line can usefully get.
    return std::max(60, width() / 3);
}

void BenchLiveChart::refreshNow()
{
    m_refresh.stop();
    const QList<bench::SecondSample> shown = downsampleSeconds(m_seconds, maxDrawnPoints());
    QList<QPointF> p50, p95, p99, throughput, errors;
    for (QList<QPointF>* line : {&p50, &p95, &p99, &throughput, &errors})
        line->reserve(shown.size());
    double highestMs = 0.0;
    double highestRate = 0.0;
    for (const bench::SecondSample& s : shown) {
        // A second's requests completed during it, so the point is drawn at its end.
        const double x = s.second + 1.0;
        p50.append(QPointF(x, s.p50Us / 1000.0));
        p95.append(QPointF(x, s.p95Us / 1000.0));
        p99.append(QPointF(x, s.p99Us / 1000.0));
        throughput.append(QPointF(x, double(s.requests)));
        errors.append(QPointF(x, double(s.errors)));
        highestMs = std::max(highestMs, s.p99Us / 1000.0);
        highestRate = std::max(highestRate, double(std::max(s.requests, s.errors)));
    }
    m_p50->replace(p50);
    m_p95->replace(p95);
    m_p99->replace(p99);
    m_throughput->replace(throughput);
    m_errors->replace(errors);

    const int lastSecond = m_seconds.isEmpty() ? 0 : m_seconds.back().second + 1;
    setSecondsAxisRange(m_axisX, std::max(lastSecond, kMinVisibleSeconds));
    setLatencyAxisRange(m_axisLatency, highestMs);
    setCountAxisRange(m_axisRate, highestRate);
}

void BenchLiveChart::resizeEvent(QResizeEvent* event)
{
    ThemedChartWidget::resizeEvent(event);
    // The density limit depends on the width.
    if (!m_refresh.isActive())
        m_refresh.start();
}

void BenchLiveChart::applySeriesStyle()
{
    if (!m_errors)
        return;
    const auto style = [](QLineSeries* series, const QColor& colour, qreal width, Qt::PenStyle dash) {
        QPen pen(colour);
        pen.setWidthF(width);
        pen.setStyle(dash);
        pen.setJoinStyle(Qt::RoundJoin);
        series->setPen(pen);
    };
    style(m_p50, seriesColour(0), 2.0, Qt::SolidLine);
    style(m_p95, seriesColour(1), 2.0, Qt::SolidLine);
    style(m_p99, seriesColour(4), 2.0, Qt::SolidLine);
    // Rates are on the other axis: dashed, so the two families are told apart without reading the legend.
    style(m_throughput, seriesColour(2), 2.0, Qt::DashLine);
    style(m_errors, errorColour(palette()), 2.0, Qt::DashLine);
}

} // namespace oilwatch::ui
