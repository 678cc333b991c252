#include "watchlistdialog.h"

#include "displayformat.h"
#include "feed/watchlist.h"
#include "theme.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QStandardItemModel>
#include <QTableView>
#include <QVBoxLayout>

namespace oilwatch::ui {

namespace {

constexpr int kCodeRole = Qt::UserRole + 1;

} // namespace

WatchlistDialog::WatchlistDialog(feed::Watchlist& watchlist, const QString& note, QWidget* parent)
    : QDialog(parent)
    , m_watchlist(watchlist)
{
    setObjectName(QStringLiteral("watchlistDialog"));
    setWindowTitle(QStringLiteral("Edit watchlist"));
    resize(640, 520);

    m_note = new QLabel(this);
    m_note->setObjectName(QStringLiteral("catalogueNote"));
    m_note->setWordWrap(true);
    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("catalogueSearch"));
    m_search->setPlaceholderText(QStringLiteral("Search by name, code or category"));
    m_search->setAccessibleName(QStringLiteral("Search the catalogue"));
    m_search->setClearButtonEnabled(true);

    m_model = new QStandardItemModel(0, ColumnCount, this);
    m_model->setHorizontalHeaderLabels({QStringLiteral("Watched"), QStringLiteral("Name"),
        QStringLiteral("Code"), QStringLiteral("Category")});
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setFilterKeyColumn(-1); // name, code and category alike (the Watched column holds only marks)
    m_proxy->setSortCaseSensitivity(Qt::CaseInsensitive);
    m_view = new QTableView(this);
    m_view->setObjectName(QStringLiteral("catalogueView"));
    m_view->setModel(m_proxy);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setSortingEnabled(true);
    m_view->verticalHeader()->hide();
    m_view->setAlternatingRowColors(true);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_view->horizontalHeader()->setSectionResizeMode(Name, QHeaderView::Stretch);
    m_view->setAccessibleName(QStringLiteral("Catalogue"));

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("watchlistStatus"));
    m_status->setWordWrap(true);
    m_add = new QPushButton(QStringLiteral("&Add"), this);
    m_add->setObjectName(QStringLiteral("addCode"));
    m_remove = new QPushButton(QStringLiteral("&Remove"), this);
    m_remove->setObjectName(QStringLiteral("removeCode"));
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* actions = new QHBoxLayout;
    actions->addWidget(m_add);
    actions->addWidget(m_remove);
    actions->addStretch(1);
    actions->addWidget(buttons);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_note);
    layout->addWidget(m_search);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_status);
    layout->addLayout(actions);

    connect(m_search, &QLineEdit::textChanged, this, [this](const QString& text) {
        m_proxy->setFilterFixedString(text.trimmed());
        updateButtons();
    });
    connect(m_search, &QLineEdit::returnPressed, this, &WatchlistDialog::addSelected);
    connect(m_add, &QPushButton::clicked, this, &WatchlistDialog::addSelected);
    connect(m_remove, &QPushButton::clicked, this, &WatchlistDialog::removeSelected);
    connect(m_view, &QTableView::doubleClicked, this, [this](const QModelIndex& index) {
        const QString code = index.data(kCodeRole).toString();
        if (m_watchlist.contains(code))
            removeSelected();
        else
            addSelected();
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
        &WatchlistDialog::updateButtons);
    connect(&m_watchlist, &feed::Watchlist::changed, this, &WatchlistDialog::markWatched);

    fill();
    const int known = int(m_model->rowCount());
    if (known == 0)
        m_note->setText(
            QStringLiteral("No catalogue yet: the API's list of codes has not been loaded and none is "
                           "stored. Type a code (e.g. BRENT_CRUDE_USD) and press Add.")
            + (note.isEmpty() ? QString() : QLatin1Char(' ') + note));
    else
        m_note->setText(QStringLiteral("%1 codes in the catalogue%2.")
                            .arg(known)
                            .arg(note.isEmpty() ? QString() : QStringLiteral(", ") + note));
    m_view->sortByColumn(Name, Qt::AscendingOrder);
    m_search->setFocus();
    markWatched();
}

