#pragma once

#include "alerts/alertevent.h"
#include "report/priceexportjob.h"
#include "report/sessionexport.h"
#include "storage/pricehistory.h"

#include <atomic>
#include <deque>
#include <functional>
#include <memory>

#include <QDialog>
#include <QStringList>

class QCheckBox;
class QComboBox;
class QDateEdit;
class QLabel;
class QLineEdit;
class QListWidget;
class QProgressBar;
class QPushButton;
class QTableWidget;
class QThread;
class QTimer;

namespace oilwatch::ui {

// What the Export dialog reads and fills gaps through. The app has all of it at hand where the dashboard is
// built (app/dashboard.cpp): the QuoteStack's history and gate, the ApiStack's client, the feed's codes,
// the AlertEngine's history.
struct ExportSources
{
    report::PriceSources prices; // historyPath and clock at least; store/client/gate for backfill
    // Whose prices: the origin the dashboard watches (its client's).
    storage::OriginFilter origins = storage::OriginFilter::all();
    QString originLabel; // shown next to the codes: "sim", "https://api.oilpriceapi.com"
    QStringList codes; // offered, the first ones ticked
    QString sessionDirectory; // report::SessionLog's (app::sessionLogDirectory())
    // The alert history, oldest first (AlertEngine::history()); empty: no alerts choice.
    std::function<std::deque<alerts::AlertEvent>()> alertHistory;
};

// File → Export…: prices, the session log or the alert history as CSV, through core/report.
//
// The choices (what; for prices the codes, the range in UTC days, raw or minute/hour/day bars, long or wide;
// an Excel byte-order mark; a local-time column) drive a preview: the header and first rows, and how many
// rows the file will have, computed on a worker thread a moment after the last change (a newer choice
// cancels the older preview). Export writes the file on a worker thread with a progress bar and Cancel;
// prices are first backfilled where the history has gaps (report::PriceExportJob). The file appears
// complete or not at all. Nothing here blocks the GUI thread: every read of the disk is on a worker.
class ExportDialog final : public QDialog
{
    Q_OBJECT
public:
    static constexpr int kPreviewRows = 20;
    // How long the preview waits after a change: typing a path or ticking codes does not start a read each.
    static constexpr int kPreviewDelayMs = 200;

    explicit ExportDialog(ExportSources sources, QWidget* parent = nullptr);
    ~ExportDialog() override; // cancels what runs and waits for its workers

    bool isExporting() const { return m_exporting; }

public Q_SLOTS:
    void startExport();
    void cancelExport();

Q_SIGNALS:
    // After every preview: the rows it counted (-1 when it failed).
    void previewReady(qint64 rows);
    // An export ended: error empty and not cancelled means the file is complete at `path`.
    void exportFinished(const QString& path, const QString& error, bool cancelled);

private:
    enum What
    {
        Prices,
        Session,
        Alerts,
    };

    using Work = std::function<report::ExportOutcome(report::CsvWriter&, const report::ExportProgress&)>;

    void buildLayout();
    void updateControls();
    void schedulePreview();
    void runPreview();
    void showPreview(const QList<QStringList>& records, const report::ExportOutcome& outcome);
    void exportOnWorker(const QString& path, Work work);
    void finishExport(const QString& path, const report::ExportOutcome& outcome);
    What what() const;
    report::PriceExportRequest priceRequest() const;
    report::SessionExportRequest sessionRequest() const;
    // Starts `work` on a thread of its own, joined by the destructor.
    void onWorker(std::function<void()> work);
    void browse();

    ExportSources m_sources;
    QComboBox* m_what = nullptr;
    QListWidget* m_codes = nullptr;
    QLabel* m_origin = nullptr;
    QDateEdit* m_from = nullptr;
    QDateEdit* m_to = nullptr;
    QComboBox* m_resolution = nullptr;
    QComboBox* m_format = nullptr;
    QCheckBox* m_excel = nullptr;
    QCheckBox* m_localTime = nullptr;
    QLineEdit* m_path = nullptr;
    QPushButton* m_browse = nullptr;
    QTableWidget* m_preview = nullptr;
    QLabel* m_rows = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_status = nullptr;
    QPushButton* m_export = nullptr;
    QPushButton* m_cancel = nullptr;
    QTimer* m_previewTimer = nullptr;

    int m_previewGeneration = 0;
    std::shared_ptr<std::atomic<bool>> m_previewCancelled;
    std::shared_ptr<std::atomic<bool>> m_exportCancelled;
    std::unique_ptr<report::PriceExportJob> m_priceJob;
    bool m_exporting = false;
    QList<QThread*> m_threads;
};

} // namespace oilwatch::ui
