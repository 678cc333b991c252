#pragma once

#include "secrets/secretstore.h"

#include <functional>
#include <optional>

#include <QString>

namespace oilwatch::secrets {

// Where the API key in use came from, in the order they are asked.
enum class KeySource
{
    None,
    Environment, // OILPRICEAPI_KEY: wins, so a script or CI never depends on a desktop keychain
    Keychain,
    Session, // typed in Preferences with "keep for this session only"
    LegacySettingsFile, // "api/key" in the settings file, from before the keychain: to be migrated
};

QString keySourceName(KeySource source);

struct ResolvedKey
{
    QString key; // empty with KeySource::None
    KeySource source = KeySource::None;
    // Why the keychain gave nothing, when it failed (NotFound is not a failure and is not kept here).
    std::optional<SecretError> keychainError;
};

// The environment variable the key may come from.
inline constexpr char kApiKeyEnvironment[] = "OILPRICEAPI_KEY";

// Finds the key: OILPRICEAPI_KEY, else the keychain, else the session store, else `legacyKey` (the
// plain-text value earlier versions kept in the settings file). Either store may be null. `done` runs on
// the caller's thread, later, while `context` lives; the key is registered for log redaction first.
void resolveApiKey(SecretStore* keychain, SecretStore* session, const QString& legacyKey, QObject* context,
    std::function<void(const ResolvedKey&)> done);

} // namespace oilwatch::secrets
