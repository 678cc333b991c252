#pragma once

#include <QList>
#include <QPixmap>
#include <QWidget>

class QAbstractAxis;
class QChart;
class QChartView;

namespace oilwatch::ui {

// A QWidget holding one Qt Charts chart that follows the widget's palette (light or dark theme, text and
// background from the palette) and can be grabbed as an image. The benchmark charts derive from it, so Qt
// Charts stays behind a few small classes (it is deprecated from Qt 6.10).
class ThemedChartWidget : public QWidget
{
    Q_OBJECT
public:
    explicit ThemedChartWidget(QWidget* parent = nullptr);
    ~ThemedChartWidget() override;

    QChart* chart() const { return m_chart; }
    // The chart as drawn now, laid out first even when the widget is hidden (a tab not shown).
    QPixmap grabImage();

protected:
    void changeEvent(QEvent* event) override;
    // A point of the chart's coordinates (plotArea()) in this widget's.
    QPoint mapFromChart(const QPointF& point) const;
    // Adds an axis the theme colours; call it instead of QChart::addAxis.
    void addAxis(QAbstractAxis* axis, Qt::Alignment alignment);
    // setTheme() resets pens: derived classes re-apply theirs here. Called after every theme change.
    virtual void applySeriesStyle() { }

private:
    void applyTheme();

    QChart* m_chart = nullptr; // owned by m_view
    QChartView* m_view = nullptr;
    QList<QAbstractAxis*> m_axes;
};

} // namespace oilwatch::ui
