#include "watchlistboard.h"

#include "feed/watchlist.h"
#include "pricetile.h"
#include "sparklinedelegate.h"
#include "tilereorderdrag.h"
#include "watchlisttablemodel.h"

#include <QApplication>
#include <QButtonGroup>
#include <QGridLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QScrollArea>
#include <QScrollBar>
#include <QStackedWidget>
#include <QTableView>
#include <QToolButton>

namespace oilwatch::ui {

namespace {

constexpr int kSpacing = 10;
constexpr int kVisibleTableRows = 8;
const char* const kCloseButton = "removeTile";

} // namespace

WatchlistBoard::WatchlistBoard(const QStringList& codes, std::chrono::milliseconds pollInterval,
    const util::Clock& clock, QWidget* parent)
    : QWidget(parent)
    , m_clock(clock)
    , m_pollInterval(pollInterval)
{
    setObjectName(QStringLiteral("tiles"));

    m_drag = new TileReorderDrag(this, [this] {
        QList<QWidget*> ordered;
        for (PriceTile* tile : tiles())
            ordered << tile;
        return ordered;
    });
    connect(m_drag, &TileReorderDrag::started, this,
        [this](QWidget* tile) { Q_EMIT dragStarted(static_cast<PriceTile*>(tile)->code()); });
    connect(m_drag, &TileReorderDrag::moveRequested, this,
        [this](QWidget* tile, int to) { Q_EMIT moveRequested(static_cast<PriceTile*>(tile)->code(), to); });
    m_count = new QLabel(this);
    m_count->setObjectName(QStringLiteral("watchlistCount"));
    const auto toggle = [this](const QString& text, const QString& name, const QString& tip) {
        auto* button = new QToolButton(this);
        button->setObjectName(name);
        button->setText(text);
        button->setToolTip(tip);
        button->setAccessibleName(tip);
        button->setCheckable(true);
        button->setAutoRaise(true);
        return button;
    };
    m_tilesButton
        = toggle(QStringLiteral("Tiles"), QStringLiteral("showTiles"), QStringLiteral("Show tiles"));
    m_tableButton = toggle(QStringLiteral("Table"), QStringLiteral("showTable"),
        QStringLiteral("Show a compact table with a sparkline per code"));
    auto* group = new QButtonGroup(this);
    group->addButton(m_tilesButton);
    group->addButton(m_tableButton);
    m_tilesButton->setChecked(true);
    connect(m_tilesButton, &QToolButton::clicked, this, [this] { setView(View::Tiles); });
    connect(m_tableButton, &QToolButton::clicked, this, [this] { setView(View::Table); });
    m_add = new QToolButton(this);
    m_add->setObjectName(QStringLiteral("addCodes"));
    m_add->setText(QStringLiteral("Add…"));
    m_add->setToolTip(QStringLiteral("Choose codes from the API's catalogue"));
    m_add->setAccessibleName(QStringLiteral("Add codes to the watchlist"));
    m_add->setAutoRaise(true);
    connect(m_add, &QToolButton::clicked, this, &WatchlistBoard::addRequested);

    auto* header = new QHBoxLayout;
    header->setContentsMargins(0, 0, 0, 0);
    header->addWidget(m_count);
    header->addStretch(1);
    header->addWidget(m_tilesButton);
    header->addWidget(m_tableButton);
    header->addSpacing(8);
    header->addWidget(m_add);

    m_grid = new QWidget;
    m_grid->setObjectName(QStringLiteral("tileGrid"));
    m_gridLayout = new QGridLayout(m_grid);
    m_gridLayout->setContentsMargins(0, 0, 0, 0);
    m_gridLayout->setSpacing(kSpacing);
    m_gridLayout->setAlignment(Qt::AlignTop);
    m_scroll = new QScrollArea;
    m_scroll->setObjectName(QStringLiteral("tileArea"));
    m_scroll->setWidget(m_grid);
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);