void WatchlistDialog::fill()
{
    const QList<validation::CatalogueEntry> entries = m_watchlist.catalogue().entries();
    for (const validation::CatalogueEntry& entry : entries) {
        QList<QStandardItem*> row;
        for (int column = 0; column < ColumnCount; ++column) {
            auto* item = new QStandardItem;
            item->setData(entry.code, kCodeRole);
            row << item;
        }
        row[Name]->setText(entry.name.isEmpty() ? displayName(entry.code) : entry.name);
        row[Code]->setText(entry.code);
        row[Category]->setText(entry.category);
        row[Watched]->setTextAlignment(Qt::AlignCenter);
        m_model->appendRow(row);
    }
}

void WatchlistDialog::markWatched()
{
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const QString code = m_model->item(row, Code)->text();
        const bool watched = m_watchlist.contains(code);
        m_model->item(row, Watched)->setText(watched ? QStringLiteral("✓") : QString());
        m_model->item(row, Watched)->setData(watched ? 0 : 1, Qt::InitialSortOrderRole);
        for (int column = 0; column < ColumnCount; ++column) {
            QFont font = m_view->font();
            font.setBold(watched);
            m_model->item(row, column)->setFont(font);
        }
    }
    say(QStringLiteral("%1 of %2 codes watched.").arg(m_watchlist.size()).arg(feed::Watchlist::kMaxCodes),
        false);
    updateButtons();
}

QStringList WatchlistDialog::shownCodes() const
{
    QStringList codes;
    for (int row = 0; row < m_proxy->rowCount(); ++row)
        codes << m_proxy->index(row, Code).data().toString();
    return codes;
}

QStringList WatchlistDialog::selectedCodes() const
{
    QStringList codes;
    const QModelIndexList rows = m_view->selectionModel()->selectedRows(Code);
    for (const QModelIndex& index : rows)
        codes << index.data(kCodeRole).toString();
    return codes;
}

void WatchlistDialog::addSelected()
{
    QStringList codes = selectedCodes();
    if (codes.isEmpty() && m_proxy->rowCount() == 1)
        codes << m_proxy->index(0, Code).data(kCodeRole).toString(); // the one match of the search
    if (codes.isEmpty() && !m_search->text().trimmed().isEmpty())
        codes << feed::Watchlist::parseList(m_search->text()); // typed by hand (no catalogue, or a new code)
    QStringList added;
    for (const QString& code : std::as_const(codes)) {
        if (m_watchlist.contains(code))
            continue;
        if (const auto error = m_watchlist.add(code)) {
            say(error->message, true);
            return;
        }
        added << code;
    }
    if (!added.isEmpty())
        say(QStringLiteral("Added %1. %2 of %3 codes watched.")
                .arg(added.join(QStringLiteral(", ")))
                .arg(m_watchlist.size())
                .arg(feed::Watchlist::kMaxCodes),
            false);
}

void WatchlistDialog::removeSelected()
{
    QStringList removed;
    for (const QString& code : selectedCodes()) {
        if (!m_watchlist.contains(code))
            continue;
        if (const auto error = m_watchlist.remove(code)) {
            say(error->message, true);
            return;
        }
        removed << code;
    }
    if (!removed.isEmpty())
        say(QStringLiteral("Removed %1. %2 of %3 codes watched.")
                .arg(removed.join(QStringLiteral(", ")))
                .arg(m_watchlist.size())
                .arg(feed::Watchlist::kMaxCodes),
            false);
}

void WatchlistDialog::say(const QString& text, bool problem)
{
    m_status->setText(text);
    QPalette p = m_status->palette();
    p.setColor(
        QPalette::WindowText, problem ? errorColour(palette()) : palette().color(QPalette::WindowText));
    m_status->setPalette(p);
}

QString WatchlistDialog::statusText() const
{
    return m_status->text();
}

QString WatchlistDialog::noteText() const
{
    return m_note->text();
}

void WatchlistDialog::updateButtons()
{
    const QStringList selected = selectedCodes();
    const bool anyNew = std::any_of(selected.cbegin(), selected.cend(),
        [this](const QString& code) { return !m_watchlist.contains(code); });
    const bool anyWatched = std::any_of(selected.cbegin(), selected.cend(),
        [this](const QString& code) { return m_watchlist.contains(code); });
    m_add->setEnabled(anyNew || (selected.isEmpty() && !m_search->text().trimmed().isEmpty()));
    m_remove->setEnabled(anyWatched);
}

} // namespace oilwatch::ui
