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

std::variant<ApiSetup, api::ApiError> chooseApi(const ApiChoice& choice)
{
    ApiSetup setup;
    setup.config.attemptTimeout = std::chrono::milliseconds(choice.attemptTimeoutMs);
    const QString key = configuredApiKey();

    if (choice.baseUrl) {
        setup.config.baseUrl = *choice.baseUrl;
        setup.config.apiKey = key;
        if (key.isEmpty() && api::ClientConfig::isLoopback(*choice.baseUrl))
            setup.config.apiKey = QString::fromLatin1(sim::kDemoKey);
    } else if (!choice.forceDemo && !key.isEmpty()) {
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
    }
    if (const auto invalid = setup.config.validate())
        return *invalid;
    return setup;
}

} // namespace oilwatch::app