    m_model = new WatchlistTableModel(clock, this);
    m_table = new QTableView;
    m_table->setObjectName(QStringLiteral("watchlistTable"));
    m_table->setAccessibleName(QStringLiteral("Watched prices"));
    m_table->setModel(m_model);
    m_sparkline = new SparklineDelegate(WatchlistTableModel::SparkRole, m_table);
    m_table->setItemDelegateForColumn(WatchlistTableModel::Trend, m_sparkline);
    m_table->verticalHeader()->hide();
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(WatchlistTableModel::Trend, QHeaderView::Stretch);
    connect(m_table, &QTableView::customContextMenuRequested, this, [this](const QPoint& pos) {
        const QModelIndex index = m_table->indexAt(pos);
        if (!index.isValid())
            return;
        const QString code = index.data(Qt::UserRole).toString();
        QMenu menu(this);
        QAction* remove = menu.addAction(QStringLiteral("Remove %1 from the watchlist").arg(code));
        remove->setEnabled(m_codes.size() > 1);
        if (menu.exec(m_table->viewport()->mapToGlobal(pos)) == remove)
            Q_EMIT removeRequested(code);
    });

    m_stack = new QStackedWidget(this);
    m_stack->addWidget(m_scroll);
    m_stack->addWidget(m_table);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addLayout(header);
    layout->addWidget(m_stack, 1);
    m_header = header;

    setCodes(codes);
}

void WatchlistBoard::attach(feed::Watchlist& watchlist)
{
    connect(this, &WatchlistBoard::moveRequested, &watchlist,
        [&watchlist](const QString& code, int index) { watchlist.move(code, index); });
    connect(this, &WatchlistBoard::removeRequested, &watchlist,
        [&watchlist](const QString& code) { watchlist.remove(code); });
    connect(
        &watchlist, &feed::Watchlist::changed, this, [this](const QStringList& codes) { setCodes(codes); });
    setCodes(watchlist.codes());
}

QList<PriceTile*> WatchlistBoard::tiles() const
{
    QList<PriceTile*> ordered;
    for (const QString& code : m_codes)
        ordered << m_tiles.value(code);
    return ordered;
}

PriceTile* WatchlistBoard::makeTile(const QString& code)
{
    auto* tile = new PriceTile(code, m_grid);
    tile->setPollInterval(m_pollInterval);
    tile->setContextMenuPolicy(Qt::CustomContextMenu);
    tile->setToolTip(QStringLiteral("Drag to reorder; right-click to remove"));
    tile->installEventFilter(this);
    m_drag->watch(tile);
    connect(tile, &QWidget::customContextMenuRequested, this,
        [this, tile](const QPoint& pos) { showTileMenu(tile, tile->mapToGlobal(pos)); });
    // Shown while the pointer is over the tile, so the grid stays calm; the context menu says it too.
    auto* close = new QToolButton(tile);
    close->setObjectName(QLatin1String(kCloseButton));
    close->setText(QStringLiteral("×"));
    close->setAutoRaise(true);
    close->setToolTip(QStringLiteral("Remove %1 from the watchlist").arg(code));
    close->setAccessibleName(close->toolTip());
    close->setFixedSize(20, 20);
    close->hide();
    connect(close, &QToolButton::clicked, this, [this, code] { Q_EMIT removeRequested(code); });
    return tile;
}

void WatchlistBoard::setCodes(const QStringList& codes)
{
    QStringList unique;
    for (const QString& code : codes) {
        if (!unique.contains(code))
            unique << code;
    }
    for (auto it = m_tiles.begin(); it != m_tiles.end();) {
        if (!unique.contains(it.key())) {
            it.value()->deleteLater();
            it.value()->hide();
            it = m_tiles.erase(it);
        } else {
            ++it;
        }
    }
    for (const QString& code : std::as_const(unique)) {
        if (!m_tiles.contains(code))
            m_tiles.insert(code, makeTile(code));
    }
    m_codes = unique;
    m_model->setCodes(unique);
    updateCount();
    m_columns = 0; // lay out again whatever the width
    relayout();
}

