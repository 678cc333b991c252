#include "api/oilpriceapiclient.h"

#include "api/httpfailure.h"
#include "api/responseparser.h"
#include "logging/logging.h"
#include "oilwatch/version.h"

#include <QRegularExpression>
#include <QSet>

namespace oilwatch::api {

namespace {

using transport::HttpResponse;
using transport::TransportError;

auto log()
{
    return logging::logger("api");
}

} // namespace

struct OilPriceApiClient::HistoryRun
{
    HistoryQuery query;
    Callback<QList<Quote>> done;
    PageProgress onPage;
    QList<Quote> quotes;
    QSet<QPair<QString, qint64>> seen;
    int page = 1;
    int maxPages = 1000;
    qint64 latencyMs = 0;
    int attempts = 0;
};

OilPriceApiClient::OilPriceApiClient(
    ClientConfig config, transport::HttpTransport& transport, const util::Clock& clock, QObject* parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_transport(transport)
    , m_clock(clock)
{ }

QByteArray OilPriceApiClient::userAgent()
{
    return QByteArray("OilWatch/") + kVersion + " Qt/" + qVersion();
}

bool OilPriceApiClient::isValidCode(const QString& code)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Z0-9][A-Z0-9_]{0,63}$"));
    return pattern.match(code).hasMatch();
}

std::optional<ApiError> OilPriceApiClient::checkedCodes(const QStringList& codes) const
{
    if (codes.isEmpty())
        return ApiError::make(ErrorKind::InvalidCode, QStringLiteral("no commodity code given"));
    QStringList bad;
    for (const QString& code : codes) {
        if (!isValidCode(code))
            bad << code;
    }
    if (bad.isEmpty())
        return std::nullopt;
    ApiError error = ApiError::make(ErrorKind::InvalidCode,
        QStringLiteral("not a commodity code: %1 (codes look like BRENT_CRUDE_USD)")
            .arg(bad.join(QStringLiteral(", "))));
    error.invalidCodes = bad;
    return error;
}

void OilPriceApiClient::send(
    const QString& path, const QUrlQuery& query, QObject* context, ResponseHandler handler)
{
    if (const auto invalid = m_config.validate()) {
        // Report asynchronously like every other outcome, so callers never see a re-entrant callback.
        QMetaObject::invokeMethod(
            context ? context : this,
            [handler, error = *invalid] {
                HttpResponse response;
                response.error = TransportError::Cancelled;
                response.errorString = error.message;
                handler(response);
            },
            Qt::QueuedConnection);
        return;
    }
    transport::HttpRequest request;
    request.url = m_config.endpoint(path);
    request.url.setQuery(query);
    request.timeout = m_config.attemptTimeout;
    request.totalDeadline = m_config.totalDeadline;
    request.maxBodyBytes = m_config.maxBodyBytes;
    request.headers = {
        {"Accept", "application/json"},
        {"User-Agent", userAgent()},
        {"X-SDK-Name", "oilwatch"},
        {"X-SDK-Version", kVersion},
    };
    // The public demo is asked without a key, like the SDKs' getDemoPrices: no key to leak, none to refuse.
    if (!m_config.publicDemo)
        request.headers.prepend(qMakePair(QByteArray("Authorization"), "Token " + m_config.apiKey.toUtf8()));
    log()->debug("GET {}", request.url.toString().toStdString());
    m_transport.get(request, context, std::move(handler));
}

std::optional<ApiError> OilPriceApiClient::failureOf(const HttpResponse& response) const
{
    // A refused configuration is reported as a cancelled transport call; say why instead.
    if (response.error == TransportError::Cancelled) {
        if (const auto invalid = m_config.validate())
            return invalid;
    }
    std::optional<ApiError> error = api::failureOf(response);
    if (error && error->httpStatus > 0)
        log()->warn("HTTP {} from {}: {}", response.status, m_config.hostLabel().toStdString(),
            error->describe().toStdString());
    return error;
}

FetchInfo OilPriceApiClient::infoFor(const HttpResponse& response) const
{
    FetchInfo info;
    info.servedFrom = ServedFrom::Live;
    info.attempts = response.attempts;
    info.latencyMs = response.elapsedMs;
    info.requestId = QString::fromLatin1(headerValue(response.headers, "X-Request-Id"));
    info.etag = headerValue(response.headers, "ETag");
    info.lastModified = headerValue(response.headers, "Last-Modified");
    info.rateLimit = rateLimitFromHeaders(response.headers);
    return info;
}

void OilPriceApiClient::latest(const QString& code, QObject* context, Callback<Quote> done)
{
    latestMany({code}, context,
        [done = std::move(done), code](const Result<QList<Quote>>& result, const FetchInfo& info) {
            if (!result) {
                done(result.error(), info);
                return;
            }
            for (const Quote& quote : result.value()) {
                if (quote.code == code) {
                    done(quote, info);
                    return;
                }
            }
            done(ApiError::make(
                     ErrorKind::BadResponse, QStringLiteral("the response holds no price for %1").arg(code)),
                info);
        });
}

