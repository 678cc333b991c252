#pragma once

#include "api/clientconfig.h"
#include "api/quote.h"
#include "api/result.h"
#include "transport/httptransport.h"
#include "util/clock.h"

#include <functional>

#include <QObject>
#include <QUrlQuery>

namespace oilwatch::api {

// The OilPriceAPI client. Every call is asynchronous and reports once through a callback on the caller's
// thread; destroying `context` first cancels the call and no callback runs.
class OilPriceApiClient final : public QObject
{
    Q_OBJECT
public:
    template <class T> using Callback = std::function<void(const Result<T>& result, const FetchInfo& info)>;

    OilPriceApiClient(ClientConfig config, transport::HttpTransport& transport,
        const util::Clock& clock = util::SystemClock::instance(), QObject* parent = nullptr);

    const ClientConfig& config() const { return m_config; }
    // A new key (Preferences): requests sent from now on carry it; calls in flight keep theirs.
    void setApiKey(const QString& key) { m_config.apiKey = key; }
    // From the next request (a poll interval changed while running).
    void setTotalDeadline(std::chrono::milliseconds deadline) { m_config.totalDeadline = deadline; }
    static QByteArray userAgent();
    // Codes are upper-case letters, digits and underscores; anything else is refused before a request is
    // made.
    static bool isValidCode(const QString& code);

    void latest(const QString& code, QObject* context, Callback<Quote> done);
    // One request for all codes (a comma list); the answer is keyed by code.
    void latestMany(const QStringList& codes, QObject* context, Callback<QList<Quote>> done);
    // After each page of a history: its number and the pages the server says there are (-1: it does not say).
    using PageProgress = std::function<void(int page, int totalPages)>;
    // Follows pages to the end (or maxPages), newest first, records repeated across pages dropped.
    void history(const HistoryQuery& query, QObject* context, Callback<QList<Quote>> done,
        int maxPages = 1000, PageProgress onPage = {});
    void commodities(QObject* context, Callback<QList<Commodity>> done);
    // The same answer as sent, once checked to hold a catalogue: for a cache, and for fields Commodity does
    // not keep (price_limits; see ResponseParser::commodityItems).
    void commoditiesBody(QObject* context, Callback<QByteArray> done);

private:
    struct HistoryRun;
    using ResponseHandler = std::function<void(const transport::HttpResponse&)>;

    void send(const QString& path, const QUrlQuery& query, QObject* context, ResponseHandler handler);
    void fetchHistoryPage(std::shared_ptr<HistoryRun> run, QObject* context);
    // The transport failure or HTTP error in a response, if any.
    std::optional<ApiError> failureOf(const transport::HttpResponse& response) const;
    std::optional<ApiError> checkedCodes(const QStringList& codes) const;
    FetchInfo infoFor(const transport::HttpResponse& response) const;

    ClientConfig m_config;
    transport::HttpTransport& m_transport;
    const util::Clock& m_clock;
};

} // namespace oilwatch::api
