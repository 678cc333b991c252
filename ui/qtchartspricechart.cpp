#include "qtchartspricechart.h"

#include "chartinteractionview.h"
#include "chartstyle.h"
#include "displayformat.h"
#include "theme.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <thread>

#include <QEvent>
#include <QVBoxLayout>
#include <QtCharts/QChart>
#include <QtCharts/QDateTimeAxis>
#include <QtCharts/QLegend>
#include <QtCharts/QLegendMarker>
#include <QtCharts/QLineSeries>
#include <QtCharts/QValueAxis>

namespace oilwatch::ui {

namespace {

constexpr qint64 kMinVisibleSpanMs = 60'000;
// The narrowest zoom: below a second the time axis has nothing left to label.
constexpr qint64 kMinZoomSpanMs = 1'000;
constexpr double kMinPercentSpan = 0.1;
// Below this many stored points a second thread costs more than it saves.
constexpr std::size_t kParallelPickPoints = 200'000;

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
    , m_view(new ChartInteractionView(m_chart, this))
    , m_axisX(new QDateTimeAxis)
    , m_axisY(new QValueAxis)
{
    m_view->setObjectName(QStringLiteral("priceChartView"));
    prepareChart(m_chart, m_view);
    m_chart->legend()->setVisible(true);
    m_chart->legend()->setAlignment(Qt::AlignRight);

    m_axisX->setFormat(QStringLiteral("hh:mm:ss"));
    m_axisX->setTickCount(6);
    m_axisX->setTitleText(QStringLiteral("Local time"));
    m_axisY->setLabelFormat(QStringLiteral("%+.2f"));
    m_axisY->setTitleText(QStringLiteral("% change since first point in view"));
    m_chart->addAxis(m_axisX, Qt::AlignBottom);
    m_chart->addAxis(m_axisY, Qt::AlignLeft);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view);

    connect(m_view, &ChartInteractionView::wheelZoomRequested, this, &QtChartsPriceChart::onWheelZoom);
    connect(m_view, &ChartInteractionView::panStarted, this, [this] {
        m_zoomStack.push(m_zoom);
        if (!m_zoom)
            m_zoom = liveRange();
        Q_EMIT zoomChanged();
    });
    connect(m_view, &ChartInteractionView::panRequested, this, &QtChartsPriceChart::onPan);
    connect(m_view, &ChartInteractionView::rangeSelected, this, &QtChartsPriceChart::onRangeSelected);
    connect(m_view, &ChartInteractionView::hoverMoved, this, &QtChartsPriceChart::onHover);
    connect(m_view, &ChartInteractionView::hoverLeft, this, [this] {
        m_hoverX.reset();
        m_view->hideCrosshair();
    });

