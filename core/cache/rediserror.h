#pragma once

#include <QString>

namespace oilwatch::cache {

enum class RedisErrorKind
{
    BadUrl, // the configured URL cannot be used; nothing is attempted until it is fixed
    Resolve, // the host name did not resolve
    Connect, // TCP connect failed or the connection dropped
    Timeout, // connect + handshake, or a command, took longer than allowed
    Auth, // AUTH refused, or the server wants a password we do not have; not retried
    Select, // SELECT refused (database index out of range); not retried
    NotConnected, // a command was issued while the connection was not up
    Command, // the server answered a command with an error reply
};

QString redisErrorKindName(RedisErrorKind kind);

struct RedisError
{
    RedisErrorKind kind = RedisErrorKind::Connect;
    QString message; // one line; never contains the password

    // Whether reconnecting later can fix this: a wrong password or database index cannot.
    bool retryable() const
    {
        return kind != RedisErrorKind::BadUrl && kind != RedisErrorKind::Auth
            && kind != RedisErrorKind::Select;
    }
};

} // namespace oilwatch::cache
