#pragma once

#include "pricechart.h"
#include "util/lttb.h"

#include <array>
#include <chrono>
#include <vector>

#include <QStringList>
#include <QWidget>

class QAbstractButton;
class QButtonGroup;
class QLabel;
class QProgressBar;
class QToolButton;

namespace oilwatch::feed {
class HistoryRangeLoader;
}

namespace oilwatch::ui {

// The chart tab: a toolbar (time-range presets, Back, Reset, % / price, Export image…) over a PriceChart.
// The window feeds the chart as before (chart() is the PriceChart it used to own); this adds what a person
// does with it. A preset sets the chart's window, leaves any zoom and, with a loader, reads the stored
// history of the range off the GUI thread (and backfills what is not stored), showing progress under the
// toolbar. Without a loader a preset only changes the window over the points the chart has.
class HistoryChartView final : public QWidget
{
    Q_OBJECT
public:
    enum class Preset
    {
        Minutes15,
        Hour1,
        Hours6,
        Day1,
        Week1,
        Month1,
        Year1,
        All
    };
    static constexpr std::array kPresets {Preset::Minutes15, Preset::Hour1, Preset::Hours6, Preset::Day1,
        Preset::Week1, Preset::Month1, Preset::Year1, Preset::All};
    // What "All" sets as the chart's window: the API keeps a year, a user's file may hold more.
    static constexpr std::chrono::seconds kAllWindow {std::chrono::days(20 * 366)};

    explicit HistoryChartView(QWidget* parent = nullptr);

    PriceChart* chart() const { return m_chart; }
    // The loader must outlive the view (the dashboard owns both); nullptr detaches.
    void setLoader(feed::HistoryRangeLoader* loader);
    // The codes a preset loads: the watchlist. Until set, the chart's own codes.
    void setCodes(const QStringList& codes);

    static QString presetLabel(Preset preset);
    // 0 for All (everything stored).
    static std::chrono::seconds presetSpan(Preset preset);
    Preset preset() const { return m_preset; }
    // Whether the user chose a range that the loader draws (from the store and the API): the dashboard's
    // start-up history must then not redraw the chart over it.
    bool drawsALoadedRange() const { return m_loader && m_rangeChosen; }
    QAbstractButton* presetButton(Preset preset) const;
    QAbstractButton* backButton() const;
    QAbstractButton* resetButton() const;
    QAbstractButton* valueModeButton() const;
    QToolButton* exportButton() const { return m_export; }
    QProgressBar* progressBar() const { return m_progress; }
    QString statusText() const;

public Q_SLOTS:
    // As a click on the preset's button.
    void selectPreset(oilwatch::ui::HistoryChartView::Preset preset);
    // Reads the chosen range again, zoom kept: more of it is stored now (the start-up backfill finished).
    void reload();
    // "Export image…": asks for a file (PNG or SVG by its suffix) and writes the chart to it; errors in a
    // message box.
    void showExportDialog();

Q_SIGNALS:
    void presetChanged(oilwatch::ui::HistoryChartView::Preset preset);

private:
    void updateZoomButtons();
    void onProgress(int done, int total, const QString& what);
    void onSeriesLoaded(const QString& code, const QList<util::SeriesPoint>& points,
        const std::vector<std::size_t>& runStarts);
    void onCodeFailed(const QString& code, const QString& message);

    PriceChart* m_chart = nullptr;
    QButtonGroup* m_presets = nullptr;
    QToolButton* m_back = nullptr;
    QToolButton* m_reset = nullptr;
    QToolButton* m_valueMode = nullptr;
    QToolButton* m_export = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_status = nullptr;
    feed::HistoryRangeLoader* m_loader = nullptr;
    QStringList m_codes;
    QStringList m_failures; // of the current load
    Preset m_preset = Preset::Minutes15;
    bool m_rangeChosen = false;
};

} // namespace oilwatch::ui
