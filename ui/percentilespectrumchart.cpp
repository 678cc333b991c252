#include "percentilespectrumchart.h"

#include "benchchartaxes.h"

#include <algorithm>
#include <cmath>

#include <QLabel>
#include <QtCharts/QCategoryAxis>
#include <QtCharts/QChart>
#include <QtCharts/QLineSeries>
#include <QtCharts/QValueAxis>

namespace oilwatch::ui {

PercentileSpectrumChart::PercentileSpectrumChart(QWidget* parent)
    : ThemedChartWidget(parent)
    , m_axisX(new QCategoryAxis)
    , m_axisY(new QValueAxis)
{
    // The legend floats in the plot's upper left, which a spectrum leaves empty (latency rises to the
    // right), one run a line: above the plot, four run labels would not fit side by side and Qt Charts
    // would cut them short.
    chart()->legend()->setVisible(false);
    m_legend = new QLabel(this);
    m_legend->setObjectName(QStringLiteral("spectrumLegend"));
    m_legend->setTextFormat(Qt::RichText);
    m_legend->setFrameShape(QFrame::StyledPanel);
    m_legend->setMargin(4);
    m_legend->setAutoFillBackground(true);
    m_legend->hide();
    connect(chart(), &QChart::plotAreaChanged, this, &PercentileSpectrumChart::placeLegend);
    // Room on the right for half of the last percentile label, which is centred on the plot's edge.
    chart()->setMargins(QMargins(4, 4, 24, 4));
    m_axisX->setTitleText(QStringLiteral("Percentile"));
    // Labels on the decade lines themselves, not centred between them: they name a point, not a range.
    m_axisX->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    m_axisY->setTitleText(QStringLiteral("Latency (ms)"));
    addAxis(m_axisX, Qt::AlignBottom);
    addAxis(m_axisY, Qt::AlignLeft);
    setCurves({});
}

double PercentileSpectrumChart::xOf(double percentile, int decades)
{
    if (percentile >= 100.0)
        return decades;
    return std::min<double>(decades, std::log10(1.0 / (1.0 - percentile / 100.0)));
}

QString PercentileSpectrumChart::tickLabel(int decade)
{
    if (decade <= 0)
        return QStringLiteral("0%");
    // 100 - 10^(2 - decade): 90, 99, 99.9, ... written with exactly the digits it needs.
    return QStringLiteral("%1%").arg(100.0 - std::pow(10.0, 2 - decade), 0, 'f', std::max(0, decade - 2));
}

void PercentileSpectrumChart::setCurves(const QList<SpectrumCurve>& curves)
{
    for (QLineSeries* series : std::as_const(m_series)) {
        chart()->removeSeries(series);
        delete series;
    }
    m_series.clear();
    m_colours.clear();

    // Enough decades for the deepest finite percentile of any run, within the fixed bounds.
    double deepest = 1.0;
    double highestMs = 0.0;
    for (const SpectrumCurve& c : curves) {
        for (const bench::PercentilePoint& p : c.points) {
            if (p.inverseTail > 0.0)
                deepest = std::max(deepest, p.inverseTail);
            highestMs = std::max(highestMs, p.valueUs / 1000.0);
        }
    }
    m_decades = std::clamp(int(std::ceil(std::log10(deepest) - 1e-9)), kMinDecades, kMaxDecades);

    for (const SpectrumCurve& c : curves) {
        auto* series = new QLineSeries;
        series->setName(c.label);
        QList<QPointF> points;
        points.reserve(c.points.size());
        for (const bench::PercentilePoint& p : c.points)
            points.append(QPointF(xOf(p.percentile, m_decades), p.valueUs / 1000.0));
        series->replace(points);
        chart()->addSeries(series);
        series->attachAxis(m_axisX);
        series->attachAxis(m_axisY);
        m_series.append(series);
        m_colours.append(c.colour);
    }

    for (const QString& label : m_axisX->categoriesLabels())
        m_axisX->remove(label);
    // A category needs a width, so the first one starts a hair below 0 to put "0%" on the axis's left end.
    m_axisX->setStartValue(-1e-6);
    for (int d = 0; d <= m_decades; ++d)
        m_axisX->append(tickLabel(d), d);
    m_axisX->setRange(0.0, m_decades);
    setLatencyAxisRange(m_axisY, highestMs);
    applySeriesStyle();

    QStringList lines;
    for (const SpectrumCurve& c : curves)
        lines.append(QStringLiteral("<span style=\"color:%1\">■</span>&nbsp;%2")
                         .arg(c.colour.name(), c.label.toHtmlEscaped()));
    m_legend->setText(lines.join(QStringLiteral("<br>")));
    m_legend->setVisible(!curves.isEmpty());
    placeLegend();
}

void PercentileSpectrumChart::placeLegend()
{
    m_legend->adjustSize();
    m_legend->move(mapFromChart(chart()->plotArea().topLeft()) + QPoint(10, 10));
    m_legend->raise();
}

QStringList PercentileSpectrumChart::seriesNames() const
{
    QStringList names;
    for (const QLineSeries* series : m_series)
        names.append(series->name());
    return names;
}

double PercentileSpectrumChart::yMaxMs() const
{
    return m_axisY->max();
}

QString PercentileSpectrumChart::legendText() const
{
    return m_legend->isHidden() ? QString() : m_legend->text();
}

QStringList PercentileSpectrumChart::xTickLabels() const
{
    return m_axisX->categoriesLabels();
}

void PercentileSpectrumChart::applySeriesStyle()
{
    if (m_legend) {
        QPalette p = m_legend->palette();
        p.setColor(QPalette::Window, palette().color(QPalette::Base));
        p.setColor(QPalette::WindowText, palette().color(QPalette::Text));
        m_legend->setPalette(p);
    }
    for (qsizetype i = 0; i < m_series.size(); ++i) {
        QPen pen(m_colours[i]);
        pen.setWidthF(2.0);
        pen.setJoinStyle(Qt::RoundJoin);
        m_series[i]->setPen(pen);
    }
}

} // namespace oilwatch::ui
