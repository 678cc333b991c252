#include "cache/redisurl.h"

#include <QUrl>

namespace oilwatch::cache {

QString redisErrorKindName(RedisErrorKind kind)
{
    switch (kind) {
    case RedisErrorKind::BadUrl:
        return QStringLiteral("bad_url");
    case RedisErrorKind::Resolve:
        return QStringLiteral("resolve");
    case RedisErrorKind::Connect:
        return QStringLiteral("connect");
    case RedisErrorKind::Timeout:
        return QStringLiteral("timeout");
    case RedisErrorKind::Auth:
        return QStringLiteral("auth");
    case RedisErrorKind::Select:
        return QStringLiteral("select");
    case RedisErrorKind::NotConnected:
        return QStringLiteral("not_connected");
    case RedisErrorKind::Command:
        return QStringLiteral("command");
    }
    return QStringLiteral("connect");
}

namespace {

RedisError badUrl(const QString& why)
{
    return RedisError {RedisErrorKind::BadUrl, QStringLiteral("bad Redis URL: %1").arg(why)};
}

} // namespace

util::ValueOrError<RedisUrl, RedisError> RedisUrl::parse(const QString& text)
{
    // The text may hold a password: no message below quotes it.
    const QUrl url(text.trimmed(), QUrl::StrictMode);
    if (!url.isValid())
        return badUrl(QStringLiteral("not a URL"));
    if (url.scheme() != QLatin1String("redis"))
        return badUrl(QStringLiteral("the scheme must be redis://"));
    RedisUrl out;
    out.host = url.host();
    if (out.host.isEmpty())
        return badUrl(QStringLiteral("no host"));
    const int port = url.port(6379);
    if (port < 1 || port > 65535)
        return badUrl(QStringLiteral("port out of range"));
    out.port = static_cast<quint16>(port);
    out.user = url.userName(QUrl::FullyDecoded);
    out.password = url.password(QUrl::FullyDecoded).toUtf8();
    if (!out.user.isEmpty() && out.password.isEmpty())
        return badUrl(QStringLiteral("a user name needs a password"));
    QString path = url.path();
    if (path.startsWith(QLatin1Char('/')))
        path.remove(0, 1);
    if (!path.isEmpty()) {
        bool ok = false;
        out.db = path.toInt(&ok);
        if (!ok || out.db < 0)
            return badUrl(QStringLiteral("the path must be a database number"));
    }
    if (url.hasQuery() || url.hasFragment())
        return badUrl(QStringLiteral("query and fragment are not supported"));
    return out;
}

QString RedisUrl::redacted() const
{
    QString auth;
    if (!password.isEmpty())
        auth = user + QStringLiteral(":***@");
    const QString hostPart = host.contains(QLatin1Char(':')) ? QStringLiteral("[%1]").arg(host) : host;
    return QStringLiteral("redis://%1%2:%3/%4").arg(auth, hostPart).arg(port).arg(db);
}

} // namespace oilwatch::cache
