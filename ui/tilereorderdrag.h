#pragma once

#include <functional>

#include <QList>
#include <QObject>
#include <QPoint>
#include <QPointer>
#include <QRect>

class QFrame;
class QLabel;
class QWidget;

namespace oilwatch::ui {

// Reorders the tiles of a board by dragging one with the mouse: past the platform's drag distance a
// translucent copy of the tile follows the pointer and a bar marks the gap it will land in; releasing puts it
// there, Escape leaves the order as it was. A drag inside the widget rather than a QDrag: the tiles never
// leave their board, and every platform (the offscreen one of the tests too) delivers the same mouse events,
// so the whole gesture is tested as a hand does it.
class TileReorderDrag final : public QObject
{
    Q_OBJECT
public:
    // `tilesInOrder` gives the board's tiles in their current order.
    TileReorderDrag(QWidget* board, std::function<QList<QWidget*>()> tilesInOrder);

    // Starts following `tile`'s mouse presses (and its child widgets' are not: a × button stays a button).
    void watch(QWidget* tile);
    bool isDragging() const { return m_dragged != nullptr; }
    // The bar that marks where the tile would land, visible while dragging (for tests).
    const QFrame* marker() const { return m_marker; }

    // Where a tile dropped at `pos` goes among `rects` (in order, board coordinates), counting the dragged
    // tile in place: the tile under the point, or the nearest, before it on its left half and after it on
    // its right half.
    static int insertionIndex(const QList<QRect>& rects, const QPoint& pos);

Q_SIGNALS:
    void started(QWidget* tile);
    // `to` counts the dragged tile taken out of the list, as Watchlist::move does; only when it moves.
    void moveRequested(QWidget* tile, int to);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    QList<QRect> tileRects() const;
    void begin(QWidget* tile);
    void follow(const QPoint& boardPos);
    void finish(const QPoint& boardPos, bool drop);

    QWidget* m_board;
    std::function<QList<QWidget*>()> m_tilesInOrder;
    QPointer<QWidget> m_pressed;
    QPoint m_pressPos; // in the pressed tile
    QPointer<QWidget> m_dragged;
    QLabel* m_ghost = nullptr;
    QFrame* m_marker = nullptr;
};

} // namespace oilwatch::ui
