#include "secrets/apikeysource.h"

#include "logging/redaction.h"

#include <QPointer>
#include <QTimer>

namespace oilwatch::secrets {

QString keySourceName(KeySource source)
{
    switch (source) {
    case KeySource::Environment:
        return QString::fromLatin1(kApiKeyEnvironment);
    case KeySource::Keychain:
        return QStringLiteral("keychain");
    case KeySource::Session:
        return QStringLiteral("session");
    case KeySource::LegacySettingsFile:
        return QStringLiteral("settings file (plain text)");
    case KeySource::None:
        break;
    }
    return QStringLiteral("none");
}

namespace {

void finish(ResolvedKey resolved, const std::function<void(const ResolvedKey&)>& done)
{
    resolved.key = resolved.key.trimmed();
    if (resolved.key.isEmpty())
        resolved.source = KeySource::None;
    logging::registerSecret(resolved.key);
    done(resolved);
}

void trySession(ResolvedKey resolved, SecretStore* session, const QString& legacyKey, QObject* context,
    std::function<void(const ResolvedKey&)> done)
{
    auto fallBack = [resolved, legacyKey, done](std::optional<QString> sessionKey) mutable {
        if (sessionKey && !sessionKey->trimmed().isEmpty()) {
            resolved.key = *sessionKey;
            resolved.source = KeySource::Session;
        } else if (!legacyKey.trimmed().isEmpty()) {
            resolved.key = legacyKey;
            resolved.source = KeySource::LegacySettingsFile;
        }
        finish(resolved, done);
    };
    if (!session) {
        QTimer::singleShot(0, context, [fallBack]() mutable { fallBack(std::nullopt); });
        return;
    }
    session->read(
        kApiKeyName, context, [fallBack](const SecretReadResult& result) mutable { fallBack(result.value); });
}

} // namespace

void resolveApiKey(SecretStore* keychain, SecretStore* session, const QString& legacyKey, QObject* context,
    std::function<void(const ResolvedKey&)> done)
{
    ResolvedKey resolved;
    const QString fromEnvironment = qEnvironmentVariable(kApiKeyEnvironment).trimmed();
    if (!fromEnvironment.isEmpty()) {
        resolved.key = fromEnvironment;
        resolved.source = KeySource::Environment;
        QTimer::singleShot(0, context, [resolved, done] { finish(resolved, done); });
        return;
    }
    if (!keychain) {
        trySession(resolved, session, legacyKey, context, std::move(done));
        return;
    }
    QPointer<QObject> guard(context);
    keychain->read(kApiKeyName, context,
        [resolved, session, legacyKey, guard, done](const SecretReadResult& result) mutable {
            if (result.value && !result.value->trimmed().isEmpty()) {
                resolved.key = *result.value;
                resolved.source = KeySource::Keychain;
                finish(resolved, done);
                return;
            }
            if (result.error && result.error->kind != SecretErrorKind::NotFound)
                resolved.keychainError = result.error;
            if (guard)
                trySession(resolved, session, legacyKey, guard, std::move(done));
        });
}

} // namespace oilwatch::secrets
