#include "app/apisetup.h"

#include "telemetry/redaction.h"

#include <QSettings>

namespace oilwatch::app {

QString configuredApiKey()
{
    QString key = qEnvironmentVariable("OILPRICEAPI_KEY").trimmed();
    if (key.isEmpty())
        key = QSettings().value(QStringLiteral("api/key")).toString().trimmed();
    telemetry::registerSecret(key);
    return key;
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
        return api::Origin::forBaseUrl(api::ClientConfig::defaultBaseUrl());
    case ApiSource::BuiltInSimulator:
        break;
    }
    return api::Origin::simulator();
}

std::variant<ApiSetup, api::ApiError> chooseApi(const ApiChoice& choice)
{
    ApiSetup setup;
    setup.config.attemptTimeout = std::chrono::milliseconds(choice.attemptTimeoutMs);
    const QString key = configuredApiKey();
    const ApiSource source = sourceFor(choice, key);

    if (source == ApiSource::BaseUrl) {
        setup.config.baseUrl = *choice.baseUrl;
        setup.config.apiKey = key;
        if (key.isEmpty() && api::ClientConfig::isLoopback(*choice.baseUrl))
            setup.config.apiKey = QString::fromLatin1(sim::kDemoKey);
    } else if (source == ApiSource::LiveApi) {
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
