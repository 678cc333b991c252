#pragma once

#include "api/apierror.h"
#include "api/clientconfig.h"
#include "secrets/apikeysource.h"
#include "sim/simserver.h"

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
    bool forceDemo = false;
    std::optional<QUrl> baseUrl;
    int attemptTimeoutMs = 10'000;
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

// --demo or no key: the built-in simulator, started here. A base URL: that server (a loopback one without a
// key gets the simulator's public demo key). A key: the live API.
std::variant<ApiSetup, api::ApiError> chooseApi(const ApiChoice& choice);

} // namespace oilwatch::app
