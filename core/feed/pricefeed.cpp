#include "feed/pricefeed.h"

#include "api/oilpriceapiclient.h"
#include "telemetry/logging.h"

namespace oilwatch::feed {

PriceFeed::PriceFeed(
    api::OilPriceApiClient& client, QStringList codes, std::chrono::milliseconds interval, QObject* parent)
    : QObject(parent)
    , m_client(client)
    , m_codes(std::move(codes))
    , m_interval(interval)
{
    m_timer.setInterval(m_interval);
    connect(&m_timer, &QTimer::timeout, this, &PriceFeed::pollNow);
}

QStringList PriceFeed::defaultCodes()
{
    return {QStringLiteral("BRENT_CRUDE_USD"), QStringLiteral("WTI_USD"), QStringLiteral("NATURAL_GAS_USD"),
        QStringLiteral("DUTCH_TTF_EUR"), QStringLiteral("GASOLINE_USD")};
}

void PriceFeed::start()
{
    m_timer.start();
    pollNow();
}

void PriceFeed::stop()
{
    m_timer.stop();
}

void PriceFeed::pollNow()
{
    // One poll at a time: a slow server must not pile up requests behind it.
    if (m_inFlight)
        return;
    m_inFlight = true;
    m_client.latestMany(
        m_codes, this, [this](const api::Result<QList<api::Quote>>& result, const api::FetchInfo& info) {
            m_inFlight = false;
            if (!result) {
                telemetry::logger("feed")->warn("poll failed: {}", result.error().describe().toStdString());
                Q_EMIT pollFailed(result.error());
                Q_EMIT pollFinished(false);
                return;
            }
            for (const api::Quote& quote : result.value())
                Q_EMIT quoteReceived(quote, info);
            Q_EMIT pollFinished(true);
        });
}

} // namespace oilwatch::feed
