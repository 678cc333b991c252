#include "csvpreview.h"
#include "report/csvwriter.h"

#include <QBuffer>
#include <QRandomGenerator>
#include <QTest>

using namespace oilwatch;

class TestCsvPreview : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // The writer's output, fed in pieces cut anywhere (inside quotes, between CR and LF, inside a UTF-8
    // sequence), comes back as the cells written; records after the first N are dropped.
    void readsBackTheWritersCellsWhateverTheChunks()
    {
        const QList<QStringList> rows {
            {"timestamp", "code", "source"},
            {"2026-01-01T00:00:00.000Z", "WTI_USD", "a,b"},
            {"2026-01-01T00:01:00.000Z", "BRENT_CRUDE_USD", "say \"hi\"\r\nnext line"},
            {"2026-01-01T00:02:00.000Z", "", QString::fromUtf8("原油 €")},
            {"2026-01-01T00:03:00.000Z", "X", "dropped"},
        };
        QByteArray bytes;
        {
            QBuffer buffer(&bytes);
            buffer.open(QIODevice::WriteOnly);
            report::CsvWriter csv(buffer, {true});
            for (const QStringList& row : rows) {
                for (const QString& cell : row)
                    csv.text(cell);
                csv.endRow();
            }
        }
        QRandomGenerator random(3);
        for (int round = 0; round < 200; ++round) {
            ui::CsvPreviewDevice device(4);
            for (qsizetype i = 0; i < bytes.size();) {
                const qsizetype n = std::min<qsizetype>(bytes.size() - i, random.bounded(1, 12));
                QCOMPARE(device.write(bytes.constData() + i, n), n);
                i += n;
            }
            QCOMPARE(device.records(), rows.mid(0, 4));
        }
    }
};

QTEST_GUILESS_MAIN(TestCsvPreview)
#include "tst_csvpreview.moc"
