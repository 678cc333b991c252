#pragma once

#include "validation/catalogueentry.h"

#include <optional>

#include <QObject>
#include <QSettings>
#include <QStringList>

namespace oilwatch::feed {

// Why a watchlist refused a change or a list of codes. Nothing is changed when one is returned.
struct WatchlistError
{
    enum class Kind
    {
        InvalidCode, // not spelled like a code (upper-case letters, digits, underscores)
        UnknownCode, // spelled right, but the catalogue (when known) has no such code
        Duplicate, // already watched
        Full, // kMaxCodes reached
        Empty, // the last code cannot go: a dashboard with no tile shows nothing at all
        NotWatched, // remove or move of a code that is not in the list
    };
    Kind kind = Kind::InvalidCode;
    QStringList codes; // the codes at fault
    QString message; // one line for a person, names the codes
};

// Where the watchlist is kept between runs. An interface of two calls so that the list can move into the
// shared settings store (core/settings) without the watchlist knowing.
class WatchlistStore
{
public:
    virtual ~WatchlistStore() = default;
    // nullopt: never saved (a first start), which is not the same as a saved list that became unusable.
    virtual std::optional<QStringList> load() const = 0;
    virtual void save(const QStringList& codes) = 0;
};

// The list under the QSettings key "watchlist/codes", in the application's settings unless another
// QSettings is given (tests give one on a file).
class SettingsWatchlistStore final : public WatchlistStore
{
public:
    static constexpr const char* kKey = "watchlist/codes";

    SettingsWatchlistStore() = default;
    explicit SettingsWatchlistStore(const QString& iniPath);

    std::optional<QStringList> load() const override;
    void save(const QStringList& codes) override;

private:
    QString m_iniPath; // empty: QSettings() of the application
};

// The codes a person watches, in their order: unique, 1 to kMaxCodes, each spelled like a code and, once the
// catalogue is known (setCatalogue), one it lists. Every change is checked whole before anything changes,
// saved to the store (when one is set) and announced once with the full new list.
class Watchlist final : public QObject
{
    Q_OBJECT
public:
    // The API's comma list takes them all in one request (a URL of ~1 KB), and a grid of 50 tiles is already
    // a wall: beyond it the table view serves, not more codes.
    static constexpr int kMaxCodes = 50;

    explicit Watchlist(QStringList codes, QObject* parent = nullptr);

    // The codes a list would have if accepted, or why not: the check every change and `--watchlist` go
    // through. Surrounding spaces are dropped, lower case is taken as upper (the API's codes are upper case);
    // `catalogue` null or empty checks the spelling only.
    static std::optional<WatchlistError> check(
        const QStringList& codes, const validation::Catalogue* catalogue = nullptr);
    // "brent_crude_usd, WTI_USD" -> {"BRENT_CRUDE_USD", "WTI_USD"}: how a person types a list.
    static QStringList parseList(const QString& text);
    // What to watch at start: the stored list when it is usable, with codes the catalogue no longer knows
    // (or that are no longer spelled right) dropped and a list beyond kMaxCodes cut; else `fallback`.
    static QStringList loadCodes(const WatchlistStore& store, const QStringList& fallback,
        const validation::Catalogue* catalogue = nullptr);

    QStringList codes() const { return m_codes; }
    int size() const { return int(m_codes.size()); }
    bool contains(const QString& code) const { return m_codes.contains(code); }
    int indexOf(const QString& code) const { return int(m_codes.indexOf(code)); }

    // The catalogue every later add is checked against; codes already watched stay even when it does not
    // list them (the tile says why it gets no price).
    void setCatalogue(const validation::Catalogue& catalogue) { m_catalogue = catalogue; }
    const validation::Catalogue& catalogue() const { return m_catalogue; }
    // Saves every change there from now on; null: changes live for this run only (`--watchlist`).
    void setStore(WatchlistStore* store) { m_store = store; }

    std::optional<WatchlistError> add(const QString& code);
    std::optional<WatchlistError> remove(const QString& code);
    // Moves `code` to `index` (clamped to the list) of the list as it is after taking it out.
    std::optional<WatchlistError> move(const QString& code, int index);
    std::optional<WatchlistError> setCodes(const QStringList& codes);

Q_SIGNALS:
    // After every change, with the whole new list, then what entered and what left (either may be empty
    // for a reorder).
    void changed(const QStringList& codes, const QStringList& added, const QStringList& removed);

private:
    const validation::Catalogue* catalogueToCheck() const;
    void apply(QStringList codes);

    QStringList m_codes;
    validation::Catalogue m_catalogue;
    WatchlistStore* m_store = nullptr;
};

QString describe(WatchlistError::Kind kind);

} // namespace oilwatch::feed
