#include "app/apisetup.h"

#include "secrets/keychainsecretstore.h"
#include "settings/settingsstore.h"
#include "telemetry/logging.h"
#include "telemetry/redaction.h"

#include <QEventLoop>
#include <QTimer>

namespace oilwatch::app {

secrets::ResolvedKey resolveApiKeyAndWait(secrets::SecretStore* keychain)
{
    settings::SettingsStore store;
    std::optional<secrets::ResolvedKey> resolved;
    QEventLoop loop;
    secrets::resolveApiKey(
        keychain, nullptr, store.legacyApiKey(), &loop, [&](const secrets::ResolvedKey& key) {
            resolved = key;
            loop.quit();
        });
    // QtKeychain answers every job, with an error when no Secret Service runs (toolchain.md §5); the bound
    // is for a keychain that waits on an unlock prompt nobody answers.
    QTimer::singleShot(30'000, &loop, &QEventLoop::quit);
    if (!resolved)
        loop.exec();
    if (!resolved) {
        telemetry::logger("app")->warn("the keychain did not answer within 30 s; going on without it");
        resolved = secrets::ResolvedKey {store.legacyApiKey(),
            store.legacyApiKey().isEmpty() ? secrets::KeySource::None
                                           : secrets::KeySource::LegacySettingsFile,
            secrets::SecretError {secrets::SecretErrorKind::NoKeychain, QStringLiteral("no answer")}};
        telemetry::registerSecret(resolved->key);
    }
    if (resolved->source == secrets::KeySource::LegacySettingsFile && keychain && !resolved->keychainError) {
        // The keychain works and holds no key: move the plain-text one there, then off the disk.
        if (!secrets::writeAndWait(*keychain, secrets::kApiKeyName, resolved->key)) {
            store.removeLegacyApiKey();
            telemetry::logger("app")->info("moved the API key from the settings file into the keychain");
            resolved->source = secrets::KeySource::Keychain;
            return *resolved;
        }
    }
    if (resolved->source == secrets::KeySource::LegacySettingsFile)
        telemetry::logger("app")->warn("the API key is stored in plain text in {}; move it to the keychain "
                                       "with `oilwatch config set-key` or Preferences",
            store.fileName().toStdString());
    return *resolved;
}

secrets::ResolvedKey configuredApiKeyAndSource()
{
    // OILWATCH_NO_KEYCHAIN=1 skips the keychain, e.g. on a server where a keychain prompt could appear.
    if (qEnvironmentVariableIntValue("OILWATCH_NO_KEYCHAIN") == 1)
        return resolveApiKeyAndWait(nullptr);
    secrets::KeychainSecretStore keychain;
    return resolveApiKeyAndWait(&keychain);
}

QString configuredApiKey()
{
    return configuredApiKeyAndSource().key;
}

namespace {

enum class ApiSource
{
    BaseUrl, // the server --base-url names
    LiveApi,
    BuiltInSimulator,
};

ApiSource sourceFor(const ApiChoice& choice, const QString& key)
{
    if (choice.baseUrl)
        return ApiSource::BaseUrl;
    return !choice.forceDemo && !key.isEmpty() ? ApiSource::LiveApi : ApiSource::BuiltInSimulator;
}

} // namespace

api::Origin originFor(const ApiChoice& choice)
{
    switch (sourceFor(choice, configuredApiKey())) {
    case ApiSource::BaseUrl:
        return api::Origin::forBaseUrl(*choice.baseUrl);
    case ApiSource::LiveApi:
        return api::Origin::forBaseUrl(settings::SettingsStore().baseUrl());
    case ApiSource::BuiltInSimulator:
        break;
    }
    return api::Origin::simulator();
}

std::variant<ApiSetup, api::ApiError> chooseApi(const ApiChoice& choice)
{
    ApiSetup setup;
    setup.config.attemptTimeout = std::chrono::milliseconds(choice.attemptTimeoutMs);
    const secrets::ResolvedKey resolved = configuredApiKeyAndSource();
    const QString& key = resolved.key;
    const ApiSource source = sourceFor(choice, key);
    if (source != ApiSource::BuiltInSimulator && !key.isEmpty())
        setup.keySource = resolved.source;

    if (source == ApiSource::BaseUrl) {
        setup.config.baseUrl = *choice.baseUrl;
        setup.config.apiKey = key;
        if (key.isEmpty() && api::ClientConfig::isLoopback(*choice.baseUrl))
            setup.config.apiKey = QString::fromLatin1(sim::kDemoKey);
    } else if (source == ApiSource::LiveApi) {
        // The endpoint saved in the settings (api.base_url), the public API by default.
        setup.config.baseUrl = settings::SettingsStore().baseUrl();
        setup.config.apiKey = key;
    } else {
        setup.simulated = true;
        setup.simulator = std::make_unique<sim::SimServer>();
        QString error;
        if (!setup.simulator->start(&error))
            return api::ApiError::make(api::ErrorKind::Network,
                QStringLiteral("the built-in simulator could not start: %1").arg(error));
        setup.config.baseUrl = setup.simulator->baseUrl();
        setup.config.apiKey = setup.simulator->apiKey();
        setup.config.builtInSimulator = true;
    }
    if (const auto invalid = setup.config.validate())
        return *invalid;
    return setup;
}

} // namespace oilwatch::app