void WatchlistBoard::setValueNote(const QString& note)
{
    m_valueNote = note;
    updateCount();
}

void WatchlistBoard::updateCount()
{
    QString text = m_codes.size() == 1 ? QStringLiteral("Watchlist · 1 code")
                                       : QStringLiteral("Watchlist · %1 codes").arg(m_codes.size());
    if (!m_valueNote.isEmpty())
        text += QStringLiteral(" · ") + m_valueNote;
    m_count->setText(text);
}

int WatchlistBoard::columnsFor(int width) const
{
    int tileWidth = 0;
    for (const PriceTile* tile : std::as_const(m_tiles))
        tileWidth = std::max(tileWidth, tile->minimumWidth());
    tileWidth = std::max(tileWidth, 160);
    const int fit = (std::max(width, 0) + kSpacing) / (tileWidth + kSpacing);
    return std::clamp(fit, 1, std::min<int>(kMaxColumns, std::max<int>(1, int(m_codes.size()))));
}

void WatchlistBoard::relayout()
{
    // From the board's own width (the viewport's lags behind while the window is being laid out, and is not
    // known at all before the first show), less room for the scroll bar once the rows need one.
    int columns = columnsFor(width());
    if ((m_codes.size() + columns - 1) / columns > kVisibleRows)
        columns = columnsFor(width() - m_scroll->verticalScrollBar()->sizeHint().width());
    if (columns != m_columns) {
        m_columns = columns;
        while (m_gridLayout->count() > 0)
            delete m_gridLayout->takeAt(0);
        for (int column = 0; column < m_gridLayout->columnCount(); ++column)
            m_gridLayout->setColumnStretch(column, 0);
        int index = 0;
        for (const QString& code : std::as_const(m_codes)) {
            PriceTile* tile = m_tiles.value(code);
            m_gridLayout->addWidget(tile, index / columns, index % columns);
            tile->show();
            ++index;
        }
        for (int column = 0; column < columns; ++column)
            m_gridLayout->setColumnStretch(column, 1);
    }
    updateHeight();
}

void WatchlistBoard::updateHeight()
{
    int tileHeight = 0;
    for (const PriceTile* tile : std::as_const(m_tiles))
        tileHeight = std::max({tileHeight, tile->sizeHint().height(), tile->minimumSizeHint().height()});
    const int rows = m_columns > 0 ? int((m_codes.size() + m_columns - 1) / m_columns) : 1;
    const int shownRows = std::clamp(rows, 1, kVisibleRows);
    // Beyond the rows shown at first, a peek at the next one says there is more to scroll to. The splitter
    // above the chart lets a person show anything from one row to all of them.
    const int peek = rows > kVisibleRows ? tileHeight / 3 : 0;
    const auto rowsHigh = [tileHeight](int n) { return n * tileHeight + (n - 1) * kSpacing; };
    m_tilesHeight = {tileHeight, rowsHigh(shownRows) + peek, rowsHigh(rows)};
    const int rowHeight = m_table->verticalHeader()->defaultSectionSize();
    const int chrome = m_table->horizontalHeader()->sizeHint().height() + 2 * m_table->frameWidth() + 2;
    const int tableRows = std::clamp(int(m_codes.size()), 1, kVisibleTableRows);
    m_tableHeight
        = {chrome + rowHeight, chrome + tableRows * rowHeight, chrome + int(m_codes.size()) * rowHeight};
    const Heights& shown = m_view == View::Tiles ? m_tilesHeight : m_tableHeight;
    m_stack->setMinimumHeight(shown.least);
    m_stack->setMaximumHeight(shown.most);
    setMaximumHeight(m_header->sizeHint().height() + layout()->spacing() + shown.most);
    updateGeometry();
    if (const int preferred = sizeHint().height(); preferred != m_lastPreferredHeight) {
        m_lastPreferredHeight = preferred;
        Q_EMIT preferredHeightChanged(preferred);
    }
}

