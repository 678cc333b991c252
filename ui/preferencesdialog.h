#pragma once

#include "resilience/resiliencesettings.h"
#include "secrets/apikeysource.h"
#include "secrets/secretstore.h"
#include "settings/settingsstore.h"

#include <functional>

#include <QDialog>
#include <QHash>
#include <QUrl>

class QComboBox;
class QDialogButtonBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QTabWidget;

namespace oilwatch::ui {

class ResilienceSettingsForm;

// What "Test connection" found out.
struct ConnectionTestResult
{
    bool ok = false;
    QString message; // one line: "HTTP 200 in 120 ms" or the error, never the key
    int limit = -1; // X-RateLimit-Limit, -1 when not sent
    int remaining = -1; // X-RateLimit-Remaining
    QString window; // X-RateLimit-Window: monthly_counter, daily_counter, ...
};

struct CacheTestResult
{
    bool ok = false;
    QString message;
};

// What the dialog needs from the app. The ui sends no HTTP and opens no socket: both tests go through these
// callbacks, which answer later on the GUI thread (their work runs elsewhere) while `context` lives.
struct PreferencesServices
{
    // `key` empty: the key in use now. `baseUrl`: the endpoint in the field.
    std::function<void(const QString& key, const QUrl& baseUrl, QObject* context,
        std::function<void(const ConnectionTestResult&)> done)>
        testConnection;
    std::function<void(
        const QUrl& redisUrl, QObject* context, std::function<void(const CacheTestResult&)> done)>
        testCache;
    secrets::SecretStore* keychain = nullptr; // where a typed key goes
    secrets::SecretStore* session = nullptr; // where it goes when the user picks "this session only"
    secrets::KeySource keySource = secrets::KeySource::None; // where the key in use came from
    // The last rate-limit limit the app saw, for the poll interval's cost (-1: not known yet).
    int knownLimit = -1;
    QString knownLimitWindow;
};

// Preferences (Ctrl+,): Connection (API key, endpoint), Polling and cache, Look, Resilience. Every field is
// checked as it is typed, by the settings store's own validators; a bad value shows its message under the
// field and disables OK and Apply. OK/Apply save the settings (and the key, asynchronously, into the
// keychain) and emit applied(); what changes at run time is the app's business (PreferencesWiring).
class PreferencesDialog final : public QDialog
{
    Q_OBJECT
public:
    PreferencesDialog(settings::SettingsStore& store, PreferencesServices services,
        const resilience::ResilienceSettings& running, QWidget* parent = nullptr);

    QTabWidget* pages() const { return m_pages; }
    // The editor of a setting by its key ("poll.interval_s"), and its message label.
    QWidget* field(const QString& key) const { return m_fields.value(key); }
    QString errorFor(const QString& key) const;
    QLineEdit* keyField() const { return m_key; }
    QPushButton* okButton() const;
    QPushButton* applyButton() const;
    QPushButton* testConnectionButton() const { return m_testConnection; }
    QPushButton* testCacheButton() const { return m_testCache; }
    QString connectionResult() const;
    QString cacheResult() const;
    QString costText() const;
    QString keyStatus() const;
    // Shown when no keychain works: the two ways on, as buttons.
    QWidget* noKeychainChoice() const { return m_noKeychain; }
    QPushButton* useEnvironmentButton() const { return m_useEnvironment; }
    QPushButton* keepForSessionButton() const { return m_keepForSession; }
    ResilienceSettingsForm* resilienceForm() const { return m_resilience; }

    // "every 60 s = 1,440 requests/day (43,200/month) of your plan's 10,000/month". Pure, for tests.
    static QString pollCost(qint64 intervalSeconds, int limit, const QString& window);

public Q_SLOTS:
    // Saves every valid field; false (nothing saved) when any is invalid.
    bool apply();
    void accept() override;

Q_SIGNALS:
    // After the settings were saved: the keys whose value changed.
    void applied(const QStringList& changedKeys);
    // A new key is in a store (source Keychain or Session): the app uses it from the next request.
    void apiKeyChanged(const QString& key, oilwatch::secrets::KeySource source);

private:
    QWidget* buildConnectionPage();
    QWidget* buildPollingPage();
    QWidget* buildLookPage();
    QLineEdit* addTextField(
        QFormLayout* form, const QString& key, const QString& label, QLabel* note = nullptr);
    void validate();
    void showCost();
    void storeKey(const QString& key);
    void keyStored(const QString& key, secrets::KeySource source);
    void testConnection();
    void testCache();
    QString text(const QString& key) const;

    settings::SettingsStore& m_store;
    PreferencesServices m_services;
    QTabWidget* m_pages = nullptr;
    QHash<QString, QWidget*> m_fields;
    QHash<QString, QLabel*> m_errors;
    QLineEdit* m_key = nullptr;
    QLabel* m_keyStatus = nullptr;
    QWidget* m_noKeychain = nullptr;
    QPushButton* m_useEnvironment = nullptr;
    QPushButton* m_keepForSession = nullptr;
    QPushButton* m_testConnection = nullptr;
    QLabel* m_connectionResult = nullptr;
    QLabel* m_cost = nullptr;
    QPushButton* m_testCache = nullptr;
    QLabel* m_cacheResult = nullptr;
    ResilienceSettingsForm* m_resilience = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
    QString m_pendingKey; // typed, waiting for the user's choice when no keychain works
    bool m_closeWhenKeyStored = false;
    bool m_keyWriteInFlight = false;
};

} // namespace oilwatch::ui
