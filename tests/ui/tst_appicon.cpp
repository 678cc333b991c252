#include "appicon.h"

#include <QtTest>

using namespace oilwatch;

class TestAppIcon : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void hasEveryExportedSize()
    {
        const QIcon icon = ui::applicationIcon();
        QVERIFY(!icon.isNull());
        const QList<QSize> sizes = icon.availableSizes();
        for (const int n : {16, 22, 24, 32, 48, 64, 128, 256, 512})
            QVERIFY2(sizes.contains(QSize(n, n)), qPrintable(QString::number(n)));
    }

    void smallSizeIsDrawnNotScaled()
    {
        // The 16 px picture is its own file: opaque in the middle (the drop), transparent in the corner
        // (the tile's rounded edge).
        const QImage image = ui::applicationIcon().pixmap(16, 16).toImage();
        QCOMPARE(image.size(), QSize(16, 16));
        QCOMPARE(qAlpha(image.pixel(8, 8)), 255);
        QCOMPARE(qAlpha(image.pixel(0, 0)), 0);
    }
};

QTEST_MAIN(TestAppIcon)
#include "tst_appicon.moc"
