#pragma once

#include "pricechart.h"

#include <deque>
#include <vector>

#include <QColor>
#include <QList>

class QChart;
class QChartView;
class QDateTimeAxis;
class QLineSeries;
class QValueAxis;

namespace oilwatch::ui {

// Qt Charts implementation of PriceChart. Prices differ in scale by orders of magnitude (Brent ~75, Henry Hub
// ~3), so every series is plotted as percent change since its first point in the window: one shared axis
// stays readable, and the legend carries the actual last price.
class QtChartsPriceChart final : public PriceChart
{
    Q_OBJECT
public:
    explicit QtChartsPriceChart(QWidget* parent = nullptr);
    ~QtChartsPriceChart() override;

    void addPoint(const QString& code, const QDateTime& time, double price) override;
    void setSeriesLabel(const QString& code, const QString& label) override;
    void setWindow(std::chrono::seconds window) override;
    std::chrono::seconds window() const override { return m_window; }
    void clear() override;
    void clearCode(const QString& code) override;
    void insertGap(const QString& code) override;
    QPixmap grabImage() override;
    void beginBatch() override;
    void endBatch() override;
    void setThresholdLines(const QString& code, const QList<ThresholdLine>& lines) override;

    int pointCount(const QString& code) const override;
    int runCount(const QString& code) const override;
    QList<ThresholdLine> thresholdLines(const QString& code) const override;

    // The line pieces drawn for a code, one QLineSeries per run; for tests.
    QList<QLineSeries*> segments(const QString& code) const;
    QString legendText(const QString& code) const;
    // The dashed lines drawn for a code's thresholds, in the order given; for tests.
    QList<QLineSeries*> thresholdSeries(const QString& code) const;
    QChart* chart() const { return m_chart; }

protected:
    void changeEvent(QEvent* event) override;

private:
    struct Sample
    {
        qint64 msecs = 0;
        double price = 0.0;
        bool startsRun = false; // first point after insertGap()
    };

    struct Track
    {
        QString code;
        QString label;
        QColor colour;
        std::deque<Sample> samples;
        std::vector<QLineSeries*> segments;
        bool gapPending = false;
        QList<ThresholdLine> thresholds;
        std::vector<QLineSeries*> thresholdSeries;
    };

    Track& track(const QString& code);
    const Track* findTrack(const QString& code) const;
    void dropOutsideWindow();
    void rebuild(Track& t);
    void rebuildAll();
    void rebuildThresholds(Track& t);
    static double percentOf(const Track& t, double price);
    void updateAxes();
    void applyTheme();
    void applyPen(QLineSeries* series, const QColor& colour, qsizetype points) const;
    QString legendLabel(const Track& t) const;
    static std::vector<QList<QPointF>> runsOf(const Track& t);

    QChart* m_chart = nullptr; // owned by m_view
    QChartView* m_view = nullptr;
    QDateTimeAxis* m_axisX = nullptr;
    QValueAxis* m_axisY = nullptr;
    std::vector<Track> m_tracks;
    std::chrono::seconds m_window = kDefaultWindow;
    int m_batchDepth = 0;
};

} // namespace oilwatch::ui
