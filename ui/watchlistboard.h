#pragma once

#include "api/apierror.h"
#include "api/quote.h"

#include <chrono>

#include <QHash>
#include <QPointer>
#include <QStringList>
#include <QWidget>

class QGridLayout;
class QLabel;
class QScrollArea;
class QStackedWidget;
class QTableView;
class QToolButton;

namespace oilwatch::util {
class Clock;
}
namespace oilwatch::feed {
class Watchlist;
}

namespace oilwatch::ui {

class PriceTile;
class TileReorderDrag;
class SparklineDelegate;
class WatchlistTableModel;

// The watched codes at a glance: a tile per code in a responsive grid (as many columns as the width holds,
// scrolling beyond a few rows, so 1 to 50 codes never break the window), or a compact table with a
// sparkline per row for long lists. Tiles are reordered by dragging one onto another's place and removed
// from their context menu or their × button; the Add… button asks for the catalogue picker.
//
// The board only shows and asks: a change is requested with a signal and takes effect when setCodes()
// comes back, so the watchlist (attach()) decides and saves.
class WatchlistBoard final : public QWidget
{
    Q_OBJECT
public:
    enum class View
    {
        Tiles,
        Table
    };
    // Tiles never get narrower than their own minimum; more than this many columns is hard to scan.
    static constexpr int kMaxColumns = 6;
    // Rows of tiles shown before the grid scrolls, so that the chart below always keeps its room.
    static constexpr int kVisibleRows = 2;

    WatchlistBoard(const QStringList& codes, std::chrono::milliseconds pollInterval, const util::Clock& clock,
        QWidget* parent = nullptr);

    // Follows `watchlist` from now on (its changes come back through setCodes) and sends it every move and
    // remove asked for here. It must outlive the board.
    void attach(feed::Watchlist& watchlist);

    QStringList codes() const { return m_codes; }
    PriceTile* tile(const QString& code) const { return m_tiles.value(code); }
    QList<PriceTile*> tiles() const; // in the watchlist's order
    // A new poll interval: every tile's "aging" follows it, tiles added later too.
    void setPollInterval(std::chrono::milliseconds interval);
    // Adds tiles for new codes, drops those of codes that left, keeps every other tile (and what it shows)
    // and lays them out in the new order.
    void setCodes(const QStringList& codes);

    View view() const { return m_view; }
    void setView(View view);
    int columnCount() const { return m_columns; }
    // How many columns of tiles `width` pixels hold.
    int columnsFor(int width) const;
    QTableView* table() const { return m_table; }
    WatchlistTableModel* tableModel() const { return m_model; }
    SparklineDelegate* sparklineDelegate() const { return m_sparkline; }
    QToolButton* addButton() const { return m_add; }
    QScrollArea* tileArea() const { return m_scroll; }
    // Where a drop at `pos` (board coordinates) would put a dragged tile: its index in the list.
    int dropIndexAt(const QPoint& pos) const;

    void showQuote(const api::Quote& quote, const api::FetchInfo& info, const util::Clock& clock);
    void seedHistory(const QString& code, const QList<api::Quote>& quotesOldestFirst);
    void refreshAges(const util::Clock& clock);
    // Said next to the count, about every value shown: "demo (limited)".
    void setValueNote(const QString& note);
    // Header and the rows shown at first (kVisibleRows of tiles, kVisibleTableRows of the table); at most all
    // rows, at least one (the minimum and maximum heights).
    QSize sizeHint() const override;

Q_SIGNALS:
    void moveRequested(const QString& code, int index);
    void removeRequested(const QString& code);
    void addRequested(); // the Add… button: the lead's picker (or WatchlistDialog) answers it
    void viewChanged(oilwatch::ui::WatchlistBoard::View view);
    void dragStarted(const QString& code); // a tile is being dragged (TileReorderDrag)
    // sizeHint() changed: the rows shown at first are known once the width is (the window's splitter gives
    // the board that height until the user moves the handle).
    void preferredHeightChanged(int height);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    PriceTile* makeTile(const QString& code);
    void relayout();
    void updateHeight();
    void updateCount();
    void showTileMenu(PriceTile* tile, const QPoint& globalPos);

    const util::Clock& m_clock;
    std::chrono::milliseconds m_pollInterval;
    QStringList m_codes;
    QHash<QString, PriceTile*> m_tiles;
    View m_view = View::Tiles;
    int m_columns = 0;
    bool m_heightUpdatePending = false;
    TileReorderDrag* m_drag = nullptr;
    struct Heights
    {
        int least = 0, preferred = 0, most = QWIDGETSIZE_MAX;
    };
    Heights m_tilesHeight, m_tableHeight; // of the tiles' and the table's area
    QLayout* m_header = nullptr;
    int m_lastPreferredHeight = -1;
    QLabel* m_count = nullptr;
    QString m_valueNote;
    QToolButton* m_tilesButton = nullptr;
    QToolButton* m_tableButton = nullptr;
    QToolButton* m_add = nullptr;
    QStackedWidget* m_stack = nullptr;
    QScrollArea* m_scroll = nullptr;
    QWidget* m_grid = nullptr;
    QGridLayout* m_gridLayout = nullptr;
    QTableView* m_table = nullptr;
    WatchlistTableModel* m_model = nullptr;
    SparklineDelegate* m_sparkline = nullptr;
};

} // namespace oilwatch::ui
