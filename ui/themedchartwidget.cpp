#include "themedchartwidget.h"

#include "chartstyle.h"
#include "theme.h"

#include <QEvent>
#include <QVBoxLayout>
#include <QtCharts/QAbstractAxis>
#include <QtCharts/QChart>
#include <QtCharts/QChartView>

namespace oilwatch::ui {

ThemedChartWidget::ThemedChartWidget(QWidget* parent)
    : QWidget(parent)
    , m_chart(new QChart)
    // The view owns the chart before any axis is added: see QtChartsPriceChart for the Qt 6.4 layout issue.
    , m_view(new QChartView(m_chart, this))
{
    prepareChart(m_chart, m_view);

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
    applyChartPalette(m_chart, m_axes, palette());
    // Grid lines a quarter as strong as secondary text: there to read values off, not to compete with data.
    QColor grid = dimTextColour(palette(), QPalette::Text, QPalette::Base);
    grid.setAlphaF(0.25);
    for (QAbstractAxis* axis : std::as_const(m_axes))
        axis->setGridLineColor(grid);
    applySeriesStyle();
}

} // namespace oilwatch::ui
