#include "qtchartspricechart.h"

#include "chartstyle.h"
#include "displayformat.h"
#include "theme.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <QEvent>
#include <QVBoxLayout>
#include <QtCharts/QChart>
#include <QtCharts/QChartView>
#include <QtCharts/QDateTimeAxis>
#include <QtCharts/QLegend>
#include <QtCharts/QLegendMarker>
#include <QtCharts/QLineSeries>
#include <QtCharts/QValueAxis>

namespace oilwatch::ui {

namespace {

constexpr qint64 kMinVisibleSpanMs = 60'000;
constexpr double kMinPercentSpan = 0.1;

} // namespace

PriceChart* createPriceChart(QWidget* parent)
{
    return new QtChartsPriceChart(parent);
}

QtChartsPriceChart::QtChartsPriceChart(QWidget* parent)
    : PriceChart(parent)
    , m_chart(new QChart)
    // The view must own the chart before axes are added: QChartView::setChart() on a chart that already has
    // axes but no series leaves the bottom axis out of the layout in Qt 6.4.
    , m_view(new QChartView(m_chart, this))
    , m_axisX(new QDateTimeAxis)
    , m_axisY(new QValueAxis)
{
    prepareChart(m_chart, m_view);
    m_chart->legend()->setVisible(true);
    m_chart->legend()->setAlignment(Qt::AlignRight);

    m_axisX->setFormat(QStringLiteral("hh:mm:ss"));
    m_axisX->setTickCount(6);
    m_axisX->setTitleText(QStringLiteral("Local time"));
    m_axisY->setLabelFormat(QStringLiteral("%+.2f"));
    m_axisY->setTitleText(QStringLiteral("% change since window start"));
    m_chart->addAxis(m_axisX, Qt::AlignBottom);
    m_chart->addAxis(m_axisY, Qt::AlignLeft);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view);

    applyTheme();
    updateAxes();
}

QtChartsPriceChart::~QtChartsPriceChart() = default;

QtChartsPriceChart::Track& QtChartsPriceChart::track(const QString& code)
{
    auto it = std::find_if(m_tracks.begin(), m_tracks.end(), [&](const Track& t) { return t.code == code; });
    if (it != m_tracks.end())
        return *it;
    Track t;
    t.code = code;
    t.label = code;
    t.colour = seriesColour(m_tracks.size());
    m_tracks.push_back(std::move(t));
    return m_tracks.back();
}

const QtChartsPriceChart::Track* QtChartsPriceChart::findTrack(const QString& code) const
{
    auto it = std::find_if(m_tracks.begin(), m_tracks.end(), [&](const Track& t) { return t.code == code; });
    return it == m_tracks.end() ? nullptr : &*it;
}

void QtChartsPriceChart::addPoint(const QString& code, const QDateTime& time, double price)
{
    if (!time.isValid() || !std::isfinite(price))
        return;
    Track& t = track(code);
    const qint64 msecs = time.toMSecsSinceEpoch();
    // An out-of-order point would fold the line back on itself; the feed never sends one, so drop it.
    if (!t.samples.empty() && msecs < t.samples.back().msecs)
        return;
    t.samples.push_back(Sample {msecs, price, t.gapPending});
    t.gapPending = false;
    if (m_batchDepth > 0)
        return;
    dropOutsideWindow();
    rebuildAll();
}

void QtChartsPriceChart::beginBatch()
{
    ++m_batchDepth;
}

void QtChartsPriceChart::endBatch()
{
    if (m_batchDepth == 0 || --m_batchDepth > 0)
        return;
    dropOutsideWindow();
    rebuildAll();
}

void QtChartsPriceChart::setSeriesLabel(const QString& code, const QString& label)
{
    Track& t = track(code);
    t.label = label;
    if (!t.segments.empty())
        t.segments.front()->setName(legendLabel(t));
}

void QtChartsPriceChart::setWindow(std::chrono::seconds window)
{
    m_window = std::max(window, std::chrono::seconds {1});
    dropOutsideWindow();
    rebuildAll();
}

void QtChartsPriceChart::clear()
{
    for (Track& t : m_tracks) {
        t.samples.clear();
        t.gapPending = false;
    }
    rebuildAll();
}

void QtChartsPriceChart::clearCode(const QString& code)
{
    Track& t = track(code);
    t.samples.clear();
    t.gapPending = false;
    if (m_batchDepth == 0)
        rebuildAll();
}

void QtChartsPriceChart::insertGap(const QString& code)
{
    Track& t = track(code);
    // A gap before the first point means nothing: there is no line to break yet.
    if (!t.samples.empty())
        t.gapPending = true;
}

