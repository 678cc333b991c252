#include "benchexporter.h"

#include "bench/benchreport.h"

#include <memory>

#include <QBuffer>
#include <QFutureWatcher>
#include <QPromise>

namespace oilwatch::ui {

namespace {

QByteArray bytesOf(BenchExport kind, const bench::BenchResult& result)
{
    switch (kind) {
    case BenchExport::SummaryCsv:
        return bench::report::summaryCsv(result);
    case BenchExport::SummaryJson:
        return bench::report::summaryJson(result);
    case BenchExport::SeriesCsv:
        return bench::report::seriesCsv(result);
    case BenchExport::RequestsCsv:
        return bench::report::requestsCsv(result);
    case BenchExport::Hgrm:
        return bench::report::hgrm(result.success);
    }
    return {};
}

} // namespace

BenchExporter::BenchExporter(QObject* parent)
    : QObject(parent)
{
    // One at a time: two exports of the same run to the same file must not race, and disk is the limit.
    m_pool.setMaxThreadCount(1);
}

BenchExporter::~BenchExporter()
{
    // The tasks hold copies of everything they use; waiting keeps every file whole when the window closes
    // during an export.
    m_pool.waitForDone();
}

QString BenchExporter::unavailableReason(BenchExport kind, const bench::BenchResult& result)
{
    if (kind == BenchExport::RequestsCsv && !result.config.recordEachRequest)
        return QStringLiteral("This run did not keep every request: tick \"Keep every request\" before "
                              "starting a run to export them.");
    return {};
}

QString BenchExporter::suggestedFileName(BenchExport kind, const bench::BenchResult& result)
{
    const QDateTime started
        = result.context.startedUtc.isValid() ? result.context.startedUtc : QDateTime::currentDateTimeUtc();
    const QString stem
        = QStringLiteral("oilwatch-bench-") + started.toString(QStringLiteral("yyyyMMdd-HHmmss"));
    switch (kind) {
    case BenchExport::SummaryCsv:
        return stem + QStringLiteral("-summary.csv");
    case BenchExport::SummaryJson:
        return stem + QStringLiteral("-summary.json");
    case BenchExport::SeriesCsv:
        return stem + QStringLiteral("-seconds.csv");
    case BenchExport::RequestsCsv:
        return stem + QStringLiteral("-requests.csv");
    case BenchExport::Hgrm:
        return stem + QStringLiteral(".hgrm");
    }
    return stem;
}

QString BenchExporter::fileFilter(BenchExport kind)
{
    switch (kind) {
    case BenchExport::SummaryJson:
        return QStringLiteral("JSON (*.json)");
    case BenchExport::Hgrm:
        return QStringLiteral("HdrHistogram percentile distribution (*.hgrm)");
    default:
        return QStringLiteral("CSV (*.csv)");
    }
}

template <typename Work> void BenchExporter::run(const QString& path, Work work)
{
    ++m_pending;
    auto* watcher = new QFutureWatcher<QString>(this);
    connect(watcher, &QFutureWatcher<QString>::finished, this, [this, watcher, path] {
        --m_pending;
        const QString error = watcher->future().resultCount() > 0
            ? watcher->result()
            : QStringLiteral("the export was cancelled");
        watcher->deleteLater();
        Q_EMIT finished(path, error);
    });
    // Shared because QThreadPool::start() takes a copyable std::function in Qt 6.4.
    auto promise = std::make_shared<QPromise<QString>>();
    watcher->setFuture(promise->future());
    m_pool.start([promise, work = std::move(work)] {
        promise->start();
        promise->addResult(work());
        promise->finish();
    });
}

void BenchExporter::exportResult(BenchExport kind, const bench::BenchResult& result, const QString& path)
{
    if (const QString reason = unavailableReason(kind, result); !reason.isEmpty()) {
        // Reported like any other outcome, after the call returns, so callers handle one path.
        QMetaObject::invokeMethod(
            this, [this, path, reason] { Q_EMIT finished(path, reason); }, Qt::QueuedConnection);
        return;
    }
    run(path, [kind, result, path] {
        return bench::report::writeFile(path, bytesOf(kind, result)).value_or(QString());
    });
}

void BenchExporter::exportImage(const QImage& image, const QString& path)
{
    run(path, [image, path]() -> QString {
        if (image.isNull())
            return QStringLiteral("there is no image to save");
        QByteArray png;
        QBuffer buffer(&png);
        buffer.open(QIODevice::WriteOnly);
        if (!image.save(&buffer, "PNG"))
            return QStringLiteral("cannot encode the image as PNG");
        return bench::report::writeFile(path, png).value_or(QString());
    });
}

} // namespace oilwatch::ui
