#include "feed/watchlist.h"

#include "api/oilpriceapiclient.h"

#include <QSet>

namespace oilwatch::feed {

namespace {

QString normalised(const QString& code)
{
    return code.trimmed().toUpper();
}

QStringList normalised(const QStringList& codes)
{
    QStringList out;
    out.reserve(codes.size());
    for (const QString& code : codes)
        out << normalised(code);
    return out;
}

WatchlistError errorOf(WatchlistError::Kind kind, QStringList codes, QString message)
{
    return WatchlistError {kind, std::move(codes), std::move(message)};
}

} // namespace

QString describe(WatchlistError::Kind kind)
{
    switch (kind) {
    case WatchlistError::Kind::InvalidCode:
        return QStringLiteral("not a commodity code");
    case WatchlistError::Kind::UnknownCode:
        return QStringLiteral("not in the catalogue");
    case WatchlistError::Kind::Duplicate:
        return QStringLiteral("already watched");
    case WatchlistError::Kind::Full:
        return QStringLiteral("watchlist full");
    case WatchlistError::Kind::Empty:
        return QStringLiteral("watchlist empty");
    case WatchlistError::Kind::NotWatched:
        return QStringLiteral("not watched");
    }
    return {};
}

SettingsWatchlistStore::SettingsWatchlistStore(const QString& iniPath)
    : m_iniPath(iniPath)
{ }

std::optional<QStringList> SettingsWatchlistStore::load() const
{
    const auto read = [](const QSettings& settings) -> std::optional<QStringList> {
        if (!settings.contains(QLatin1String(kKey)))
            return std::nullopt;
        return settings.value(QLatin1String(kKey)).toStringList();
    };
    if (m_iniPath.isEmpty())
        return read(QSettings());
    return read(QSettings(m_iniPath, QSettings::IniFormat));
}

void SettingsWatchlistStore::save(const QStringList& codes)
{
    // Written at once (sync): a list changed just before a crash or a kill must not come back as the old one.
    if (m_iniPath.isEmpty()) {
        QSettings settings;
        settings.setValue(QLatin1String(kKey), codes);
        settings.sync();
        return;
    }
    QSettings settings(m_iniPath, QSettings::IniFormat);
    settings.setValue(QLatin1String(kKey), codes);
    settings.sync();
}

Watchlist::Watchlist(QStringList codes, QObject* parent)
    : QObject(parent)
    , m_codes(normalised(codes))
{ }

std::optional<WatchlistError> Watchlist::check(
    const QStringList& rawCodes, const validation::Catalogue* catalogue)
{
    using Kind = WatchlistError::Kind;
    const QStringList codes = normalised(rawCodes);
    if (codes.isEmpty())
        return errorOf(Kind::Empty, {}, QStringLiteral("a watchlist needs at least one code"));
    QStringList invalid;
    QStringList unknown;
    QStringList repeated;
    QSet<QString> seen;
    for (const QString& code : codes) {
        if (!api::OilPriceApiClient::isValidCode(code))
            invalid << code;
        else if (catalogue && catalogue->size() > 0 && !catalogue->find(code))
            unknown << code;
        if (seen.contains(code) && !repeated.contains(code))
            repeated << code;
        seen.insert(code);
    }
    if (!invalid.isEmpty())
        return errorOf(Kind::InvalidCode, invalid,
            QStringLiteral("not a commodity code: %1 (codes look like BRENT_CRUDE_USD)")
                .arg(invalid.join(QStringLiteral(", "))));
    if (!unknown.isEmpty())
        return errorOf(Kind::UnknownCode, unknown,
            QStringLiteral("not in the API's catalogue: %1").arg(unknown.join(QStringLiteral(", "))));
    if (!repeated.isEmpty())
        return errorOf(Kind::Duplicate, repeated,
            QStringLiteral("listed twice: %1").arg(repeated.join(QStringLiteral(", "))));
    if (codes.size() > kMaxCodes)
        return errorOf(Kind::Full, {},
            QStringLiteral("%1 codes: a watchlist holds at most %2").arg(codes.size()).arg(kMaxCodes));
    return std::nullopt;
}

QStringList Watchlist::parseList(const QString& text)
{
    QStringList codes;
    for (const QString& part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        if (!part.trimmed().isEmpty())
            codes << normalised(part);
    }
    return codes;
}

QStringList Watchlist::loadCodes(
    const WatchlistStore& store, const QStringList& fallback, const validation::Catalogue* catalogue)
{
    const std::optional<QStringList> stored = store.load();
    if (!stored)
        return fallback;
    // One bad entry (a code the API retired, a hand edit) must not cost the whole list: keep what passes.
    QStringList usable;
    for (const QString& code : normalised(*stored)) {
        if (usable.size() >= kMaxCodes)
            break;
        if (!usable.contains(code) && !check({code}, catalogue))
            usable << code;
    }
    return usable.isEmpty() ? fallback : usable;
}

const validation::Catalogue* Watchlist::catalogueToCheck() const
{
    return m_catalogue.size() > 0 ? &m_catalogue : nullptr;
}

std::optional<WatchlistError> Watchlist::add(const QString& rawCode)
{
    const QString code = normalised(rawCode);
    if (m_codes.contains(code))
        return errorOf(
            WatchlistError::Kind::Duplicate, {code}, QStringLiteral("%1 is already watched").arg(code));
    if (m_codes.size() >= kMaxCodes)
        return errorOf(WatchlistError::Kind::Full, {code},
            QStringLiteral("the watchlist holds at most %1 codes: remove one to add %2")
                .arg(kMaxCodes)
                .arg(code));
    if (auto error = check({code}, catalogueToCheck()))
        return error;
    QStringList codes = m_codes;
    codes << code;
    apply(codes);
    return std::nullopt;
}

std::optional<WatchlistError> Watchlist::remove(const QString& rawCode)
{
    const QString code = normalised(rawCode);
    if (!m_codes.contains(code))
        return errorOf(
            WatchlistError::Kind::NotWatched, {code}, QStringLiteral("%1 is not watched").arg(code));
    if (m_codes.size() == 1)
        return errorOf(WatchlistError::Kind::Empty, {code},
            QStringLiteral("%1 is the last code: a watchlist needs at least one").arg(code));
    QStringList codes = m_codes;
    codes.removeAll(code);
    apply(codes);
    return std::nullopt;
}

std::optional<WatchlistError> Watchlist::move(const QString& rawCode, int index)
{
    const QString code = normalised(rawCode);
    if (!m_codes.contains(code))
        return errorOf(
            WatchlistError::Kind::NotWatched, {code}, QStringLiteral("%1 is not watched").arg(code));
    QStringList codes = m_codes;
    codes.removeAll(code);
    codes.insert(std::clamp<qsizetype>(index, 0, codes.size()), code);
    if (codes != m_codes)
        apply(codes);
    return std::nullopt;
}

std::optional<WatchlistError> Watchlist::setCodes(const QStringList& rawCodes)
{
    const QStringList codes = normalised(rawCodes);
    // Codes already watched may stay whatever the catalogue says; new ones must be in it.
    QStringList added;
    for (const QString& code : codes) {
        if (!m_codes.contains(code))
            added << code;
    }
    if (auto error = check(codes))
        return error;
    if (auto error = added.isEmpty() ? std::nullopt : check(added, catalogueToCheck()))
        return error;
    if (codes != m_codes)
        apply(codes);
    return std::nullopt;
}

void Watchlist::apply(QStringList codes)
{
    QStringList added;
    QStringList removed;
    for (const QString& code : codes) {
        if (!m_codes.contains(code))
            added << code;
    }
    for (const QString& code : std::as_const(m_codes)) {
        if (!codes.contains(code))
            removed << code;
    }
    m_codes = std::move(codes);
    if (m_store)
        m_store->save(m_codes);
    Q_EMIT changed(m_codes, added, removed);
}

} // namespace oilwatch::feed