QPixmap QtChartsPriceChart::grabImage()
{
    // A hidden widget has not laid out its children yet; do it now so the grab is not of a default-sized
    // view.
    if (QLayout* l = layout())
        l->activate();
    return grab();
}

void QtChartsPriceChart::setThresholdLines(const QString& code, const QList<ThresholdLine>& lines)
{
    Track& t = track(code);
    t.thresholds.clear();
    for (const ThresholdLine& line : lines) {
        if (std::isfinite(line.price))
            t.thresholds.append(line);
    }
    if (m_batchDepth == 0)
        rebuildAll();
}

QList<ThresholdLine> QtChartsPriceChart::thresholdLines(const QString& code) const
{
    const Track* t = findTrack(code);
    return t ? t->thresholds : QList<ThresholdLine>();
}

QList<QLineSeries*> QtChartsPriceChart::thresholdSeries(const QString& code) const
{
    const Track* t = findTrack(code);
    return t ? QList<QLineSeries*>(t->thresholdSeries.begin(), t->thresholdSeries.end())
             : QList<QLineSeries*>();
}

int QtChartsPriceChart::pointCount(const QString& code) const
{
    const Track* t = findTrack(code);
    return t ? static_cast<int>(t->samples.size()) : 0;
}

int QtChartsPriceChart::runCount(const QString& code) const
{
    const Track* t = findTrack(code);
    return t ? static_cast<int>(runsOf(*t).size()) : 0;
}

QList<QLineSeries*> QtChartsPriceChart::segments(const QString& code) const
{
    const Track* t = findTrack(code);
    return t ? QList<QLineSeries*>(t->segments.begin(), t->segments.end()) : QList<QLineSeries*>();
}

QString QtChartsPriceChart::legendText(const QString& code) const
{
    const Track* t = findTrack(code);
    return t ? legendLabel(*t) : QString();
}

void QtChartsPriceChart::changeEvent(QEvent* event)
{
    PriceChart::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        applyTheme();
}

void QtChartsPriceChart::dropOutsideWindow()
{
    qint64 newest = std::numeric_limits<qint64>::min();
    for (const Track& t : m_tracks) {
        if (!t.samples.empty())
            newest = std::max(newest, t.samples.back().msecs);
    }
    if (newest == std::numeric_limits<qint64>::min())
        return;
    const qint64 cutoff = newest - std::chrono::duration_cast<std::chrono::milliseconds>(m_window).count();
    for (Track& t : m_tracks) {
        while (!t.samples.empty() && t.samples.front().msecs < cutoff)
            t.samples.pop_front();
    }
}

std::vector<QList<QPointF>> QtChartsPriceChart::runsOf(const Track& t)
{
    std::vector<QList<QPointF>> runs;
    if (t.samples.empty())
        return runs;
    for (const Sample& s : t.samples) {
        if (runs.empty() || s.startsRun)
            runs.emplace_back();
        runs.back().append(QPointF(static_cast<qreal>(s.msecs), percentOf(t, s.price)));
    }
    return runs;
}

double QtChartsPriceChart::percentOf(const Track& t, double price)
{
    const double base = t.samples.empty() ? 0.0 : t.samples.front().price;
    return base != 0.0 ? (price - base) / std::abs(base) * 100.0 : 0.0;
}

void QtChartsPriceChart::rebuildThresholds(Track& t)
{
    // Placed in percent of the code's first price in the window, like its line; without one there is no
    // place for them yet.
    const qsizetype wanted = t.samples.empty() ? 0 : t.thresholds.size();
    while (qsizetype(t.thresholdSeries.size()) > wanted) {
        QLineSeries* series = t.thresholdSeries.back();
        t.thresholdSeries.pop_back();
        m_chart->removeSeries(series);
        delete series;
    }
    while (qsizetype(t.thresholdSeries.size()) < wanted) {
        auto* series = new QLineSeries;
        m_chart->addSeries(series);
        series->attachAxis(m_axisX);
        series->attachAxis(m_axisY);
        t.thresholdSeries.push_back(series);
    }
    const qreal left = static_cast<qreal>(m_axisX->min().toMSecsSinceEpoch());
    const qreal right = static_cast<qreal>(m_axisX->max().toMSecsSinceEpoch());
    for (qsizetype i = 0; i < wanted; ++i) {
        QLineSeries* series = t.thresholdSeries[std::size_t(i)];
        const double y = percentOf(t, t.thresholds[i].price);
        series->replace(QList<QPointF> {QPointF(left, y), QPointF(right, y)});
        QPen pen(t.colour);
        pen.setWidthF(1.5);
        pen.setStyle(Qt::DashLine);
        series->setPen(pen);
        // The legend draws names as rich text; the label is data.
        series->setName(t.thresholds[i].label.toHtmlEscaped());
    }
}

