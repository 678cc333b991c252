#include "exportdialog.h"

#include "csvpreview.h"
#include "report/alertexport.h"
#include "report/csvfile.h"
#include "report/csvwriter.h"
#include "storage/historystore.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QTableWidget>
#include <QThread>
#include <QTimeZone>
#include <QTimer>
#include <QVBoxLayout>

namespace oilwatch::ui {

ExportDialog::ExportDialog(ExportSources sources, QWidget* parent)
    : QDialog(parent)
    , m_sources(std::move(sources))
{
    setWindowTitle(tr("Export"));
    buildLayout();
    m_previewTimer = new QTimer(this);
    m_previewTimer->setSingleShot(true);
    m_previewTimer->setInterval(kPreviewDelayMs);
    connect(m_previewTimer, &QTimer::timeout, this, &ExportDialog::runPreview);
    updateControls();
    schedulePreview();
}

ExportDialog::~ExportDialog()
{
    if (m_previewCancelled)
        m_previewCancelled->store(true);
    if (m_exportCancelled)
        m_exportCancelled->store(true);
    m_priceJob.reset(); // cancels and joins its worker
    for (QThread* thread : std::as_const(m_threads)) {
        thread->wait();
        delete thread;
    }
}

void ExportDialog::buildLayout()
{
    m_what = new QComboBox;
    m_what->setObjectName(QStringLiteral("what"));
    m_what->addItem(tr("Prices"), Prices);
    m_what->addItem(tr("Session log"), Session);
    if (m_sources.alertHistory)
        m_what->addItem(tr("Alert history"), Alerts);

    m_codes = new QListWidget;
    m_codes->setObjectName(QStringLiteral("codes"));
    for (int i = 0; i < m_sources.codes.size(); ++i) {
        auto* item = new QListWidgetItem(m_sources.codes[i], m_codes);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(i < 2 ? Qt::Checked : Qt::Unchecked);
    }
    m_codes->setMaximumHeight(m_codes->sizeHintForRow(0) * 5 + 2 * m_codes->frameWidth());
    m_origin = new QLabel(tr("from %1").arg(m_sources.originLabel.isEmpty()
            ? (m_sources.origins.isAll() ? tr("every origin") : m_sources.origins.origin()->id())
            : m_sources.originLabel));
    m_origin->setObjectName(QStringLiteral("origin"));

    const QDate today = QDateTime::currentDateTimeUtc().date();
    m_from = new QDateEdit(today.addDays(-7));
    m_from->setObjectName(QStringLiteral("from"));
    m_to = new QDateEdit(today);
    m_to->setObjectName(QStringLiteral("to"));
    for (QDateEdit* edit : {m_from, m_to}) {
        edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
        edit->setCalendarPopup(true);
    }
    auto* range = new QHBoxLayout;
    range->addWidget(m_from);
    range->addWidget(new QLabel(tr("to")));
    range->addWidget(m_to);
    range->addWidget(new QLabel(tr("(UTC days, both included)")));
    range->addStretch();

    m_resolution = new QComboBox;
    m_resolution->setObjectName(QStringLiteral("resolution"));
    m_resolution->addItem(tr("Every stored price"), int(report::Resolution::Raw));
    m_resolution->addItem(tr("Minute bars (OHLC)"), int(report::Resolution::Minute));
    m_resolution->addItem(tr("Hour bars (OHLC)"), int(report::Resolution::Hour));
    m_resolution->addItem(tr("Day bars (OHLC)"), int(report::Resolution::Day));
    m_format = new QComboBox;
    m_format->setObjectName(QStringLiteral("format"));
    m_format->addItem(tr("Long: one row per price"), int(report::PriceLayout::Long));
    m_format->addItem(tr("Wide: one column per code"), int(report::PriceLayout::Wide));
    auto* shape = new QHBoxLayout;
    shape->addWidget(m_resolution);
    shape->addWidget(m_format);
    shape->addStretch();

    m_excel = new QCheckBox(tr("For Excel (byte-order mark)"));
    m_excel->setObjectName(QStringLiteral("excel"));
    m_localTime = new QCheckBox(tr("Add a local-time column"));
    m_localTime->setObjectName(QStringLiteral("localTime"));
    auto* options = new QHBoxLayout;
    options->addWidget(m_excel);
    options->addWidget(m_localTime);
    options->addStretch();

    m_path = new QLineEdit;
    m_path->setObjectName(QStringLiteral("path"));
    m_path->setPlaceholderText(tr("Choose a file…"));
    m_browse = new QPushButton(tr("Browse…"));
    auto* file = new QHBoxLayout;
    file->addWidget(m_path, 1);
    file->addWidget(m_browse);

    auto* form = new QFormLayout;
    auto* whatRow = new QHBoxLayout;
    whatRow->addWidget(m_what);
    whatRow->addStretch();
    form->addRow(tr("Export:"), whatRow);
    form->addRow(tr("Codes:"), m_codes);
    form->addRow(QString(), m_origin);
    form->addRow(tr("Range:"), range);
    form->addRow(tr("Prices:"), shape);
    form->addRow(tr("Options:"), options);
    form->addRow(tr("File:"), file);

    m_preview = new QTableWidget;
    m_preview->setObjectName(QStringLiteral("preview"));
    m_preview->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_preview->verticalHeader()->setVisible(false);
    // Compact rows: a preview is for reading many at once.
    m_preview->verticalHeader()->setDefaultSectionSize(m_preview->fontMetrics().height() + 6);
    m_preview->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_preview->setMinimumHeight(180);
    m_rows = new QLabel;
    m_rows->setObjectName(QStringLiteral("rows"));
    auto* previewBox = new QGroupBox(tr("Preview"));
    auto* previewLayout = new QVBoxLayout(previewBox);
    previewLayout->addWidget(m_preview);
    previewLayout->addWidget(m_rows);

    m_progress = new QProgressBar;
    m_progress->setObjectName(QStringLiteral("progress"));
    m_progress->setRange(0, 1000);
    m_progress->setTextVisible(false);
    m_progress->setVisible(false); // shown while an export runs: idle, it looks like an empty field
    m_status = new QLabel;
    m_status->setObjectName(QStringLiteral("status"));
    m_status->setWordWrap(true);
    auto* buttons = new QDialogButtonBox;
    m_export = buttons->addButton(tr("Export"), QDialogButtonBox::AcceptRole);
    m_export->setObjectName(QStringLiteral("export"));
    m_cancel = buttons->addButton(tr("Cancel export"), QDialogButtonBox::ActionRole);
    m_cancel->setObjectName(QStringLiteral("cancel"));
    QPushButton* close = buttons->addButton(QDialogButtonBox::Close);
    // Accepting would close the dialog; Export starts a job and the dialog stays to show it.
    m_export->setAutoDefault(false);
    m_export->setDefault(false);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(previewBox, 1);
    layout->addWidget(m_progress);
    layout->addWidget(m_status);
    layout->addWidget(buttons);

    connect(m_export, &QPushButton::clicked, this, &ExportDialog::startExport);
    connect(m_cancel, &QPushButton::clicked, this, &ExportDialog::cancelExport);
    connect(close, &QPushButton::clicked, this, &QDialog::reject);
    connect(m_browse, &QPushButton::clicked, this, &ExportDialog::browse);
    const auto changed = [this] {
        updateControls();
        schedulePreview();
    };
    connect(m_what, &QComboBox::currentIndexChanged, this, changed);
    connect(m_resolution, &QComboBox::currentIndexChanged, this, changed);
    connect(m_format, &QComboBox::currentIndexChanged, this, changed);
    connect(m_codes, &QListWidget::itemChanged, this, changed);
    connect(m_from, &QDateEdit::dateChanged, this, changed);
    connect(m_to, &QDateEdit::dateChanged, this, changed);
    connect(m_localTime, &QCheckBox::toggled, this, changed);
    connect(m_excel, &QCheckBox::toggled, this, &ExportDialog::updateControls);
    connect(m_path, &QLineEdit::textChanged, this, &ExportDialog::updateControls);
}

ExportDialog::What ExportDialog::what() const
{
    return What(m_what->currentData().toInt());
}

void ExportDialog::updateControls()
{
    const bool prices = what() == Prices;
    const bool ranged = what() != Alerts;
    for (QWidget* widget : std::initializer_list<QWidget*> {m_codes, m_resolution, m_format, m_origin})
        widget->setEnabled(prices && !m_exporting);
    m_from->setEnabled(ranged && !m_exporting);
    m_to->setEnabled(ranged && !m_exporting);
    m_localTime->setEnabled(ranged && !m_exporting);
    for (QWidget* widget : std::initializer_list<QWidget*> {m_what, m_excel, m_path, m_browse})
        widget->setEnabled(!m_exporting);
    const bool haveCodes = !prices || !priceRequest().codes.isEmpty();
    m_export->setEnabled(!m_exporting && haveCodes && !m_path->text().trimmed().isEmpty());
    m_cancel->setEnabled(m_exporting);
}

report::PriceExportRequest ExportDialog::priceRequest() const
{
    report::PriceExportRequest request;
    for (int i = 0; i < m_codes->count(); ++i) {
        if (m_codes->item(i)->checkState() == Qt::Checked)
            request.codes << m_codes->item(i)->text();
    }
    request.from = m_from->date().startOfDay(QTimeZone::utc());
    request.to = m_to->date().endOfDay(QTimeZone::utc());
    request.origins = m_sources.origins;
    request.resolution = report::Resolution(m_resolution->currentData().toInt());
    request.layout = report::PriceLayout(m_format->currentData().toInt());
    request.localTimeColumn = m_localTime->isChecked();
    return request;
}

report::SessionExportRequest ExportDialog::sessionRequest() const
{
    report::SessionExportRequest request;
    request.directory = m_sources.sessionDirectory;
    request.from = m_from->date().startOfDay(QTimeZone::utc());
    request.to = m_to->date().endOfDay(QTimeZone::utc());
    request.localTimeColumn = m_localTime->isChecked();
    return request;
}

void ExportDialog::onWorker(std::function<void()> work)
{
    QThread* thread = QThread::create(std::move(work));
    m_threads << thread;
    connect(thread, &QThread::finished, this, [this, thread] {
        m_threads.removeOne(thread);
        thread->deleteLater();
    });
    thread->start(QThread::LowPriority);
}

void ExportDialog::schedulePreview()
{
    if (m_previewCancelled)
        m_previewCancelled->store(true);
    m_rows->setText(tr("Counting rows…"));
    m_previewTimer->start();
}

void ExportDialog::runPreview()
{
    const int generation = ++m_previewGeneration;
    m_previewCancelled = std::make_shared<std::atomic<bool>>(false);
    auto cancelled = m_previewCancelled;
    Work work;
    switch (what()) {
    case Prices: {
        const report::PriceExportRequest request = priceRequest();
        const QString path = m_sources.prices.historyPath;
        const util::Clock* clock = m_sources.prices.clock;
        work = [request, path, clock](report::CsvWriter& csv, const report::ExportProgress& progress) {
            storage::PriceHistory history(path, *clock);
            if (auto opened = history.open(); !opened)
                return report::ExportOutcome {0, false, opened.error().message};
            return report::writePrices(history, request, csv, progress);
        };
        break;
    }
    case Session: {
        const report::SessionExportRequest request = sessionRequest();
        work = [request](report::CsvWriter& csv, const report::ExportProgress& progress) {
            return report::ExportOutcome(report::writeSession(request, csv, progress));
        };
        break;
    }
    case Alerts: {
        const auto history = m_sources.alertHistory();
        work = [history](report::CsvWriter& csv, const report::ExportProgress&) {
            report::writeAlertHistory(history, csv);
            return report::ExportOutcome {csv.rowsWritten() - 1, false, {}};
        };
        break;
    }
    }
    const bool excel = m_excel->isChecked();
    QPointer<ExportDialog> self(this);
    onWorker([self, work, cancelled, generation, excel] {
        CsvPreviewDevice device(kPreviewRows + 1);
        report::ExportOutcome outcome;
        {
            report::CsvWriter csv(device, {excel});
            outcome = work(csv, [cancelled](qint64, double) { return !cancelled->load(); });
        }
        const QList<QStringList> records = device.records();
        QMetaObject::invokeMethod(
            self,
            [self, records, outcome, generation] {
                if (self && generation == self->m_previewGeneration)
                    self->showPreview(records, outcome);
            },
            Qt::QueuedConnection);
    });
}

void ExportDialog::showPreview(const QList<QStringList>& records, const report::ExportOutcome& outcome)
{
    if (outcome.cancelled)
        return;
    const QStringList header = records.value(0);
    m_preview->clear();
    m_preview->setColumnCount(int(header.size()));
    m_preview->setHorizontalHeaderLabels(header);
    m_preview->setRowCount(int(std::max<qsizetype>(0, records.size() - 1)));
    for (int r = 1; r < records.size(); ++r) {
        for (int c = 0; c < records[r].size(); ++c)
            m_preview->setItem(r - 1, c, new QTableWidgetItem(records[r][c]));
    }
    if (!outcome.error.isEmpty()) {
        m_rows->setText(tr("Cannot read: %1").arg(outcome.error));
        Q_EMIT previewReady(-1);
        return;
    }
    QString text = QLocale().toString(outcome.rows) + (outcome.rows == 1 ? tr(" row") : tr(" rows"));
    if (what() == Prices && m_sources.prices.client)
        text += tr(", before filling the history's gaps from the API");
    if (outcome.rows > kPreviewRows)
        text += tr(" (the first %1 shown)").arg(kPreviewRows);
    m_rows->setText(text);
    Q_EMIT previewReady(outcome.rows);
}

void ExportDialog::browse()
{
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export as CSV"), m_path->text(), tr("CSV (*.csv);;All files (*)"));
    if (!path.isEmpty())
        m_path->setText(path);
}

void ExportDialog::startExport()
{
    const QString path = m_path->text().trimmed();
    if (m_exporting || path.isEmpty())
        return;
    m_exporting = true;
    m_progress->setValue(0);
    m_progress->setVisible(true);
    m_status->setText(tr("Exporting…"));
    updateControls();
    const report::CsvWriter::Options options {m_excel->isChecked()};
    switch (what()) {
    case Prices: {
        m_priceJob
            = std::make_unique<report::PriceExportJob>(priceRequest(), path, options, m_sources.prices);
        connect(m_priceJob.get(), &report::PriceExportJob::stageChanged, this,
            [this](report::PriceExportJob::Stage stage) {
                switch (stage) {
                case report::PriceExportJob::Stage::FindingGaps:
                    m_status->setText(tr("Looking for gaps in the history…"));
                    break;
                case report::PriceExportJob::Stage::Backfilling:
                    m_status->setText(tr("Filling gaps from the API…"));
                    break;
                case report::PriceExportJob::Stage::Writing:
                    m_status->setText(tr("Writing…"));
                    break;
                }
            });
        connect(m_priceJob.get(), &report::PriceExportJob::progress, this,
            [this](qint64, double fraction) { m_progress->setValue(int(fraction * 1000)); });
        connect(m_priceJob.get(), &report::PriceExportJob::finished, this,
            [this, path](const report::ExportOutcome& outcome) { finishExport(path, outcome); });
        m_priceJob->start();
        return;
    }
    case Session: {
        const report::SessionExportRequest request = sessionRequest();
        exportOnWorker(path, [request](report::CsvWriter& csv, const report::ExportProgress& progress) {
            return report::ExportOutcome(report::writeSession(request, csv, progress));
        });
        return;
    }
    case Alerts: {
        const auto history = m_sources.alertHistory();
        exportOnWorker(path, [history](report::CsvWriter& csv, const report::ExportProgress&) {
            report::writeAlertHistory(history, csv);
            return report::ExportOutcome {csv.rowsWritten() - 1, false, {}};
        });
        return;
    }
    }
}

void ExportDialog::exportOnWorker(const QString& path, Work work)
{
    m_exportCancelled = std::make_shared<std::atomic<bool>>(false);
    auto cancelled = m_exportCancelled;
    const bool excel = m_excel->isChecked();
    QPointer<ExportDialog> self(this);
    onWorker([self, path, work, cancelled, excel] {
        report::ExportOutcome outcome;
        auto opened = report::CsvFile::open(path, {excel});
        if (auto* error = std::get_if<QString>(&opened)) {
            outcome.error = *error;
        } else {
            auto& file = std::get<std::unique_ptr<report::CsvFile>>(opened);
            outcome = work(file->writer(), [self, cancelled](qint64, double fraction) {
                QMetaObject::invokeMethod(
                    self,
                    [self, fraction] {
                        if (self)
                            self->m_progress->setValue(int(fraction * 1000));
                    },
                    Qt::QueuedConnection);
                return !cancelled->load();
            });
            outcome.cancelled = outcome.cancelled || cancelled->load();
            if (outcome.cancelled || !outcome.error.isEmpty())
                file->cancel();
            else if (auto failed = file->commit())
                outcome.error = *failed;
        }
        QMetaObject::invokeMethod(
            self,
            [self, path, outcome] {
                if (self)
                    self->finishExport(path, outcome);
            },
            Qt::QueuedConnection);
    });
}

void ExportDialog::cancelExport()
{
    if (!m_exporting)
        return;
    m_status->setText(tr("Cancelling…"));
    if (m_priceJob)
        m_priceJob->cancel();
    if (m_exportCancelled)
        m_exportCancelled->store(true);
}

void ExportDialog::finishExport(const QString& path, const report::ExportOutcome& outcome)
{
    m_exporting = false;
    m_progress->setVisible(false);
    if (m_priceJob)
        m_priceJob.release()->deleteLater(); // we are in its finished(): delete it after the signal
    if (outcome.cancelled) {
        m_progress->setValue(0);
        m_status->setText(tr("Cancelled: no file was written."));
    } else if (!outcome.error.isEmpty()) {
        m_progress->setValue(0);
        m_status->setText(tr("Not exported: %1").arg(outcome.error));
    } else {
        m_progress->setValue(1000);
        m_status->setText(tr("%1 rows written to %2").arg(QLocale().toString(outcome.rows), path));
    }
    updateControls();
    Q_EMIT exportFinished(path, outcome.error, outcome.cancelled);
}

} // namespace oilwatch::ui
