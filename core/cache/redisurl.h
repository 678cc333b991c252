#pragma once

#include "cache/rediserror.h"
#include "util/valueorerror.h"

#include <QByteArray>
#include <QString>

namespace oilwatch::cache {

// Where the shared cache lives: redis://[[user]:password@]host[:port][/db]. The user is only for Redis 6
// ACLs.
struct RedisUrl
{
    QString host;
    quint16 port = 6379;
    QString user;
    QByteArray password; // empty: no AUTH
    int db = 0;

    static util::ValueOrError<RedisUrl, RedisError> parse(const QString& url);
    // The URL with the password masked, for logs and the UI.
    QString redacted() const;
};

} // namespace oilwatch::cache
