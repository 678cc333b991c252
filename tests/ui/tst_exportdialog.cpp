// The Export dialog opened directly, as File → Export… opens it, on a real history file: the preview, an
// export driven with the mouse and keyboard and parsed back with the strict reader, Cancel leaving no file,
// and the GUI thread answering while a large export runs. With OILWATCH_SCREENSHOT_DIR set it saves the
// picture of docs/USER-GUIDE.md.
#include "exportdialog.h"
#include "report/sessionlog.h"
#include "screenshots.h"
#include "storage/historystore.h"
#include "support/strictcsv.h"
#include "support/testquotes.h"
#include "util/clock.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace oilwatch;
using ui::ExportDialog;

namespace {

QByteArray readAll(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestExportDialog : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    std::unique_ptr<storage::HistoryStore> m_store;
    const QDate m_day = QDateTime::currentDateTimeUtc().date().addDays(-1);

    // Opens a history holding `minutes` minute prices of Brent and WTI (WTI every other minute) yesterday and
    // onwards, and waits until they are stored.
    void openStore(const QString& name, int minutes)
    {
        m_store
            = std::make_unique<storage::HistoryStore>(m_dir.filePath(name), util::SystemClock::instance());
        bool opened = false;
        m_store->open(this, [&](const auto&) { opened = true; });
        QList<api::Quote> quotes;
        const QDateTime start = m_day.startOfDay(QTimeZone::utc());
        for (int m = 0; m < minutes; ++m) {
            api::Quote brent = testing::quote("BRENT_CRUDE_USD", 0, 80 + (m % 50) / 10.0);
            brent.createdAt = start.addSecs(m * 60);
            brent.origin = api::Origin::simulator();
            quotes << brent;
            if (m % 2 == 0) {
                api::Quote wti = brent;
                wti.code = "WTI_USD";
                wti.price = -(m % 7) - 0.5; // negative prices stay numbers
                wti.source = "=HYPERLINK(\"http://evil\")";
                quotes << wti;
            }
        }
        bool stored = false;
        m_store->append(quotes, this, [&](const auto&) { stored = true; });
        QTRY_VERIFY_WITH_TIMEOUT(opened && stored, 30'000);
    }

    ui::ExportSources sources(const QString& sessionDir = {}) const
    {
        ui::ExportSources s;
        s.prices.historyPath = m_store->path();
        s.prices.clock = &util::SystemClock::instance();
        s.prices.store = m_store.get();
        s.origins = storage::OriginFilter::only(api::Origin::simulator());
        s.codes = {"BRENT_CRUDE_USD", "WTI_USD", "NATURAL_GAS_USD"};
        s.sessionDirectory = sessionDir;
        s.alertHistory = [] {
            alerts::AlertEvent event;
            event.ruleName = "Brent high";
            event.code = "BRENT_CRUDE_USD";
            event.to = alerts::AlertState::Firing;
            event.value = 81.5;
            event.atUtc = QDateTime::currentDateTimeUtc();
            event.message = "Brent high firing: price 81.5";
            return std::deque<alerts::AlertEvent> {event};
        };
        return s;
    }

    static void choose(QComboBox* combo, int index)
    {
        combo->setFocus();
        while (combo->currentIndex() < index)
            QTest::keyClick(combo, Qt::Key_Down);
        while (combo->currentIndex() > index)
            QTest::keyClick(combo, Qt::Key_Up);
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void previewShowsTheFirstRowsAndTheCount()
    {
        openStore("preview.sqlite", 120);
        ExportDialog dialog(sources());
        dialog.resize(900, 640);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto* from = dialog.findChild<QDateEdit*>("from");
        from->setDate(m_day);
        QSignalSpy ready(&dialog, &ExportDialog::previewReady);
        QVERIFY(ready.wait(10'000));
        while (ready.wait(500)) { } // the last preview is the one of the last change
        QCOMPARE(ready.constLast().at(0).toLongLong(), 180); // 120 Brent + 60 WTI
        auto* table = dialog.findChild<QTableWidget*>("preview");
        QCOMPARE(table->columnCount(), 8);
        QCOMPARE(table->horizontalHeaderItem(1)->text(), "code");
        QCOMPARE(table->rowCount(), ExportDialog::kPreviewRows);
        QCOMPARE(table->item(1, 6)->text(), "'=HYPERLINK(\"http://evil\")");
        QVERIFY(dialog.findChild<QLabel*>("rows")->text().contains("180"));

        // Wide hour bars: a column per ticked code.
        ready.clear();
        choose(dialog.findChild<QComboBox*>("resolution"), 2);
        choose(dialog.findChild<QComboBox*>("format"), 1);
        QTRY_VERIFY_WITH_TIMEOUT(!ready.isEmpty() && table->columnCount() == 3, 10'000);
        QCOMPARE(table->horizontalHeaderItem(2)->text(), "WTI_USD");
        QCOMPARE(table->rowCount(), 2); // two hours

        // The user guide's picture: minute bars in the long form, a file chosen.
        ready.clear();
        choose(dialog.findChild<QComboBox*>("resolution"), 1);
        choose(dialog.findChild<QComboBox*>("format"), 0);
        dialog.findChild<QLineEdit*>("path")->setText("/home/you/oilwatch-prices.csv"); // the picture only
        QTRY_VERIFY_WITH_TIMEOUT(!ready.isEmpty() && table->columnCount() == 10, 10'000);
        QCOMPARE(ready.constLast().at(0).toLongLong(), 180);
        testing::saveScreenshot(dialog, QStringLiteral("screenshot-export.png"));
    }

    void exportWritesAFileTheStrictReaderTakes()
    {
        openStore("export.sqlite", 300);
        ExportDialog dialog(sources());
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        dialog.findChild<QDateEdit*>("from")->setDate(m_day);
        // Untick Brent: only WTI.
        auto* codes = dialog.findChild<QListWidget*>("codes");
        const QRect brent = codes->visualItemRect(codes->item(0));
        QTest::mouseClick(
            codes->viewport(), Qt::LeftButton, {}, QPoint(brent.left() + 10, brent.center().y()));
        if (codes->item(0)->checkState()
            == Qt::Checked) // the click selected instead of toggling: use the key
            QTest::keyClick(codes, Qt::Key_Space);
        QCOMPARE(codes->item(0)->checkState(), Qt::Unchecked);
        QTest::mouseClick(dialog.findChild<QCheckBox*>("excel"), Qt::LeftButton);
        auto* exportButton = dialog.findChild<QPushButton*>("export");
        QVERIFY(!exportButton->isEnabled()); // no file yet
        const QString path = m_dir.filePath("wti.csv");
        QTest::keyClicks(dialog.findChild<QLineEdit*>("path"), path);
        QVERIFY(exportButton->isEnabled());
        QSignalSpy finished(&dialog, &ExportDialog::exportFinished);
        QTest::mouseClick(exportButton, Qt::LeftButton);
        QVERIFY(finished.wait(20'000));
        QCOMPARE(finished.constFirst().at(1).toString(), QString());
        const auto csv = testing::parseStrictCsv(readAll(path), testing::Bom::Required);
        QVERIFY2(csv.ok(), qPrintable(csv.error));
        QCOMPARE(csv.rows.size(), 150);
        QCOMPARE(csv.cell(0, "code"), "WTI_USD");
        QCOMPARE(csv.cell(0, "price"), "-0.5");
        QVERIFY(dialog.findChild<QLabel*>("status")->text().contains("150 rows"));
    }

    void cancelLeavesNoFileAndTheWindowAnswers()
    {
        openStore("big.sqlite", 60 * 24 * 20); // 20 days of minutes: many slices to cancel between
        ExportDialog dialog(sources());
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        dialog.findChild<QDateEdit*>("from")->setDate(m_day);
        dialog.findChild<QDateEdit*>("to")->setDate(m_day.addDays(30));
        const QString path = m_dir.filePath("cancelled.csv");
        dialog.findChild<QLineEdit*>("path")->setText(path);
        QSignalSpy finished(&dialog, &ExportDialog::exportFinished);
        QTest::mouseClick(dialog.findChild<QPushButton*>("export"), Qt::LeftButton);
        QVERIFY(dialog.isExporting());
        // The GUI thread keeps serving events while the worker writes: a 10 ms timer fires on time.
        QElapsedTimer late;
        late.start();
        QTest::qWait(10);
        QVERIFY2(late.elapsed() < 500, qPrintable(QString::number(late.elapsed())));
        auto* cancel = dialog.findChild<QPushButton*>("cancel");
        QVERIFY(cancel->isEnabled());
        QTest::mouseClick(cancel, Qt::LeftButton);
        QVERIFY(finished.wait(20'000));
        QVERIFY(finished.constFirst().at(2).toBool());
        QVERIFY(!QFile::exists(path));
        QVERIFY(QDir(m_dir.path()).entryList({"cancelled*"}, QDir::Files | QDir::Hidden).isEmpty());
        QVERIFY(dialog.findChild<QLabel*>("status")->text().contains("no file"));
    }

    void sessionAndAlertsToo()
    {
        openStore("session.sqlite", 1);
        QTemporaryDir sessionDir;
        util::ManualClock clock(QDateTime::currentDateTimeUtc());
        report::SessionLog log(sessionDir.path(), clock);
        api::FetchInfo info;
        info.servedFrom = api::ServedFrom::Stale;
        log.recordQuote(testing::quote("WTI_USD", 0), info);
        ExportDialog dialog(sources(sessionDir.path()));
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QSignalSpy ready(&dialog, &ExportDialog::previewReady);
        choose(dialog.findChild<QComboBox*>("what"), 1);
        QTRY_VERIFY_WITH_TIMEOUT(!ready.isEmpty() && ready.constLast().at(0).toLongLong() == 1, 10'000);
        auto* table = dialog.findChild<QTableWidget*>("preview");
        QCOMPARE(table->horizontalHeaderItem(1)->text(), "type");
        QVERIFY(!dialog.findChild<QListWidget*>("codes")->isEnabled());

        ready.clear();
        choose(dialog.findChild<QComboBox*>("what"), 2);
        QTRY_VERIFY_WITH_TIMEOUT(
            !ready.isEmpty() && table->horizontalHeaderItem(1)->text() == "rule", 10'000);
        const QString path = m_dir.filePath("alerts.csv");
        dialog.findChild<QLineEdit*>("path")->setText(path);
        QSignalSpy finished(&dialog, &ExportDialog::exportFinished);
        QTest::mouseClick(dialog.findChild<QPushButton*>("export"), Qt::LeftButton);
        QVERIFY(finished.wait(10'000));
        const auto csv = testing::parseStrictCsv(readAll(path));
        QVERIFY2(csv.ok(), qPrintable(csv.error));
        QCOMPARE(csv.cell(0, "value"), "81.5");
    }

    void anUnwritablePathIsShown()
    {
        openStore("unwritable.sqlite", 1);
        ExportDialog dialog(sources());
        dialog.show();
        const QString path = m_dir.filePath("no/such/dir/x.csv");
        dialog.findChild<QLineEdit*>("path")->setText(path);
        QSignalSpy finished(&dialog, &ExportDialog::exportFinished);
        QTest::mouseClick(dialog.findChild<QPushButton*>("export"), Qt::LeftButton);
        QVERIFY(finished.wait(10'000));
        QVERIFY(finished.constFirst().at(1).toString().contains(path));
        QVERIFY(dialog.findChild<QLabel*>("status")->text().startsWith("Not exported"));
    }
};

QTEST_MAIN(TestExportDialog)
#include "tst_exportdialog.moc"
