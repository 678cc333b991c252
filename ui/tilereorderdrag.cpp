#include "tilereorderdrag.h"

#include <limits>

#include <QApplication>
#include <QFrame>
#include <QKeyEvent>
#include <QLabel>
#include <QMouseEvent>
#include <QPainter>
#include <QWidget>

namespace oilwatch::ui {

namespace {

constexpr int kMarkerWidth = 4;
constexpr qreal kGhostOpacity = 0.75;

} // namespace

TileReorderDrag::TileReorderDrag(QWidget* board, std::function<QList<QWidget*>()> tilesInOrder)
    : QObject(board)
    , m_board(board)
    , m_tilesInOrder(std::move(tilesInOrder))
{
    m_ghost = new QLabel(board);
    m_ghost->setObjectName(QStringLiteral("dragGhost"));
    m_ghost->setAttribute(Qt::WA_TransparentForMouseEvents);
    m_ghost->hide();
    m_marker = new QFrame(board);
    m_marker->setObjectName(QStringLiteral("dropMarker"));
    m_marker->setAttribute(Qt::WA_TransparentForMouseEvents);
    m_marker->setAutoFillBackground(true);
    m_marker->setBackgroundRole(QPalette::Highlight);
    m_marker->hide();
    board->installEventFilter(this); // Escape, while the board holds the keyboard during a drag
}

void TileReorderDrag::watch(QWidget* tile)
{
    tile->installEventFilter(this);
}

int TileReorderDrag::insertionIndex(const QList<QRect>& rects, const QPoint& pos)
{
    int best = -1;
    qint64 bestDistance = std::numeric_limits<qint64>::max();
    for (int i = 0; i < rects.size(); ++i) {
        const QPoint delta = rects.at(i).center() - pos;
        const qint64 distance
            = rects.at(i).contains(pos) ? -1 : qint64(delta.x()) * delta.x() + qint64(delta.y()) * delta.y();
        if (distance < bestDistance) {
            bestDistance = distance;
            best = i;
        }
    }
    if (best < 0)
        return 0;
    return pos.x() < rects.at(best).center().x() ? best : best + 1;
}

QList<QRect> TileReorderDrag::tileRects() const
{
    QList<QRect> rects;
    for (const QWidget* tile : m_tilesInOrder())
        rects << QRect(tile->mapTo(m_board, QPoint(0, 0)), tile->size());
    return rects;
}

bool TileReorderDrag::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_board) {
        if (event->type() == QEvent::KeyPress && isDragging()
            && static_cast<QKeyEvent*>(event)->key() == Qt::Key_Escape) {
            finish({}, false);
            return true;
        }
        return false;
    }
    auto* tile = qobject_cast<QWidget*>(watched);
    if (!tile)
        return false;
    switch (event->type()) {
    case QEvent::MouseButtonPress: {
        auto* mouse = static_cast<QMouseEvent*>(event);
        if (mouse->button() == Qt::LeftButton) {
            m_pressed = tile;
            m_pressPos = mouse->position().toPoint();
        }
        return false;
    }
    case QEvent::MouseMove: {
        auto* mouse = static_cast<QMouseEvent*>(event);
        const QPoint pos = mouse->position().toPoint();
        if (isDragging()) {
            follow(tile->mapTo(m_board, pos));
            return true;
        }
        if (m_pressed == tile && (mouse->buttons() & Qt::LeftButton)
            && (pos - m_pressPos).manhattanLength() >= QApplication::startDragDistance()) {
            begin(tile);
            follow(tile->mapTo(m_board, pos));
            return true;
        }
        return false;
    }
    case QEvent::MouseButtonRelease: {
        m_pressed.clear();
        if (!isDragging())
            return false;
        finish(tile->mapTo(m_board, static_cast<QMouseEvent*>(event)->position().toPoint()), true);
        return true;
    }
    default:
        return false;
    }
}

void TileReorderDrag::begin(QWidget* tile)
{
    m_dragged = tile;
    m_pressed.clear();
    // Half the tile's size, a little see-through, so the gap it goes to stays visible under it.
    const QPixmap image = tile->grab();
    QPixmap ghost(image.size() / 2);
    ghost.fill(Qt::transparent);
    QPainter painter(&ghost);
    painter.setOpacity(kGhostOpacity);
    painter.drawPixmap(ghost.rect(), image);
    painter.end();
    m_ghost->setPixmap(ghost);
    m_ghost->resize(ghost.size());
    m_ghost->raise();
    m_ghost->show();
    m_marker->raise();
    m_board->grabKeyboard();
    Q_EMIT started(tile);
}

void TileReorderDrag::follow(const QPoint& boardPos)
{
    m_ghost->move(boardPos - m_pressPos / 2);
    const QList<QRect> rects = tileRects();
    if (rects.isEmpty())
        return;
    const int index = insertionIndex(rects, boardPos);
    // The bar stands in the gap before tile `index` (after the last one at the end).
    const QRect near = rects.at(std::min<int>(index, int(rects.size()) - 1));
    const int x = index < rects.size() ? near.left() - kMarkerWidth : near.right() + 1;
    m_marker->setGeometry(x, near.top(), kMarkerWidth, near.height());
    m_marker->show();
}

void TileReorderDrag::finish(const QPoint& boardPos, bool drop)
{
    QPointer<QWidget> dragged = m_dragged;
    m_dragged.clear();
    m_ghost->hide();
    m_marker->hide();
    m_board->releaseKeyboard();
    if (!drop || !dragged)
        return;
    const QList<QWidget*> tiles = m_tilesInOrder();
    const int from = int(tiles.indexOf(dragged));
    int to = insertionIndex(tileRects(), boardPos);
    if (to > from)
        --to; // the insertion point counted the dragged tile in place
    if (from >= 0 && to != from)
        Q_EMIT moveRequested(dragged, to);
}

} // namespace oilwatch::ui
