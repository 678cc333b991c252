// The in-board drag of tiles, with plain widgets for tiles: where a drop lands (table-driven, against the
// rectangles), the bar that shows it while dragging, and a drag that ends where it began moving nothing.
#include "tilereorderdrag.h"

#include <QFrame>
#include <QHBoxLayout>
#include <QSignalSpy>
#include <QTest>

using oilwatch::ui::TileReorderDrag;

namespace {

// Four 100×60 tiles in a row, 10 px apart, from x = 0.
QList<QRect> row()
{
    return {QRect(0, 0, 100, 60), QRect(110, 0, 100, 60), QRect(220, 0, 100, 60), QRect(330, 0, 100, 60)};
}

} // namespace

class TestTileReorderDrag : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void insertionIndex_data()
    {
        QTest::addColumn<QPoint>("pos");
        QTest::addColumn<int>("index");
        QTest::newRow("left half of the first") << QPoint(20, 30) << 0;
        QTest::newRow("right half of the first") << QPoint(80, 30) << 1;
        QTest::newRow("right half of the third") << QPoint(300, 30) << 3;
        QTest::newRow("right half of the last") << QPoint(420, 30) << 4;
        QTest::newRow("in a gap, nearer the second's left") << QPoint(108, 30) << 1;
        QTest::newRow("far below the last") << QPoint(400, 900) << 4;
        QTest::newRow("far left") << QPoint(-500, 30) << 0;
    }

    void insertionIndex()
    {
        QFETCH(QPoint, pos);
        QFETCH(int, index);
        QCOMPARE(TileReorderDrag::insertionIndex(row(), pos), index);
    }

    void nothingToDropAmong() { QCOMPARE(TileReorderDrag::insertionIndex({}, QPoint(5, 5)), 0); }

    // While dragging the first tile over the third's right half, the bar stands before the fourth; the drop
    // asks to move it to index 2 (counted with it taken out). Back onto itself, nothing is asked.
    void theBarShowsTheGapAndTheDropMoves()
    {
        QWidget board;
        auto* layout = new QHBoxLayout(&board);
        QList<QWidget*> tiles;
        for (int i = 0; i < 4; ++i) {
            auto* tile = new QFrame(&board);
            tile->setFixedSize(100, 60);
            layout->addWidget(tile);
            tiles << tile;
        }
        TileReorderDrag drag(&board, [&tiles] { return tiles; });
        for (QWidget* tile : tiles)
            drag.watch(tile);
        board.show();
        QVERIFY(QTest::qWaitForWindowExposed(&board));
        QSignalSpy started(&drag, &TileReorderDrag::started);
        QSignalSpy moved(&drag, &TileReorderDrag::moveRequested);

        QWidget* first = tiles.at(0);
        QWidget* third = tiles.at(2);
        const QPoint overThird = third->mapTo(&board, QPoint(third->width() * 3 / 4, 30));
        QTest::mousePress(first, Qt::LeftButton, {}, QPoint(50, 30));
        QTest::mouseMove(first, QPoint(80, 30));
        QVERIFY(drag.isDragging());
        QCOMPARE(started.size(), 1);
        // While the button is down Qt sends the moves to the pressed tile (the implicit grab); so do we.
        QTest::mouseMove(first, first->mapFrom(&board, overThird));
        QVERIFY(drag.marker()->isVisible());
        const int fourthLeft = tiles.at(3)->mapTo(&board, QPoint(0, 0)).x();
        QVERIFY2(drag.marker()->geometry().right() < fourthLeft
                && drag.marker()->geometry().left() > third->mapTo(&board, QPoint(0, 0)).x(),
            qPrintable(QStringLiteral("bar at %1").arg(drag.marker()->geometry().left())));
        QTest::mouseRelease(first, Qt::LeftButton, {}, first->mapFrom(&board, overThird));
        QVERIFY(!drag.isDragging());
        QVERIFY(!drag.marker()->isVisible());
        QCOMPARE(moved.size(), 1);
        QCOMPARE(moved.constFirst().at(0).value<QWidget*>(), first);
        QCOMPARE(moved.constFirst().at(1).toInt(), 2);

        QTest::mousePress(first, Qt::LeftButton, {}, QPoint(50, 30));
        QTest::mouseMove(first, QPoint(80, 30));
        QTest::mouseRelease(first, Qt::LeftButton, {}, QPoint(70, 30)); // its own right half: index 1 → 0
        QCOMPARE(started.size(), 2);
        QCOMPARE(moved.size(), 1);
    }
};

QTEST_MAIN(TestTileReorderDrag)
#include "tst_tilereorderdrag.moc"