void QtChartsPriceChart::rebuild(Track& t)
{
    const std::vector<QList<QPointF>> runs = runsOf(t);
    while (t.segments.size() > runs.size()) {
        QLineSeries* series = t.segments.back();
        t.segments.pop_back();
        m_chart->removeSeries(series);
        delete series;
    }
    while (t.segments.size() < runs.size()) {
        auto* series = new QLineSeries;
        m_chart->addSeries(series);
        series->attachAxis(m_axisX);
        series->attachAxis(m_axisY);
        t.segments.push_back(series);
    }
    for (std::size_t i = 0; i < runs.size(); ++i) {
        QLineSeries* series = t.segments[i];
        series->replace(runs[i]);
        applyPen(series, t.colour, runs[i].size());
        series->setName(legendLabel(t));
        // One legend entry per code: the later pieces of a broken line share the first piece's entry.
        const QList<QLegendMarker*> markers = m_chart->legend()->markers(series);
        for (QLegendMarker* marker : markers)
            marker->setVisible(i == 0);
    }
}

void QtChartsPriceChart::rebuildAll()
{
    for (Track& t : m_tracks)
        rebuild(t);
    updateAxes();
    // After the axes: the lines span the time range just set.
    for (Track& t : m_tracks)
        rebuildThresholds(t);
}

void QtChartsPriceChart::applyPen(QLineSeries* series, const QColor& colour, qsizetype points) const
{
    QPen pen(colour);
    pen.setWidthF(2.0);
    // Round joins: the default bevel leaves visible notches at every point of a 2 px line.
    pen.setJoinStyle(Qt::RoundJoin);
    pen.setCapStyle(Qt::RoundCap);
    series->setPen(pen);
    series->setColor(colour);
    // A run of a single point has no line to draw; a marker keeps it visible.
    series->setPointsVisible(points == 1);
}

QString QtChartsPriceChart::legendLabel(const Track& t) const
{
    if (t.samples.empty())
        return t.label;
    const double last = t.samples.back().price;
    const double base = t.samples.front().price;
    const double percent = base != 0.0 ? (last - base) / std::abs(base) * 100.0 : 0.0;
    return QStringLiteral("%1  %2  (%3%4%)")
        .arg(t.label, formatNumber(last, priceDecimals(last)), percent >= 0 ? QStringLiteral("+") : QString(),
            QString::number(percent, 'f', 2));
}

void QtChartsPriceChart::updateAxes()
{
    qint64 newest = std::numeric_limits<qint64>::min();
    qint64 oldest = std::numeric_limits<qint64>::max();
    double low = 0.0;
    double high = 0.0;
    for (const Track& t : m_tracks) {
        for (const QList<QPointF>& run : runsOf(t)) {
            for (const QPointF& p : run) {
                low = std::min(low, p.y());
                high = std::max(high, p.y());
            }
        }
        if (!t.samples.empty()) {
            for (const ThresholdLine& line : t.thresholds) {
                low = std::min(low, percentOf(t, line.price));
                high = std::max(high, percentOf(t, line.price));
            }
            newest = std::max(newest, t.samples.back().msecs);
            oldest = std::min(oldest, t.samples.front().msecs);
        }
    }
    if (newest == std::numeric_limits<qint64>::min()) {
        newest = QDateTime::currentMSecsSinceEpoch();
        oldest = newest;
    }
    // A fresh chart with two points a few seconds apart would otherwise stretch them across the whole width.
    oldest = std::min(oldest, newest - kMinVisibleSpanMs);
    m_axisX->setRange(QDateTime::fromMSecsSinceEpoch(oldest), QDateTime::fromMSecsSinceEpoch(newest));

    const double pad = std::max((high - low) * 0.1, kMinPercentSpan / 2);
    m_axisY->setRange(low - pad, high + pad);
    m_axisY->applyNiceNumbers(); // ticks at 0.5, 1, 2 ... instead of arbitrary values like 1.96
}

void QtChartsPriceChart::applyTheme()
{
    // setTheme() resets series pens and axis fonts, so pens are re-applied afterwards.
    applyChartPalette(m_chart, {m_axisX, m_axisY}, palette());
    for (Track& t : m_tracks) {
        for (QLineSeries* series : t.segments)
            applyPen(series, t.colour, series->count());
        rebuildThresholds(t);
    }
}

} // namespace oilwatch::ui
