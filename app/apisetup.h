#pragma once

#include "api/apierror.h"
#include "api/clientconfig.h"
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
};

struct ApiChoice
{
    bool forceDemo = false;
    std::optional<QUrl> baseUrl;
    int attemptTimeoutMs = 10'000;
};

// The key from OILPRICEAPI_KEY, else from the settings; registered for redaction before it is returned.
QString configuredApiKey();

// Whose prices a choice leads to, decided as chooseApi decides but without starting anything: what
// `history` shows when no --origin is given.
api::Origin originFor(const ApiChoice& choice);

// --demo or no key: the built-in simulator, started here. A base URL: that server (a loopback one without a
// key gets the simulator's public demo key). A key: the live API.
std::variant<ApiSetup, api::ApiError> chooseApi(const ApiChoice& choice);

} // namespace oilwatch::app
