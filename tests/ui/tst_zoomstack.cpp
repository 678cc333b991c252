#include "zoomstack.h"

#include <QTest>

using namespace oilwatch::ui;

class TestZoomStack : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void backReturnsRangesInReverseOrder()
    {
        ZoomStack stack;
        QVERIFY(!stack.canGoBack());
        stack.push(std::nullopt); // the live view, left by the first zoom
        stack.push(TimeRange {0, 100});
        stack.push(TimeRange {10, 50});
        QCOMPARE(stack.depth(), std::size_t(3));
        QCOMPARE(stack.pop(), ZoomStack::Entry(TimeRange {10, 50}));
        QCOMPARE(stack.pop(), ZoomStack::Entry(TimeRange {0, 100}));
        QCOMPARE(stack.pop(), ZoomStack::Entry(std::nullopt));
        QVERIFY(!stack.canGoBack());
    }

    void clearForgetsEverything()
    {
        ZoomStack stack;
        stack.push(TimeRange {1, 2});
        stack.clear();
        QVERIFY(!stack.canGoBack());
    }

    void depthIsBoundedAndTheOldestGoesFirst()
    {
        ZoomStack stack;
        for (qint64 i = 0; i < qint64(ZoomStack::kMaxDepth) + 10; ++i)
            stack.push(TimeRange {i, i + 1});
        QCOMPARE(stack.depth(), ZoomStack::kMaxDepth);
        ZoomStack::Entry last;
        while (stack.canGoBack())
            last = stack.pop();
        QCOMPARE(last, ZoomStack::Entry(TimeRange {10, 11}));
    }
};

QTEST_APPLESS_MAIN(TestZoomStack)
#include "tst_zoomstack.moc"