    applyTheme();
    rebuildAll();
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
    // An out-of-order point would fold the line back on itself; the feed never sends one, so it is dropped.
    if (!t.data.append({static_cast<double>(time.toMSecsSinceEpoch()), price}, t.gapPending))
        return;
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

void QtChartsPriceChart::redraw()
{
    rebuildAll();
}

void QtChartsPriceChart::setDownsampling(bool on)
{
    m_downsample = on;
    if (m_batchDepth == 0)
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
        t.data.clear();
        t.gapPending = false;
    }
    rebuildAll();
}

void QtChartsPriceChart::clearCode(const QString& code)
{
    Track& t = track(code);
    t.data.clear();
    t.gapPending = false;
    if (m_batchDepth == 0)
        rebuildAll();
}

void QtChartsPriceChart::insertGap(const QString& code)
{
    Track& t = track(code);
    // A gap before the first point means nothing: there is no line to break yet.
    if (!t.empty())
        t.gapPending = true;
}

void QtChartsPriceChart::replaceSeries(
    const QString& code, const QList<util::SeriesPoint>& points, const std::vector<std::size_t>& runStarts)
{
    Track& t = track(code);
    t.data.replace(std::vector<util::SeriesPoint>(points.begin(), points.end()), runStarts);
    t.gapPending = false;
    if (m_batchDepth > 0)
        return;
    dropOutsideWindow();
    rebuildAll();
}

QStringList QtChartsPriceChart::codes() const
{
    QStringList result;
    for (const Track& t : m_tracks)
        result << t.code;
    return result;
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

void QtChartsPriceChart::setValueMode(ValueMode mode)
{
    if (mode == m_mode)
        return;
    m_mode = mode;
    m_axisY->setLabelFormat(
        mode == ValueMode::PercentChange ? QStringLiteral("%+.2f") : QStringLiteral("%.2f"));
    m_axisY->setTitleText(mode == ValueMode::PercentChange
            ? QStringLiteral("% change since first point in view")
            : QStringLiteral("Price"));
    rebuildAll();
    Q_EMIT valueModeChanged(mode);
}

void QtChartsPriceChart::zoomTo(const TimeRange& range)
{
    onRangeSelected(static_cast<double>(range.from), static_cast<double>(range.to));
}

void QtChartsPriceChart::zoomBack()
{
    if (!m_zoomStack.canGoBack())
        return;
    m_zoom = m_zoomStack.pop();
    rebuildAll();
    Q_EMIT zoomChanged();
}

void QtChartsPriceChart::resetZoom()
{
    const bool changed = m_zoom.has_value() || m_zoomStack.canGoBack();
    m_zoomStack.clear();
    m_zoom.reset();
    rebuildAll();
    if (changed)
        Q_EMIT zoomChanged();
}

void QtChartsPriceChart::setZoom(std::optional<TimeRange> range, bool push)
{
    if (push)
        m_zoomStack.push(m_zoom);
    m_zoom = range;
    rebuildAll();
    Q_EMIT zoomChanged();
}

void QtChartsPriceChart::setSeriesVisible(const QString& code, bool visible)
{
    Track& t = track(code);
    if (t.hidden == !visible)
        return;
    t.hidden = !visible;
    rebuildAll();
    Q_EMIT seriesVisibilityChanged(code, visible);
}

bool QtChartsPriceChart::isSeriesVisible(const QString& code) const
{
    const Track* t = findTrack(code);
    return !t || !t->hidden;
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
    return t ? static_cast<int>(t->size()) : 0;
}

int QtChartsPriceChart::runCount(const QString& code) const
{
    const Track* t = findTrack(code);
    return t ? t->data.runCount() : 0;
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

void QtChartsPriceChart::resizeEvent(QResizeEvent* event)
{
    PriceChart::resizeEvent(event);
    // The view lays the chart out on its own resize; the downsampling follows the new plot width after it.
    QMetaObject::invokeMethod(
        this,
        [this] {
            if (m_batchDepth == 0)
                rebuildAll();
        },
        Qt::QueuedConnection);
}

int QtChartsPriceChart::plotWidth() const
{
    const int plot = static_cast<int>(m_chart->plotArea().width());
    // Before the first layout the plot area is empty: the widget's width is the best guess.
    return plot > 16 ? plot : std::max(200, width() - 120);
}

void QtChartsPriceChart::dropOutsideWindow()
{
    double newest = -std::numeric_limits<double>::infinity();
    for (const Track& t : m_tracks) {
        if (!t.empty())
            newest = std::max(newest, t.data.last().x);
    }
    if (!std::isfinite(newest))
        return;
    const double cutoff = newest
        - static_cast<double>(std::chrono::duration_cast<std::chrono::milliseconds>(m_window).count());
    for (Track& t : m_tracks)
        t.data.dropBefore(cutoff);
}

TimeRange QtChartsPriceChart::liveRange() const
{
    double newest = -std::numeric_limits<double>::infinity();
    double oldest = std::numeric_limits<double>::infinity();
    for (const Track& t : m_tracks) {
        if (!t.empty()) {
            newest = std::max(newest, t.data.last().x);
            oldest = std::min(oldest, t.data.first().x);
        }
    }
    TimeRange range;
    if (!std::isfinite(newest)) {
        range.to = QDateTime::currentMSecsSinceEpoch();
        range.from = range.to;
    } else {
        range.to = static_cast<qint64>(newest);
        range.from = static_cast<qint64>(oldest);
    }
    // A fresh chart with two points a few seconds apart would otherwise stretch them across the whole width.
    range.from = std::min(range.from, range.to - kMinVisibleSpanMs);
    return range;
}

TimeRange QtChartsPriceChart::visibleRange() const
{
    return m_zoom ? *m_zoom : liveRange();
}

double QtChartsPriceChart::toAxis(const Track& t, double price) const
{
    if (m_mode == ValueMode::Absolute)
        return price;
    return t.base != 0.0 ? (price - t.base) / std::abs(t.base) * 100.0 : 0.0;
}

std::vector<QList<QPointF>> QtChartsPriceChart::pick(
    Track& t, const TimeRange& range, std::size_t threshold) const
{
    const auto [i0, i1] = t.data.inRange(double(range.from), double(range.to));
    if (i0 < i1)
        t.base = t.data.at(i0).y;
    else if (!t.empty())
        t.base = t.data.first().y;
    std::vector<QList<QPointF>> runs;
    for (const std::vector<util::SeriesPoint>& run :
        t.data.pick(double(range.from), double(range.to), threshold, m_downsample)) {
        QList<QPointF>& line = runs.emplace_back();
        line.reserve(qsizetype(run.size()));
        for (const util::SeriesPoint& p : run)
            line.append(QPointF(p.x, toAxis(t, p.y)));
    }
    return runs;
}

void QtChartsPriceChart::apply(Track& t, const std::vector<QList<QPointF>>& runs, double& low, double& high)
{
    if (!t.hidden) {
        for (const QList<QPointF>& run : runs) {
            for (const QPointF& p : run) {
                low = std::min(low, p.y());
                high = std::max(high, p.y());
            }
        }
    }
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
        const QString code = t.code;
        for (QLegendMarker* marker : m_chart->legend()->markers(series)) {
            connect(marker, &QLegendMarker::clicked, this,
                [this, code] { setSeriesVisible(code, !isSeriesVisible(code)); });
        }
        t.segments.push_back(series);
    }
    for (std::size_t i = 0; i < runs.size(); ++i) {
        QLineSeries* series = t.segments[i];
        series->replace(runs[i]);
        applyPen(series, t.colour, runs[i].size());
        series->setName(legendLabel(t));
        series->setVisible(!t.hidden);
    }
    styleLegendMarker(t);
}

void QtChartsPriceChart::styleLegendMarker(Track& t)
{
    // One legend entry per code: the later pieces of a broken line share the first piece's entry. A hidden
    // code keeps its entry, dimmed, so that it can be clicked back on.
    for (std::size_t i = 0; i < t.segments.size(); ++i) {
        const QList<QLegendMarker*> markers = m_chart->legend()->markers(t.segments[i]);
        for (QLegendMarker* marker : markers) {
            marker->setVisible(i == 0);
            QColor text = palette().color(QPalette::Text);
            QColor swatch = t.colour;
            if (t.hidden) {
                text.setAlphaF(0.4);
                swatch.setAlphaF(0.25);
            }
            marker->setLabelBrush(text);
            marker->setBrush(swatch);
            marker->setPen(QPen(swatch));
        }
    }
}

void QtChartsPriceChart::rebuildThresholds(Track& t)
{
    // Placed like the code's line; a code with no point in view or hidden has no place for them.
    const bool placed = !t.hidden && !t.segments.empty();
    const qsizetype wanted = placed ? t.thresholds.size() : 0;
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
        const double y = toAxis(t, t.thresholds[i].price);
        series->replace(QList<QPointF> {QPointF(left, y), QPointF(right, y)});
        QPen pen(t.colour);
        pen.setWidthF(1.5);
        pen.setStyle(Qt::DashLine);
        series->setPen(pen);
        // The legend draws names as rich text; the label is data.
        series->setName(t.thresholds[i].label.toHtmlEscaped());
    }
}

void QtChartsPriceChart::updateTimeAxis(const TimeRange& range)
{
    // Labels as fine as the span needs: seconds for the live quarter hour, dates for a year.
    const qint64 span = range.span();
    const qint64 hour = 3'600'000;
    QString format = QStringLiteral("hh:mm:ss");
    if (span > 60 * 24 * hour)
        format = QStringLiteral("yyyy-MM-dd");
    else if (span > 2 * 24 * hour)
        format = QStringLiteral("MM-dd hh:mm");
    else if (span > 2 * hour)
        format = QStringLiteral("hh:mm");
    m_axisX->setFormat(format);
    m_axisX->setRange(QDateTime::fromMSecsSinceEpoch(range.from), QDateTime::fromMSecsSinceEpoch(range.to));
}

void QtChartsPriceChart::rebuildAll()
{
    const TimeRange range = visibleRange();
    updateTimeAxis(range);
    double low = std::numeric_limits<double>::infinity();
    double high = -std::numeric_limits<double>::infinity();
    // Picking the points is pure work on each code's own data: with millions of points (a year of minutes
    // for ten codes) it is split over two threads, which halves the redraw's largest part on a second core.
    // Qt Charts is then fed on this thread.
    const std::size_t threshold = static_cast<std::size_t>(plotWidth());
    std::vector<std::vector<QList<QPointF>>> picked(m_tracks.size());
    const auto pickEvery = [&](std::size_t first) {
        for (std::size_t i = first; i < m_tracks.size(); i += 2)
            picked[i] = pick(m_tracks[i], range, threshold);
    };
    std::size_t stored = 0;
    for (const Track& t : m_tracks)
        stored += t.size();
    if (stored >= kParallelPickPoints && m_tracks.size() > 1 && std::thread::hardware_concurrency() > 1) {
        std::thread helper(pickEvery, 1);
        pickEvery(0);
        helper.join();
    } else {
        pickEvery(0);
        pickEvery(1);
    }
    for (std::size_t i = 0; i < m_tracks.size(); ++i)
        apply(m_tracks[i], picked[i], low, high);
    for (const Track& t : m_tracks) {
        if (t.hidden || t.segments.empty())
            continue;
        for (const ThresholdLine& line : t.thresholds) {
            low = std::min(low, toAxis(t, line.price));
            high = std::max(high, toAxis(t, line.price));
        }
    }
    if (m_mode == ValueMode::PercentChange) {
        // 0 % is every line's start: always on the axis.
        low = std::min(low, 0.0);
        high = std::max(high, 0.0);
        const double pad = std::max((high - low) * 0.1, kMinPercentSpan / 2);
        m_axisY->setRange(low - pad, high + pad);
    } else if (low <= high) {
        const double pad = std::max((high - low) * 0.1, std::max(std::abs(high), 1.0) * 0.0005);
        m_axisY->setRange(low - pad, high + pad);
    } else {
        m_axisY->setRange(0.0, 1.0);
    }
    m_axisY->applyNiceNumbers(); // ticks at 0.5, 1, 2 ... instead of arbitrary values like 1.96
    // After the axes: the lines span the time range just set.
    for (Track& t : m_tracks)
        rebuildThresholds(t);
    if (m_hoverX)
        onHover(*m_hoverX);
}

void QtChartsPriceChart::applyPen(QLineSeries* series, const QColor& colour, qsizetype points) const
{
    QPen pen(colour);
    pen.setWidthF(2.0);
    // Qt Charts draws a solid line segment by segment, so the caps are what joins them. Round caps where
    // points are far apart: square or flat ones leave visible notches at every point of a 2 px line. Where
    // there is a point every pixel or two (a downsampled long range) no notch can be seen, and round caps
    // would be most of the redraw's cost (an arc at both ends of every segment).
    const bool sparse = points * 3 <= plotWidth();
    pen.setJoinStyle(sparse ? Qt::RoundJoin : Qt::BevelJoin);
    pen.setCapStyle(sparse ? Qt::RoundCap : Qt::SquareCap);
    if (series->pen() != pen)
        series->setPen(pen);
    if (series->color() != colour)
        series->setColor(colour);
    // A run of a single point has no line to draw; a marker keeps it visible.
    series->setPointsVisible(points == 1);
}

QString QtChartsPriceChart::legendLabel(const Track& t) const
{
    if (t.empty())
        return t.label;
    const double last = t.data.last().y;
    const double base = t.base != 0.0 ? t.base : t.data.first().y;
    const double percent = base != 0.0 ? (last - base) / std::abs(base) * 100.0 : 0.0;
    return QStringLiteral("%1  %2  (%3%4%)")
        .arg(t.label, formatNumber(last, priceDecimals(last)), percent >= 0 ? QStringLiteral("+") : QString(),
            QString::number(percent, 'f', 2));
}

QList<QtChartsPriceChart::CrosshairValue> QtChartsPriceChart::valuesAt(qint64 msecs) const
{
    const TimeRange range = visibleRange();
    QList<CrosshairValue> values;
    for (const Track& t : m_tracks) {
        if (t.hidden || t.empty())
            continue;
        const auto [begin, end] = t.data.inRange(double(range.from), double(range.to));
        if (begin == end)
            continue;
        // The stored point nearest the cursor: the one after it or the one before, whichever is closer.
        std::size_t it = t.data.inRange(double(msecs), double(range.to)).first;
        if (it == end
            || (it != begin && double(msecs) - t.data.at(it - 1).x <= t.data.at(it).x - double(msecs)))
            --it;
        const util::SeriesPoint& nearest = t.data.at(it);
        const double first = t.data.at(begin).y;
        CrosshairValue value;
        value.code = t.code;
        value.time = QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(nearest.x));
        value.price = nearest.y;
        value.percent = first != 0.0 ? (nearest.y - first) / std::abs(first) * 100.0 : 0.0;
        values.append(value);
    }
    return values;
}

