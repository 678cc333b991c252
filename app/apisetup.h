#pragma once

#include "api/apierror.h"
#include "api/clientconfig.h"
#include "secrets/apikeysource.h"
#include "sim/simserver.h"

#include <chrono>
#include <memory>
#include <optional>
#include <variant>

#include <QUrl>

namespace oilwatch::app {

// Where the app gets its prices from, decided once at start.
struct ApiSetup
{
    api::ClientConfig config;
    bool simulated = false;
    std::unique_ptr<sim::SimServer> simulator; // the in-process simulator, when simulated
    secrets::KeySource keySource = secrets::KeySource::None; // where config.apiKey came from
};

struct ApiChoice
{
    // What fetch and watch say; the dashboard sets the public demo fields after.
    ApiChoice(bool simulator = false, std::optional<QUrl> server = std::nullopt, int timeoutMs = 10'000)
        : forceDemo(simulator)
        , baseUrl(std::move(server))
        , attemptTimeoutMs(timeoutMs)
    { }

    bool forceDemo = false; // --demo: the built-in simulator, whatever else is set
    std::optional<QUrl> baseUrl;
    int attemptTimeoutMs = 10'000;
    // The dashboard: with no key, real prices from the public demo API (contract §2.8) rather than the
    // simulator. fetch and watch leave it off: a script without a key keeps the simulator's steady answers.
    bool publicDemoWithoutKey = false;
    // The platform says there is no network: the simulator at once instead of the public demo.
    bool offline = false;
    // Where the public demo is asked; unset: the real API (ClientConfig::defaultBaseUrl). Tests point it at
    // a simulator, so that they never need the network.
    std::optional<QUrl> publicDemoBaseUrl;
    // The key when the caller already has it (a dashboard switching to a key just saved): the keychain is
    // then not asked, so no local event loop runs under a live window.
    std::optional<secrets::ResolvedKey> knownKey;
};

// The key from OILPRICEAPI_KEY, else the keychain, else the plain-text "api/key" earlier versions kept in the
// settings file (with a warning in the log); registered for redaction before it is returned. Waits on a
// local event loop for the keychain: called once at start, before any window exists.
QString configuredApiKey();
secrets::ResolvedKey configuredApiKeyAndSource();
// The same with a given keychain (null: none), saying where the key came from.
secrets::ResolvedKey resolveApiKeyAndWait(secrets::SecretStore* keychain);

// Whose prices a choice leads to, decided as chooseApi decides but without starting anything: what
// `history` shows when no --origin is given.
api::Origin originFor(const ApiChoice& choice);

// --demo: the built-in simulator, started here. A base URL: that server (a loopback one without a key gets
// the simulator's public demo key). A key: the live API. No key: the public demo API when the choice allows
// it and the platform does not say it is offline, else the built-in simulator.
std::variant<ApiSetup, api::ApiError> chooseApi(const ApiChoice& choice);

// The built-in simulator in place of whatever `setup` held: what the dashboard falls back to when the public
// demo cannot be reached. nullopt on success, else why it could not start.
std::optional<api::ApiError> useBuiltInSimulator(ApiSetup& setup);

// For a setup on the public demo: asks it for one price (within `timeout`) before the window opens, and
// falls back to the built-in simulator when the answer is a network error or a timeout, so that the first
// window shows prices at once either way. Any HTTP answer, a 429 included, keeps the demo (its Retry-After
// is then honoured by the feed). setup.config.publicDemo says which it is afterwards; an error only when the
// simulator could not start. Does nothing for any other setup. Runs a local event loop: call it before the
// window exists.
std::optional<api::ApiError> confirmPublicDemo(
    ApiSetup& setup, std::chrono::milliseconds timeout = std::chrono::seconds(4));

} // namespace oilwatch::app
