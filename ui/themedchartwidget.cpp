#include "themedchartwidget.h"

#include "theme.h"

#include <QEvent>
#include <QVBoxLayout>
#include <QtCharts/QAbstractAxis>
#include <QtCharts/QChart>
#include <QtCharts/QChartView>
#include <QtCharts/QLegend>

namespace oilwatch::ui {

ThemedChartWidget::ThemedChartWidget(QWidget* parent)
    : QWidget(parent)
    , m_chart(new QChart)
    // The view owns the chart before any axis is added: see QtChartsPriceChart for the Qt 6.4 layout issue.
    , m_view(new QChartView(m_chart, this))
{
    // Data arrives at most four times a second or all at once at the end of a run: animation only lags.
    m_chart->setAnimationOptions(QChart::NoAnimation);
    m_chart->setBackgroundRoundness(0);
    m_chart->setMargins(QMargins(4, 4, 4, 4));
    m_view->setRenderHint(QPainter::Antialiasing, true);
    m_view->setFrameShape(QFrame::NoFrame);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view);
    applyTheme();
}

ThemedChartWidget::~ThemedChartWidget() = default;

QPixmap ThemedChartWidget::grabImage()
{
    if (QLayout* l = layout())
        l->activate();
    return grab();
}

void ThemedChartWidget::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        applyTheme();
}

QPoint ThemedChartWidget::mapFromChart(const QPointF& point) const
{
    return m_view->mapTo(this, m_view->mapFromScene(m_chart->mapToScene(point)));
}

void ThemedChartWidget::addAxis(QAbstractAxis* axis, Qt::Alignment alignment)
{
    m_chart->addAxis(axis, alignment);
    m_axes.append(axis);
    applyTheme();
}

void ThemedChartWidget::applyTheme()
{
    const bool dark = isDarkPalette(palette());
    m_chart->setTheme(dark ? QChart::ChartThemeDark : QChart::ChartThemeLight);
    m_chart->setBackgroundBrush(palette().brush(QPalette::Base));
    m_chart->setBackgroundRoundness(0);
    const QColor text = palette().color(QPalette::Text);
    m_chart->setTitleBrush(text);
    m_chart->legend()->setLabelColor(text);
    const QColor grid = dimTextColour(palette(), QPalette::Text, QPalette::Base);
    for (QAbstractAxis* axis : std::as_const(m_axes)) {
        axis->setLabelsColor(text);
        axis->setTitleBrush(text);
        QColor minor = grid;
        minor.setAlphaF(0.25);
        axis->setGridLineColor(minor);
    }
    applySeriesStyle();
}

} // namespace oilwatch::ui