QString QtChartsPriceChart::crosshairText(qint64 msecs) const
{
    const QList<CrosshairValue> values = valuesAt(msecs);
    if (values.isEmpty())
        return {};
    const QDateTime cursor = QDateTime::fromMSecsSinceEpoch(msecs);
    QStringList lines {cursor.toString(QStringLiteral("yyyy-MM-dd hh:mm:ss"))};
    for (const CrosshairValue& v : values) {
        const Track* t = findTrack(v.code);
        const QString when = v.time.date() == cursor.date()
            ? v.time.toString(QStringLiteral("hh:mm:ss"))
            : v.time.toString(QStringLiteral("MM-dd hh:mm:ss"));
        lines << QStringLiteral("%1  %2  (%3%4%)  at %5")
                     .arg(t ? t->label : v.code, formatNumber(v.price, priceDecimals(v.price)),
                         v.percent >= 0 ? QStringLiteral("+") : QString(), QString::number(v.percent, 'f', 2),
                         when);
    }
    return lines.join(QLatin1Char('\n'));
}

void QtChartsPriceChart::onHover(double valueX)
{
    m_hoverX = valueX;
    const QString text = crosshairText(static_cast<qint64>(std::llround(valueX)));
    if (text.isEmpty())
        m_view->hideCrosshair();
    else
        m_view->showCrosshair(valueX, text);
}

