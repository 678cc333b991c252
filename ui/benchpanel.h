#pragma once

#include "bench/benchresult.h"
#include "benchexporter.h"

#include <QPointer>
#include <QWidget>

class QLabel;
class QListView;
class QProgressBar;
class QPushButton;
class QTabWidget;
class QTableView;
class QToolButton;

namespace oilwatch::bench {
class BenchRun;
}

namespace oilwatch::ui {

class BenchLiveChart;
class BenchRunListModel;
class BenchSettingsForm;
class BenchSummaryModel;
class LatencyHistogramChart;
class PercentileSpectrumChart;

enum class BenchChart
{
    Live,
    Spectrum,
    Histogram,
};

// The Benchmark tab: settings, Start / Stop with progress, the live view of a running benchmark, and for
// finished runs the percentile spectrum (up to four runs overlaid), the latency histogram, a summary table
// and the exports. It only consumes the BenchRun's signals: the load runs on the run's own threads and the
// exports on a pool thread, so the window stays responsive.
class BenchPanel final : public QWidget
{
    Q_OBJECT
public:
    explicit BenchPanel(QWidget* parent = nullptr);
    ~BenchPanel() override;

    // The key live-API runs send; never shown, logged or exported.
    void setApiKey(const QByteArray& key);
    bool isRunning() const;

    // For tests and the app.
    BenchSettingsForm* settingsForm() const { return m_form; }
    QPushButton* startButton() const { return m_start; }
    QPushButton* stopButton() const { return m_stop; }
    QProgressBar* progressBar() const { return m_progress; }
    BenchLiveChart* liveChart() const { return m_live; }
    PercentileSpectrumChart* spectrumChart() const { return m_spectrum; }
    LatencyHistogramChart* histogramChart() const { return m_histogram; }
    BenchRunListModel* runs() const { return m_runs; }
    BenchSummaryModel* summary() const { return m_summary; }
    QTabWidget* views() const { return m_views; }
    QString statusText() const;
    QString phaseText() const;
    QString liveNumbersText() const;
    int selectedRun() const { return m_selected; }
    // Whether runs started from now on load the machine below this window's priority (the default); off
    // only to measure what it buys (bench_gui_responsiveness).
    void setLowPriorityRuns(bool low) { m_lowPriorityRuns = low; }

    // Writes an export of the selected run, or a chart, without asking for a file; the outcome shows in the
    // status line and comes as exportFinished(). The Export menu asks for the path and calls these.
    void exportTo(BenchExport kind, const QString& path);
    void exportChart(BenchChart chart, const QString& path);

public Q_SLOTS:
    void start();
    void stop();
    void selectRun(int row);
    // The run's signals; public so a test can feed the panel what a run would send.
    void onProgress(const oilwatch::bench::BenchProgress& progress);
    void onFinished(const oilwatch::bench::BenchResult& result);
    void onFailed(const QString& message);

Q_SIGNALS:
    void exportFinished(const QString& path, const QString& error);

protected:
    void changeEvent(QEvent* event) override;

private:
    QWidget* buildControls();
    QWidget* buildViews();
    QWidget* buildRunsColumn();
    QToolButton* buildExportButton();
    void exportWithDialog(BenchExport kind);
    void exportChartWithDialog(BenchChart chart);
    QString askForPath(const QString& suggestedName, const QString& filter);
    void onExportFinished(const QString& path, const QString& error);
    void updateControls();
    void updateSpectrum();
    void showStatus(const QString& text, bool error);
    void applyColours();

    BenchSettingsForm* m_form = nullptr;
    QPushButton* m_start = nullptr;
    QPushButton* m_stop = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_phase = nullptr;
    QLabel* m_status = nullptr;
    bool m_statusIsError = false;
    QTabWidget* m_views = nullptr;
    QLabel* m_liveNumbers = nullptr;
    BenchLiveChart* m_live = nullptr;
    PercentileSpectrumChart* m_spectrum = nullptr;
    LatencyHistogramChart* m_histogram = nullptr;
    QTableView* m_summaryView = nullptr;
    BenchSummaryModel* m_summary = nullptr;
    BenchRunListModel* m_runs = nullptr;
    QListView* m_runView = nullptr;
    QToolButton* m_export = nullptr;
    BenchExporter* m_exporter = nullptr;
    QPointer<bench::BenchRun> m_run;
    int m_selected = -1;
    bool m_lowPriorityRuns = true;
    QString m_lastExportDir;
};

} // namespace oilwatch::ui