QSize WatchlistBoard::sizeHint() const
{
    const Heights& shown = m_view == View::Tiles ? m_tilesHeight : m_tableHeight;
    return {
        QWidget::sizeHint().width(), m_header->sizeHint().height() + layout()->spacing() + shown.preferred};
}

void WatchlistBoard::setView(View view)
{
    if (view == m_view)
        return;
    m_view = view;
    m_stack->setCurrentIndex(view == View::Tiles ? 0 : 1);
    (view == View::Tiles ? m_tilesButton : m_tableButton)->setChecked(true);
    updateHeight();
    Q_EMIT viewChanged(view);
}

void WatchlistBoard::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    relayout();
}

void WatchlistBoard::showQuote(const api::Quote& quote, const api::FetchInfo& info, const util::Clock& clock)
{
    if (PriceTile* tile = m_tiles.value(quote.code))
        tile->setQuote(quote, info, clock);
    m_model->addQuote(quote, info);
}

void WatchlistBoard::seedHistory(const QString& code, const QList<api::Quote>& quotesOldestFirst)
{
    m_model->seedHistory(code, quotesOldestFirst);
}

void WatchlistBoard::refreshAges(const util::Clock& clock)
{
    for (PriceTile* tile : std::as_const(m_tiles))
        tile->refreshAge(clock);
    m_model->refreshAges();
}

void WatchlistBoard::showTileMenu(PriceTile* tile, const QPoint& globalPos)
{
    const QString code = tile->code();
    const int at = int(m_codes.indexOf(code));
    QMenu menu(this);
    QAction* left = menu.addAction(QStringLiteral("Move earlier"));
    left->setEnabled(at > 0);
    QAction* right = menu.addAction(QStringLiteral("Move later"));
    right->setEnabled(at + 1 < m_codes.size());
    menu.addSeparator();
    QAction* remove = menu.addAction(QStringLiteral("Remove %1 from the watchlist").arg(code));
    remove->setEnabled(m_codes.size() > 1);
    QAction* chosen = menu.exec(globalPos);
    if (chosen == remove)
        Q_EMIT removeRequested(code);
    else if (chosen == left)
        Q_EMIT moveRequested(code, at - 1);
    else if (chosen == right)
        Q_EMIT moveRequested(code, at + 1);
}

bool WatchlistBoard::eventFilter(QObject* watched, QEvent* event)
{
    auto* tile = qobject_cast<PriceTile*>(watched);
    if (!tile || !m_tiles.contains(tile->code()))
        return QWidget::eventFilter(watched, event);
    auto* close = tile->findChild<QToolButton*>(QLatin1String(kCloseButton));
    switch (event->type()) {
    case QEvent::LayoutRequest:
        // A tile grows when its texts do (a note, a suspect badge): the rows shown must grow with it, or its
        // foot is cut off behind a scroll bar. Once, after the tile's own layout has settled.
        if (!m_heightUpdatePending) {
            m_heightUpdatePending = true;
            QMetaObject::invokeMethod(
                this,
                [this] {
                    m_heightUpdatePending = false;
                    updateHeight();
                },
                Qt::QueuedConnection);
        }
        break;
    case QEvent::Enter:
        if (close && m_codes.size() > 1) {
            close->move(tile->width() - close->width() - 4, 4);
            close->raise();
            close->show();
        }
        break;
    case QEvent::Leave:
        if (close)
            close->hide();
        break;
    default:
        break;
    }
    return QWidget::eventFilter(watched, event);
}

int WatchlistBoard::dropIndexAt(const QPoint& pos) const
{
    QList<QRect> rects;
    for (const PriceTile* tile : tiles())
        rects << QRect(tile->mapTo(this, QPoint(0, 0)), tile->size());
    return TileReorderDrag::insertionIndex(rects, pos);
}

void WatchlistBoard::setPollInterval(std::chrono::milliseconds interval)
{
    m_pollInterval = interval;
    for (PriceTile* tile : tiles())
        tile->setPollInterval(interval);
}

} // namespace oilwatch::ui