void QtChartsPriceChart::onWheelZoom(double atValueX, double factor)
{
    const TimeRange current = visibleRange();
    const TimeRange live = liveRange();
    double from = atValueX - (atValueX - double(current.from)) * factor;
    double to = atValueX + (double(current.to) - atValueX) * factor;
    if (to - from < double(kMinZoomSpanMs))
        return;
    if (factor > 1.0) {
        // Zooming out stops at the data: past it there is nothing to see, so it is the live view again.
        from = std::max(from, double(live.from));
        to = std::min(to, double(live.to));
        if (from <= double(live.from) && to >= double(live.to)) {
            if (m_zoom)
                setZoom(std::nullopt, true);
            return;
        }
    }
    setZoom(TimeRange {static_cast<qint64>(from), static_cast<qint64>(to)}, true);
}

void QtChartsPriceChart::onPan(double deltaValueX)
{
    if (!m_zoom)
        return;
    const TimeRange live = liveRange();
    TimeRange moved = *m_zoom;
    qint64 delta = static_cast<qint64>(std::llround(deltaValueX));
    // Not past the data at either end (a range wider than the data stays put).
    if (moved.span() < live.span()) {
        delta = std::clamp(delta, live.from - moved.from, live.to - moved.to);
    } else {
        delta = 0;
    }
    moved.from += delta;
    moved.to += delta;
    m_zoom = moved;
    rebuildAll();
}

void QtChartsPriceChart::onRangeSelected(double fromValueX, double toValueX)
{
    if (toValueX < fromValueX)
        std::swap(fromValueX, toValueX);
    if (toValueX - fromValueX < double(kMinZoomSpanMs))
        return;
    setZoom(TimeRange {static_cast<qint64>(fromValueX), static_cast<qint64>(toValueX)}, true);
}

void QtChartsPriceChart::applyTheme()
{
    // setTheme() resets series pens and axis fonts, so pens are re-applied afterwards.
    applyChartPalette(m_chart, {m_axisX, m_axisY}, palette());
    for (Track& t : m_tracks) {
        for (QLineSeries* series : t.segments)
            applyPen(series, t.colour, series->count());
        styleLegendMarker(t);
        rebuildThresholds(t);
    }
}

} // namespace oilwatch::ui
