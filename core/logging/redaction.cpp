#include "logging/redaction.h"

#include <QMutex>
#include <QRegularExpression>
#include <QStringList>

namespace oilwatch::logging {

namespace {

constexpr auto kMask = "***";

struct SecretRegistry
{
    QMutex mutex;
    QStringList secrets;
};

SecretRegistry& registry()
{
    static SecretRegistry instance;
    return instance;
}

const QList<QRegularExpression>& credentialPatterns()
{
    static const QList<QRegularExpression> patterns {
        QRegularExpression(
            QStringLiteral(R"(((?:Token|Bearer)\s+)[^\s",;]+)"), QRegularExpression::CaseInsensitiveOption),
        QRegularExpression(QStringLiteral(R"(()\bopa_(?:live|test)_[A-Za-z0-9_\-]+)")),
        QRegularExpression(QStringLiteral(R"(((?:[?&]|\b)(?:token|api_key|apikey|key)=)[^&\s"]+)"),
            QRegularExpression::CaseInsensitiveOption),
    };
    return patterns;
}

} // namespace

void registerSecret(const QString& secret)
{
    // Very short strings would mask ordinary words; real keys are long.
    if (secret.size() < 6)
        return;
    QMutexLocker lock(&registry().mutex);
    if (!registry().secrets.contains(secret))
        registry().secrets << secret;
}

void clearRegisteredSecrets()
{
    QMutexLocker lock(&registry().mutex);
    registry().secrets.clear();
}

QString redactSecrets(QString text)
{
    {
        QMutexLocker lock(&registry().mutex);
        for (const QString& secret : std::as_const(registry().secrets))
            text.replace(secret, QLatin1String(kMask));
    }
    for (const QRegularExpression& pattern : credentialPatterns())
        text.replace(pattern, QStringLiteral("\\1") + QLatin1String(kMask));
    return text;
}

} // namespace oilwatch::logging
