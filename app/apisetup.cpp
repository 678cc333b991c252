#include "app/apisetup.h"

#include "api/oilpriceapiclient.h"
#include "logging/logging.h"
#include "logging/redaction.h"
#include "secrets/keychainsecretstore.h"
#include "settings/settingsstore.h"
#include "transport/qnamtransport.h"

#include <QEventLoop>
#include <QSettings>
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
        logging::logger("app")->warn("the keychain did not answer within 30 s; going on without it");
        resolved = secrets::ResolvedKey {store.legacyApiKey(),
            store.legacyApiKey().isEmpty() ? secrets::KeySource::None
                                           : secrets::KeySource::LegacySettingsFile,
            secrets::SecretError {secrets::SecretErrorKind::NoKeychain, QStringLiteral("no answer")}};
        logging::registerSecret(resolved->key);
    }
    if (resolved->source == secrets::KeySource::LegacySettingsFile && keychain && !resolved->keychainError) {
        // The keychain works and holds no key: move the plain-text one there, then off the disk.
        if (!secrets::writeAndWait(*keychain, secrets::kApiKeyName, resolved->key)) {
            store.removeLegacyApiKey();
            logging::logger("app")->info("moved the API key from the settings file into the keychain");
            resolved->source = secrets::KeySource::Keychain;
            return *resolved;
        }
    }
    if (resolved->source == secrets::KeySource::LegacySettingsFile)
        logging::logger("app")->warn("the API key is stored in plain text in {}; move it to the keychain "
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
    PublicDemo, // no key: the public demo of the real API
    BuiltInSimulator,
};

ApiSource sourceFor(const ApiChoice& choice, const QString& key)
{
    if (choice.baseUrl)
        return ApiSource::BaseUrl;
    if (choice.forceDemo)
        return ApiSource::BuiltInSimulator;
    if (!key.isEmpty())
        return ApiSource::LiveApi;
    return choice.publicDemoWithoutKey && !choice.offline ? ApiSource::PublicDemo
                                                          : ApiSource::BuiltInSimulator;
}

QUrl publicDemoUrl(const ApiChoice& choice)
{
    return choice.publicDemoBaseUrl.value_or(api::ClientConfig::defaultBaseUrl());
}

} // namespace

api::Origin originFor(const ApiChoice& choice)
{
    switch (sourceFor(choice, configuredApiKey())) {
    case ApiSource::BaseUrl:
        return api::Origin::forBaseUrl(*choice.baseUrl);
    case ApiSource::LiveApi:
        return api::Origin::forBaseUrl(settings::SettingsStore().baseUrl());
    case ApiSource::PublicDemo:
        return api::Origin::demo(publicDemoUrl(choice));
    case ApiSource::BuiltInSimulator:
        break;
    }
    return api::Origin::simulator();
}

std::variant<ApiSetup, api::ApiError> chooseApi(const ApiChoice& choice)
{
    ApiSetup setup;
    setup.config.attemptTimeout = std::chrono::milliseconds(choice.attemptTimeoutMs);
    const secrets::ResolvedKey resolved = choice.knownKey ? *choice.knownKey : configuredApiKeyAndSource();
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
    } else if (source == ApiSource::PublicDemo) {
        setup.config.baseUrl = publicDemoUrl(choice);
        setup.config.publicDemo = true;
    } else if (auto error = useBuiltInSimulator(setup)) {
        return *error;
    }
    if (const auto invalid = setup.config.validate())
        return *invalid;
    return setup;
}

std::optional<api::ApiError> useBuiltInSimulator(ApiSetup& setup)
{
    setup.simulated = true;
    setup.simulator = std::make_unique<sim::SimServer>();
    QString error;
    if (!setup.simulator->start(&error))
        return api::ApiError::make(
            api::ErrorKind::Local, QStringLiteral("the built-in simulator could not start: %1").arg(error));
    setup.config.baseUrl = setup.simulator->baseUrl();
    setup.config.apiKey = setup.simulator->apiKey();
    setup.config.publicDemo = false;
    setup.config.builtInSimulator = true;
    return std::nullopt;
}

std::optional<api::ApiError> confirmPublicDemo(ApiSetup& setup, std::chrono::milliseconds timeout)
{
    if (!setup.config.publicDemo)
        return std::nullopt;
    api::ClientConfig probe = setup.config;
    probe.attemptTimeout = timeout;
    transport::QnamTransport network;
    api::OilPriceApiClient client(probe, network);
    QEventLoop loop;
    std::optional<api::ApiError> failure;
    bool answered = false;
    client.latestMany({QStringLiteral("BRENT_CRUDE_USD")}, &loop,
        [&](const api::Result<QList<api::Quote>>& result, const api::FetchInfo&) {
            answered = true;
            if (!result)
                failure = result.error();
            loop.quit();
        });
    // The transport's own timeout ends the wait; this one only guards against a transport that never calls.
    QTimer::singleShot(timeout + std::chrono::seconds(1), &loop, &QEventLoop::quit);
    if (!answered)
        loop.exec();
    const bool unreachable = !answered
        || (failure
            && (failure->kind == api::ErrorKind::Network || failure->kind == api::ErrorKind::Timeout
                || failure->kind == api::ErrorKind::Tls));
    if (!unreachable) {
        if (failure)
            logging::logger("app")->warn(
                "the public demo answered with an error: {}", failure->describe().toStdString());
        return std::nullopt;
    }
    logging::logger("app")->warn("the public demo at {} cannot be reached ({}): using the built-in simulator",
        setup.config.hostLabel().toStdString(),
        failure ? failure->describe().toStdString() : std::string("no answer"));
    return useBuiltInSimulator(setup);
}

} // namespace oilwatch::app
