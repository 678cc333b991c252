#pragma once

#include <optional>

#include <QMetaType>
#include <QString>
#include <QUrl>

namespace oilwatch::api {

// Which server a price came from. Every cache entry and every history row is keyed by it, so that a price
// one server answered is never served as another's: the simulator's prices never pass for the live API's,
// and two deployments of the API (a proxy, a staging server) never mix.
//
// The id is stable text, stored in files and in Redis keys:
// - a server: its base URL reduced to scheme://host[:port][/prefix], lower-case scheme and host, the scheme's
//   default port and a trailing "/" or "/v1" left out (ClientConfig::endpoint treats both spellings alike, so
//   they are one server);
// - "sim": the built-in simulator, whatever loopback port it got this run (an `oilwatch sim` started by hand
// is
//   a server like any other, named by its URL);
// - a server's public demo: its id followed by "#demo" (a fragment never appears in a base URL's id);
// - "unknown": rows written before origins were recorded. No request is ever made for it, so its data is
// never
//   served as current; `--origin unknown` still shows it.
class Origin
{
public:
    // Unknown until stamped: a quote nobody stamped is never taken for any server's.
    Origin()
        : Origin(QStringLiteral("unknown"))
    { }
    static Origin forBaseUrl(const QUrl& baseUrl);
    static Origin simulator() { return Origin(QStringLiteral("sim")); }
    // The public demo API (no key) of the server at baseUrl: its id is the server's with kDemoMarker after
    // it, so its prices (another plan's, possibly delayed) never pass for what a key gets from the same
    // server, in the cache or the history.
    static Origin demo(const QUrl& baseUrl) { return Origin(forBaseUrl(baseUrl).id() + kDemoMarker); }
    static constexpr QLatin1String kDemoMarker {"#demo"};
    static Origin unknown() { return Origin(QStringLiteral("unknown")); }
    // What a user types after --origin: "sim", "unknown" or an http(s) URL; nullopt for anything else.
    static std::optional<Origin> parse(const QString& text);
    // An id read back from a file or a key, trusted as written.
    static Origin fromId(QString id) { return Origin(std::move(id)); }

    const QString& id() const { return m_id; }
    bool isSimulator() const { return *this == simulator(); }
    bool isUnknown() const { return *this == unknown(); }
    bool isDemo() const { return m_id.endsWith(kDemoMarker); }

    friend bool operator==(const Origin&, const Origin&) = default;

private:
    explicit Origin(QString id)
        : m_id(std::move(id))
    { }

    QString m_id;
};

} // namespace oilwatch::api

Q_DECLARE_METATYPE(oilwatch::api::Origin)
