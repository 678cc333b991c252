#pragma once

#include "resilience/resiliencesettings.h"
#include "settings/resiliencesettingsstore.h"
#include "util/valueorerror.h"

#include <chrono>
#include <memory>
#include <optional>
#include <utility>

#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>

class QSettings;

namespace oilwatch::settings {

// One rejected key or value, e.g. {"poll.interval_s", "must be a whole number of seconds from 1 to 86400,
// got \"soon\""}. The message is meant for a person as it is, after "key: ".
struct SettingError
{
    QString key;
    QString message;

    QString describe() const { return key + QStringLiteral(": ") + message; }
};

template <class T> using SettingResult = util::ValueOrError<T, SettingError>;

enum class Theme
{
    System, // whatever the platform's palette is
    Light,
    Dark,
};

enum class CacheBackendKind
{
    Local, // SQLite in the data folder (memory when that fails)
    Redis, // a shared Redis in front of the local cache, at cache.redis_url
};

// The one settings store of OilWatch: what the window's Preferences and `oilwatch config` read and write,
// and what every command starts from. Keys are dotted names ("poll.interval_s") with a type, a default and a
// validator each; they live in the same QSettings file (organization and application "OilWatch") and under
// the same QSettings names as before this store existed ("resilience/settings", "validation/clock_skew_s"),
// so nothing a user saved earlier is lost or needs migrating. The API key is NOT a setting: it lives in a
// SecretStore (core/secrets); only the legacy plain-text "api/key" is read here, to migrate it away.
//
// Every value is text at this boundary (as `git config` has it); the typed getters below turn it into what
// the app uses and fall back to the default for anything unusable, so a hand-edited file never stops the app.
class SettingsStore
{
public:
    // On the application's default QSettings (QCoreApplication's organization and application name).
    SettingsStore();
    // On a given QSettings, e.g. an ini file in a test; it must outlive the store.
    explicit SettingsStore(QSettings& backing);
    ~SettingsStore();
    SettingsStore(const SettingsStore&) = delete;
    SettingsStore& operator=(const SettingsStore&) = delete;

    // The fixed keys, in the order `config list` prints them. Per-code validation keys
    // (validation.range.CODE, validation.spike.CODE) come on top, for any code.
    static QStringList fixedKeys();
    static bool isKnownKey(const QString& key);
    // One line on what the key means and which values it takes, for `config` and tooltips.
    static QString helpFor(const QString& key);
    // Whether `value` would be accepted for `key`, without storing it: the Preferences dialog checks each
    // field with this as the user types.
    static std::optional<SettingError> check(const QString& key, const QString& value);

    // The value in effect: what is stored, else the default (empty for a per-code key that is not set).
    SettingResult<QString> get(const QString& key) const;
    bool isSet(const QString& key) const;
    // Validates, then stores and syncs. Nothing is stored when the value is rejected.
    std::optional<SettingError> set(const QString& key, const QString& value);
    // Back to the default. Unknown keys are an error; unsetting a key that is not set is not.
    std::optional<SettingError> unset(const QString& key);
    // Every fixed key and every per-code key that is set, with the value in effect.
    QList<std::pair<QString, QString>> list() const;

    // Typed reads: an unusable stored value gives the default (`check` is what reports it).
    QUrl baseUrl() const;
    // Unset: nullopt, the mode's own default (60 s live, 2 s on a simulator on this machine).
    std::optional<std::chrono::milliseconds> pollInterval() const;
    Theme theme() const;
    CacheBackendKind cacheBackend() const;
    // The Redis URL when cache.backend is redis (and the URL usable), else nullopt.
    std::optional<QUrl> sharedCacheUrl() const;
    LoadedResilienceSettings resilience() const;
    void setResilience(const resilience::ResilienceSettings& settings);

    // The plain-text key earlier versions read from "api/key". Kept readable so no user loses a key, until it
    // is migrated into the keychain and removed (SecretStore, `config set-key`).
    QString legacyApiKey() const;
    void removeLegacyApiKey();

    // Where the values live, for messages ("stored in ~/.config/OilWatch/OilWatch.conf").
    QString fileName() const;
    QSettings& backing() { return *m_settings; }

private:
    std::unique_ptr<QSettings> m_owned;
    QSettings* m_settings;
};

QString themeName(Theme theme);

} // namespace oilwatch::settings