void OilPriceApiClient::latestMany(const QStringList& codes, QObject* context, Callback<QList<Quote>> done)
{
    if (const auto invalid = checkedCodes(codes)) {
        QMetaObject::invokeMethod(
            context ? context : this, [done, error = *invalid] { done(error, FetchInfo {}); },
            Qt::QueuedConnection);
        return;
    }
    QUrlQuery query;
    // The demo takes the same comma list under another name and answers data.prices[], which parseLatest
    // reads like the legacy list (updated_at standing for created_at).
    query.addQueryItem(m_config.publicDemo ? QStringLiteral("codes") : QStringLiteral("by_code"),
        codes.join(QLatin1Char(',')));
    send(m_config.publicDemo ? QStringLiteral("/v1/demo/prices") : QStringLiteral("/v1/prices/latest"), query,
        context, [this, codes, done = std::move(done)](const HttpResponse& response) {
            FetchInfo info = infoFor(response);
            if (const auto failure = failureOf(response)) {
                if (failure->kind == ErrorKind::RateLimited)
                    info.retryAfterSec = failure->rateLimit.retryAfterSec;
                done(*failure, info);
                return;
            }
            Result<QList<Quote>> parsed = ResponseParser::parseLatest(response.body, m_clock.nowUtc());
            if (parsed) {
                // Only what was asked for: a server answering with extra codes must not add tiles.
                QList<Quote> wanted;
                for (Quote quote : parsed.value()) {
                    if (!codes.contains(quote.code))
                        continue;
                    quote.origin = m_config.origin();
                    wanted << quote;
                }
                if (wanted.isEmpty()) {
                    done(ApiError::make(ErrorKind::BadResponse,
                             QStringLiteral("the response holds none of the requested codes")),
                        info);
                    return;
                }
                parsed = wanted;
            }
            done(parsed, info);
        });
}

void OilPriceApiClient::history(const HistoryQuery& query, QObject* context, Callback<QList<Quote>> done,
    int maxPages, PageProgress onPage)
{
    if (const auto invalid = checkedCodes({query.code})) {
        QMetaObject::invokeMethod(
            context ? context : this, [done, error = *invalid] { done(error, FetchInfo {}); },
            Qt::QueuedConnection);
        return;
    }
    if (m_config.publicDemo) {
        QMetaObject::invokeMethod(
            context ? context : this,
            [done] {
                done(ApiError::make(ErrorKind::Auth,
                         QStringLiteral(
                             "price history needs an API key: the public demo serves latest prices only")),
                    FetchInfo {});
            },
            Qt::QueuedConnection);
        return;
    }
    auto run = std::make_shared<HistoryRun>();
    run->query = query;
    run->query.perPage = std::clamp(query.perPage, 1, 100);
    run->done = std::move(done);
    run->maxPages = std::max(1, maxPages);
    run->onPage = std::move(onPage);
    fetchHistoryPage(run, context);
}

void OilPriceApiClient::fetchHistoryPage(std::shared_ptr<HistoryRun> run, QObject* context)
{
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("by_code"), run->query.code);
    if (run->query.from.isValid())
        query.addQueryItem(QStringLiteral("start_date"), run->query.from.toString(Qt::ISODate));
    if (run->query.to.isValid())
        query.addQueryItem(QStringLiteral("end_date"), run->query.to.toString(Qt::ISODate));
    if (!run->query.interval.isEmpty())
        query.addQueryItem(QStringLiteral("interval"), run->query.interval);
    query.addQueryItem(QStringLiteral("page"), QString::number(run->page));
    query.addQueryItem(QStringLiteral("per_page"), QString::number(run->query.perPage));
    send(historyWindowPath(run->query.window), query, context,
        [this, run, context](const HttpResponse& response) {
            run->latencyMs += response.elapsedMs;
            run->attempts += response.attempts;
            FetchInfo info = infoFor(response);
            info.latencyMs = run->latencyMs;
            info.attempts = run->attempts;
            if (const auto failure = failureOf(response)) {
                run->done(*failure, info);
                return;
            }
            const Result<HistoryPage> page
                = ResponseParser::parseHistoryPage(response.body, response.headers, m_clock.nowUtc());
            if (!page) {
                run->done(page.error(), info);
                return;
            }
            for (Quote quote : page.value().quotes) {
                const QPair<QString, qint64> key {quote.code, quote.createdAt.toMSecsSinceEpoch()};
                if (run->seen.contains(key))
                    continue;
                run->seen.insert(key);
                quote.origin = m_config.origin();
                run->quotes << quote;
            }
            if (run->onPage)
                run->onPage(run->page, page.value().pagination.totalPages);
            // An empty page ends the walk even when the metadata claims more (a server bug must not loop us).
            const bool more = page.value().pagination.hasNext && !page.value().quotes.isEmpty();
            if (more && run->page < run->maxPages) {
                ++run->page;
                fetchHistoryPage(run, context);
                return;
            }
            std::sort(run->quotes.begin(), run->quotes.end(),
                [](const Quote& a, const Quote& b) { return a.createdAt > b.createdAt; });
            run->done(run->quotes, info);
        });
}

void OilPriceApiClient::commodities(QObject* context, Callback<QList<Commodity>> done)
{
    commoditiesBody(context, [done = std::move(done)](const Result<QByteArray>& body, const FetchInfo& info) {
        done(body ? ResponseParser::parseCommodities(body.value()) : Result<QList<Commodity>>(body.error()),
            info);
    });
}

void OilPriceApiClient::commoditiesBody(QObject* context, Callback<QByteArray> done)
{
    send(m_config.publicDemo ? QStringLiteral("/v1/demo/commodities") : QStringLiteral("/v1/commodities"), {},
        context, [this, done = std::move(done)](const HttpResponse& response) {
            const FetchInfo info = infoFor(response);
            if (const auto failure = failureOf(response)) {
                done(*failure, info);
                return;
            }
            if (const Result<QJsonArray> items = ResponseParser::commodityItems(response.body); !items)
                done(items.error(), info);
            else
                done(response.body, info);
        });
}

} // namespace oilwatch::api
