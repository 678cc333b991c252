#pragma once

#include "bench/benchresult.h"
#include "themedchartwidget.h"

#include <QList>
#include <QTimer>

class QLineSeries;
class QValueAxis;

namespace oilwatch::ui {

// The running benchmark second by second: p50 / p95 / p99 latency on the left axis, throughput and errors
// per second on the right. Seconds are appended as progress reports them; the chart redraws at most four
// times a second, from a downsampled copy no denser than its width can show.
class BenchLiveChart final : public ThemedChartWidget
{
    Q_OBJECT
public:
    static constexpr int kRefreshIntervalMs = 250;

    explicit BenchLiveChart(QWidget* parent = nullptr);

    void appendSeconds(const QList<bench::SecondSample>& seconds);
    // Replaces everything, for showing a finished run's series.
    void setSeconds(const QList<bench::SecondSample>& seconds);
    void clear();

    // For tests.
    int secondCount() const { return int(m_seconds.size()); }
    int drawnPointCount() const;
    bool refreshPending() const { return m_refresh.isActive(); }

public Q_SLOTS:
    // Redraws from the seconds received so far; normally driven by the refresh timer.
    void refreshNow();

protected:
    void applySeriesStyle() override;
    void resizeEvent(QResizeEvent* event) override;

private:
    QLineSeries* addLine(const QString& name, QValueAxis* axis);
    int maxDrawnPoints() const;

    QValueAxis* m_axisX = nullptr;
    QValueAxis* m_axisLatency = nullptr;
    QValueAxis* m_axisRate = nullptr;
    QLineSeries* m_p50 = nullptr;
    QLineSeries* m_p95 = nullptr;
    QLineSeries* m_p99 = nullptr;
    QLineSeries* m_throughput = nullptr;
    QLineSeries* m_errors = nullptr;
    QList<bench::SecondSample> m_seconds;
    QTimer m_refresh;
};

} // namespace oilwatch::ui
