#include "chartexport.h"
#include "qtchartspricechart.h"
#include "util/utc.h"

#include <QFile>
#include <QImage>
#include <QTemporaryDir>
#include <QXmlStreamReader>
#include <QtTest>

using namespace oilwatch;

class TestChartExport : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;

    static void fill(ui::QtChartsPriceChart& chart)
    {
        const QDateTime t0 = QDateTime::fromSecsSinceEpoch(1'767'225'600, util::utc());
        for (int i = 0; i < 60; ++i) {
            chart.addPoint("WTI_USD", t0.addSecs(i * 60), 70.0 + (i % 9) * 0.3);
            chart.addPoint("BRENT_CRUDE_USD", t0.addSecs(i * 60), 80.0 - (i % 7) * 0.2);
        }
        chart.resize(800, 400);
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void pngLoadsBackAtTheChartsSize()
    {
        ui::QtChartsPriceChart chart;
        fill(chart);
        const QString path = m_dir.filePath("chart.png");
        const auto error = ui::exportWidgetImage(chart, path);
        QVERIFY2(!error, qPrintable(error.value_or(QString())));
        QImage image;
        QVERIFY(image.load(path, "PNG"));
        QCOMPARE(image.size(), QSize(800, 400));
    }

    // Well-formed XML with an <svg> root of the chart's size that draws paths (the lines) and text (the axes
    // and the legend, as text, not pixels).
    void svgIsWellFormedVectorOutput()
    {
        ui::QtChartsPriceChart chart;
        fill(chart);
        const QString path = m_dir.filePath("Chart.SVG"); // the suffix in any case
        const auto error = ui::exportWidgetImage(chart, path);
        QVERIFY2(!error, qPrintable(error.value_or(QString())));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QXmlStreamReader xml(&file);
        QString root;
        int paths = 0;
        QStringList texts;
        while (!xml.atEnd()) {
            if (xml.readNext() != QXmlStreamReader::StartElement)
                continue;
            if (root.isEmpty()) {
                root = xml.name().toString();
                QCOMPARE(xml.attributes().value("width").toString(),
                    QStringLiteral("282.222mm")); // 800 px at 72 dpi
            }
            if (xml.name() == QLatin1String("path") || xml.name() == QLatin1String("polyline"))
                ++paths;
            if (xml.name() == QLatin1String("text"))
                texts << xml.readElementText(QXmlStreamReader::IncludeChildElements);
        }
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        QCOMPARE(root, QStringLiteral("svg"));
        QVERIFY(paths > 2);
        QVERIFY2(texts.join(' ').contains(QStringLiteral("WTI_USD")), qPrintable(texts.join('|')));
    }

    void otherSuffixesAreRefusedAndNothingIsWritten()
    {
        ui::QtChartsPriceChart chart;
        fill(chart);
        const QString path = m_dir.filePath("chart.jpg");
        const auto error = ui::exportWidgetImage(chart, path);
        QVERIFY(error);
        QVERIFY(error->contains(QStringLiteral(".png or .svg")));
        QVERIFY(!QFile::exists(path));
    }

    void anUnwritablePlaceIsAClearError()
    {
        ui::QtChartsPriceChart chart;
        fill(chart);
        const auto error = ui::exportWidgetImage(chart, m_dir.filePath("no/such/dir/chart.png"));
        QVERIFY(error);
        QVERIFY2(error->startsWith(QStringLiteral("Cannot write")), qPrintable(*error));
    }
};

QTEST_MAIN(TestChartExport)
#include "tst_chartexport.moc"
