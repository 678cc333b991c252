#pragma once

#include "api/apierror.h"
#include "api/quote.h"

#include <chrono>

#include <QObject>
#include <QStringList>
#include <QTimer>

namespace oilwatch::api {
class OilPriceApiClient;
}

namespace oilwatch::feed {

// Polls the watched codes at an interval and reports each quote, or the error that stopped a poll.
class PriceFeed final : public QObject
{
    Q_OBJECT
public:
    static constexpr std::chrono::milliseconds kLiveInterval {60'000};
    static constexpr std::chrono::milliseconds kSimulatorInterval {2'000};

    PriceFeed(api::OilPriceApiClient& client, QStringList codes, std::chrono::milliseconds interval,
        QObject* parent = nullptr);

    static QStringList defaultCodes();

    QStringList codes() const { return m_codes; }
    std::chrono::milliseconds interval() const { return m_interval; }
    bool isRunning() const { return m_timer.isActive(); }

    void start(); // polls at once, then every interval
    void stop();
    void pollNow();

Q_SIGNALS:
    void quoteReceived(const oilwatch::api::Quote& quote, const oilwatch::api::FetchInfo& info);
    void pollFailed(const oilwatch::api::ApiError& error);
    void pollFinished(bool ok);

private:
    api::OilPriceApiClient& m_client;
    QStringList m_codes;
    std::chrono::milliseconds m_interval;
    QTimer m_timer;
    bool m_inFlight = false;
};

} // namespace oilwatch::feed
