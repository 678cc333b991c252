#include "bench/requestengine.h"

namespace oilwatch::bench {

QString failureKindName(FailureKind kind)
{
    static const std::array<QString, kFailureKinds> names {QString(), QStringLiteral("connect"),
        QStringLiteral("tls"), QStringLiteral("reset"), QStringLiteral("timeout"), QStringLiteral("http_4xx"),
        QStringLiteral("http_5xx"), QStringLiteral("http_other"), QStringLiteral("bad_response"),
        QStringLiteral("network"), QStringLiteral("circuit_open"), QStringLiteral("overloaded"),
        QStringLiteral("cancelled")};
    return names.at(std::size_t(kind));
}

FailureKind failureOfStatus(int status)
{
    if (status >= 200 && status < 300)
        return FailureKind::None;
    if (status >= 400 && status < 500)
        return FailureKind::Http4xx;
    if (status >= 500 && status < 600)
        return FailureKind::Http5xx;
    return FailureKind::HttpOther;
}

} // namespace oilwatch::bench
