#include "chartstyle.h"

#include "theme.h"

#include <QtCharts/QAbstractAxis>
#include <QtCharts/QChart>
#include <QtCharts/QChartView>
#include <QtCharts/QLegend>

namespace oilwatch::ui {

void prepareChart(QChart* chart, QChartView* view)
{
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->setBackgroundRoundness(0);
    chart->setMargins(QMargins(4, 4, 4, 4));
    view->setRenderHint(QPainter::Antialiasing, true);
    view->setFrameShape(QFrame::NoFrame);
}

void applyChartPalette(QChart* chart, const QList<QAbstractAxis*>& axes, const QPalette& palette)
{
    chart->setTheme(isDarkPalette(palette) ? QChart::ChartThemeDark : QChart::ChartThemeLight);
    chart->setBackgroundBrush(palette.brush(QPalette::Base));
    chart->setBackgroundRoundness(0);
    const QColor text = palette.color(QPalette::Text);
    chart->legend()->setLabelColor(text);
    for (QAbstractAxis* axis : axes) {
        axis->setLabelsColor(text);
        axis->setTitleBrush(text);
    }
}

} // namespace oilwatch::ui
