#pragma once

#include "bench/benchresult.h"

#include <QImage>
#include <QObject>
#include <QString>
#include <QThreadPool>

namespace oilwatch::ui {

// The files a run can be exported to. The bytes come from bench::report.
enum class BenchExport
{
    SummaryCsv,
    SummaryJson,
    SeriesCsv,
    RequestsCsv, // only when the run kept every request
    Hgrm,
};

// Writes exports on a pool thread: a per-request CSV of a long run is large, and neither formatting nor
// writing it may stall the window. Each export ends with exactly one finished(); an empty error means the
// file is complete (bench::report::writeFile writes atomically).
class BenchExporter final : public QObject
{
    Q_OBJECT
public:
    explicit BenchExporter(QObject* parent = nullptr);
    ~BenchExporter() override; // waits for exports still being written

    // The reason an export cannot be made from this result ("this run did not keep every request"), or
    // empty.
    static QString unavailableReason(BenchExport kind, const bench::BenchResult& result);
    // "oilwatch-bench-20261127-021500-summary.csv"
    static QString suggestedFileName(BenchExport kind, const bench::BenchResult& result);
    static QString fileFilter(BenchExport kind);

    void exportResult(BenchExport kind, const bench::BenchResult& result, const QString& path);
    // The image is encoded as PNG on the pool thread too.
    void exportImage(const QImage& image, const QString& path);

    int pending() const { return m_pending; }

Q_SIGNALS:
    void finished(const QString& path, const QString& error);

private:
    template <typename Work> void run(const QString& path, Work work);

    QThreadPool m_pool;
    int m_pending = 0;
};

} // namespace oilwatch::ui
