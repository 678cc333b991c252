#pragma once

#include <QDialog>

class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QStandardItemModel;
class QTableView;

namespace oilwatch::feed {
class Watchlist;
}

namespace oilwatch::ui {

// The catalogue picker: every code of the API's catalogue (the watchlist's, loaded or cached) with its name
// and category, filtered as you type by name, code or category, with a mark on those watched. Add and
// Remove change the watchlist at once (it saves and the dashboard follows); a refusal (full, the last
// code) is said under the list. Works offline from the cached catalogue; with no catalogue at all it says
// so and still takes a code typed in the search field.
class WatchlistDialog final : public QDialog
{
    Q_OBJECT
public:
    enum Column
    {
        Watched,
        Name,
        Code,
        Category,
        ColumnCount
    };

    // `note` says where the catalogue came from ("from the cache, 3 days old"); empty says nothing. The
    // watchlist must outlive the dialog.
    WatchlistDialog(feed::Watchlist& watchlist, const QString& note = {}, QWidget* parent = nullptr);

    QLineEdit* searchField() const { return m_search; }
    QTableView* view() const { return m_view; }
    QSortFilterProxyModel* proxy() const { return m_proxy; }
    QPushButton* addButton() const { return m_add; }
    QPushButton* removeButton() const { return m_remove; }
    // The codes of the rows shown (after the search), top to bottom.
    QStringList shownCodes() const;
    QString statusText() const;
    QString noteText() const;

    // Adds or removes the selected codes (or the code typed, when nothing is selected and no row matches).
    void addSelected();
    void removeSelected();

private:
    void fill();
    void markWatched();
    QStringList selectedCodes() const;
    void say(const QString& text, bool problem);
    void updateButtons();

    feed::Watchlist& m_watchlist;
    QLabel* m_note = nullptr;
    QLineEdit* m_search = nullptr;
    QStandardItemModel* m_model = nullptr;
    QSortFilterProxyModel* m_proxy = nullptr;
    QTableView* m_view = nullptr;
    QLabel* m_status = nullptr;
    QPushButton* m_add = nullptr;
    QPushButton* m_remove = nullptr;
};

} // namespace oilwatch::ui
