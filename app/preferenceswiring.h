#pragma once

#include "app/apisetup.h"
#include "preferencesdialog.h"
#include "secrets/keychainsecretstore.h"
#include "secrets/secretstore.h"
#include "settings/settingsstore.h"
#include "transport/qnamtransport.h"

#include <chrono>
#include <memory>

#include <QObject>
#include <QPointer>

class QWidget;

namespace oilwatch::feed {
class PriceFeed;
}

namespace oilwatch::app {

class ApiStack;
class QuoteStack;

// The app's side of Preferences: opens the dialog with the services it needs (connection and Redis tests,
// the keychain and the session store), and applies what was saved to the running dashboard, live:
//   look.theme       at once (the application palette);
//   poll.interval_s  at once: the feed's timer and the cache's freshness;
//   resilience.*     at once: the pipeline swaps its settings between requests (ResilientTransport::
//                    setSettings), from the dialog and from the Resilience tab alike;
//   the API key      from the next request, when the dashboard runs on a key; where it ran without one (the
//                    public demo or the built-in simulator), sourceChanged: live prices need a new origin.
//                    OILPRICEAPI_KEY, when set, keeps winning;
//   api.base_url, cache.*  sourceChanged: they decide the origin of every cached and stored price, so they
//                    are not swapped under a running dashboard; DashboardHost builds a new one on them.
// The stacks and the feed must outlive it.
class PreferencesWiring final : public QObject
{
    Q_OBJECT
public:
    PreferencesWiring(const ApiSetup& setup, ApiStack& api, QuoteStack& quotes, feed::PriceFeed& feed,
        QObject* parent = nullptr);
    ~PreferencesWiring() override;

    // What the lead's Tools → Preferences… (Ctrl+,) calls: shows the dialog (one at a time, raised when
    // already open), window-modal on `parent`.
    void open(QWidget* parent);
    ui::PreferencesDialog* dialog() const { return m_dialog; }

    // Applies the saved settings named in `changedKeys` to the running dashboard (see above); emits
    // sourceChanged for those that need a new one.
    void apply(const QStringList& changedKeys);
    // Uses a new key from the next request, when the dashboard runs on one.
    void useApiKey(const QString& key, secrets::KeySource source);
    // The Resilience tab's form, saved, also swaps the pipeline's settings.
    void watchResilienceForm(ui::ResilienceSettingsForm* form);

    // For tests: stores to use instead of the system keychain and a fresh session store.
    void setKeychain(secrets::SecretStore* keychain) { m_keychain = keychain; }
    secrets::MemorySecretStore& sessionStore() { return m_session; }
    std::chrono::milliseconds pollInterval() const;

    // The key the dashboard should use now: the one it started with, or the last one saved here.
    const secrets::ResolvedKey& currentKey() const { return m_key; }

Q_SIGNALS:
    // A saved setting decides where prices come from, or a key arrived where the dashboard ran without one:
    // the dashboard must be rebuilt on it. `changed` names what changed ("api.base_url", "cache.redis_url",
    // "the API key").
    void sourceChanged(const QStringList& changed);
    // Saved, but not used by this run: one sentence for the status bar.
    void notApplied(const QString& message);

private:
    ui::PreferencesServices services();
    void testConnection(const QString& key, const QUrl& baseUrl, QObject* context,
        std::function<void(const ui::ConnectionTestResult&)> done);
    void testCache(const QUrl& url, QObject* context, std::function<void(const ui::CacheTestResult&)> done);

    const ApiSetup& m_setup;
    ApiStack& m_api;
    QuoteStack& m_quotes;
    feed::PriceFeed& m_feed;
    settings::SettingsStore m_store;
    secrets::KeychainSecretStore m_systemKeychain;
    secrets::SecretStore* m_keychain = &m_systemKeychain;
    secrets::MemorySecretStore m_session;
    secrets::ResolvedKey m_key;
    transport::QnamTransport m_testNetwork; // the connection test's own, outside the pipeline
    int m_knownLimit = -1;
    QString m_knownLimitWindow;
    QPointer<ui::PreferencesDialog> m_dialog;
};

} // namespace oilwatch::app
