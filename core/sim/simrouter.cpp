#include "sim/simrouter.h"

#include <cstring>

namespace oilwatch::sim {

SimRouter::SimRouter(PriceModel& model, QString apiKey, quint64 seed, int dailyQuota)
    : m_model(model)
    , m_auth(apiKey.toUtf8(), dailyQuota)
    , m_endpoints(model)
    , m_faults(m_auth.limit())
    , m_requestIds(seed ^ 0x9e3779b97f4a7c15ULL)
{ }

SimResponse SimRouter::handle(const HttpRequest& request, const QDateTime& now, const FaultDecision& decision)
{
    return handleAt(request, now.toMSecsSinceEpoch(), decision);
}

SimResponse SimRouter::handleAt(const HttpRequest& request, qint64 nowMs, const FaultDecision& decision)
{
    enum class Route
    {
        NotFound,
        Latest,
        Past,
        Commodities,
        CommodityCategories,
        CommodityDetail,
        DemoPrices, // the public demo API (contract §2.8): no key needed
        DemoCommodities,
    };
    RequestContext ctx;
    ctx.nowMs = nowMs;
    ctx.requestId = nextRequestId();
    m_auth.rollDay(nowMs);

    SimResponse response;
    QByteArrayView path(request.path);
    if (path.size() > 1 && path.endsWith('/'))
        path.chop(1);
    ctx.isV1 = isApiPath(path);

    Route route = Route::NotFound;
    qint64 windowDays = 0;
    QByteArrayView detailCode;
    if (path == "/v1/prices/latest") {
        route = Route::Latest;
    } else if (path.startsWith("/v1/prices/past_")) {
        const QByteArrayView period = path.sliced(16);
        windowDays = period == "day" ? 1
            : period == "week"       ? 7
            : period == "month"      ? 30
            : period == "year"       ? 365
                                     : 0;
        route = windowDays > 0 ? Route::Past : Route::NotFound;
    } else if (path == "/v1/commodities") {
        route = Route::Commodities;
    } else if (path == "/v1/commodities/categories") {
        route = Route::CommodityCategories;
    } else if (path == "/v1/demo/prices" || path == "/v1/demo/prices/latest") {
        route = Route::DemoPrices; // the cookbook spells it with /latest
    } else if (path == "/v1/demo/commodities") {
        route = Route::DemoCommodities;
    } else if (path.startsWith("/v1/commodities/") && path.indexOf('/', 16) < 0) {
        route = Route::CommodityDetail;
        detailCode = path.sliced(16);
    }

    ctx.priceAnswer = route == Route::Latest || route == Route::Past || route == Route::DemoPrices;
    const bool demo = route == Route::DemoPrices || route == Route::DemoCommodities;
    if (route == Route::NotFound) {
        setError(response, 404, "NOT_FOUND", "No route matches " + request.path, ctx.requestId);
    } else if (request.method != "GET") {
        setError(
            response, 405, "METHOD_NOT_ALLOWED", "Only GET is supported on " + request.path, ctx.requestId);
        response.headers.emplace_back(QByteArrayLiteral("Allow"), QByteArrayLiteral("GET"));
    } else if (demo) {
        // Public: no key is asked for, any key sent is ignored, and the key's quota is not spent.
        if (route == Route::DemoPrices)
            m_endpoints.handleDemoPrices(request, ctx, response);
        else
            m_endpoints.handleCommodities(request, response);
    } else if (const SimAuth::Verdict verdict = m_auth.check(request);
               verdict == SimAuth::Verdict::MissingKey) {
        setError(response, 401, "MISSING_API_KEY", "No API key. Send it as 'Authorization: Token <key>'.",
            ctx.requestId);
    } else if (verdict == SimAuth::Verdict::InvalidKey) {
        setError(response, 401, "INVALID_API_KEY", "The API key is invalid.", ctx.requestId);
    } else if (m_auth.spent()) {
        // An enforced quota is spent: the contract's durable 429, final until the next UTC midnight.
        FaultResponder::setQuotaExhausted(m_auth.limit(), ctx, response);
    } else {
        m_auth.spend();
        switch (route) {
        case Route::Latest:
            m_endpoints.handleLatest(request, ctx, response);
            break;
        case Route::Past:
            m_endpoints.handleHistorical(request, ctx, windowDays, response);
            break;
        case Route::Commodities:
            m_endpoints.handleCommodities(request, response);
            break;
        case Route::CommodityCategories:
            m_endpoints.handleCategories(response);
            break;
        case Route::CommodityDetail:
            m_endpoints.handleCommodityDetail(detailCode, ctx, response);
            break;
        case Route::NotFound:
        case Route::DemoPrices:
        case Route::DemoCommodities:
            break;
        }
    }
    if (ctx.isV1)
        m_faults.apply(decision, ctx, response);
    // A fault may differ from one request to the next, and only a success is sure to keep the request id
    // out of its body.
    response.repeatable = response.repeatable && response.status == 200 && !decision.faults();
    finish(ctx, response);
    return response;
}

SimResponse SimRouter::parseErrorResponse(HttpParseError error, qint64 nowMs)
{
    RequestContext ctx;
    ctx.nowMs = nowMs;
    ctx.requestId = nextRequestId();
    m_auth.rollDay(nowMs);
    QByteArray code;
    switch (error) {
    case HttpParseError::HeaderTooLarge:
        code = "HEADERS_TOO_LARGE";
        break;
    case HttpParseError::BodyTooLarge:
        code = "PAYLOAD_TOO_LARGE";
        break;
    case HttpParseError::NotImplemented:
        code = "NOT_IMPLEMENTED";
        break;
    case HttpParseError::VersionNotSupported:
        code = "HTTP_VERSION_NOT_SUPPORTED";
        break;
    case HttpParseError::None:
    case HttpParseError::BadRequest:
        code = "BAD_REQUEST";
        break;
    }
    SimResponse response;
    setError(response, HttpRequestParser::statusCode(error), code, HttpRequestParser::describe(error),
        ctx.requestId);
    finish(ctx, response);
    return response;
}

void SimRouter::finish(RequestContext& ctx, SimResponse& response)
{
    // Standard headers go first; a handler's own Content-Type (the HTML 502) wins over the JSON default.
    std::vector<std::pair<QByteArray, QByteArray>> headers;
    headers.reserve(8 + response.headers.size());
    if (response.header("Content-Type").isNull())
        headers.emplace_back(
            QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json; charset=utf-8"));
    headers.emplace_back(
        QByteArray::fromRawData(kRequestIdHeader.data(), kRequestIdHeader.size()), ctx.requestId);
    headers.emplace_back(QByteArrayLiteral("X-RateLimit-Limit"), m_auth.limitHeader());
    using Limit = RequestContext::Limit;
    const bool exhausted = ctx.limit == Limit::Forced || ctx.limit == Limit::Quota;
    // The text only changes with the count, which stays at 0 once a benchmark has used up the day's quota.
    headers.emplace_back(QByteArray::fromRawData(kRemainingHeader.data(), kRemainingHeader.size()),
        m_auth.remainingHeader(exhausted ? 0 : m_auth.remaining()));
    if (const qint64 day = ctx.nowMs / RequestContext::kMsPerDay; day != m_resetHeaderDay) {
        m_resetHeaderDay = day;
        m_resetHeader = QByteArray::number(ctx.nextMidnightSec());
    }
    headers.emplace_back(QByteArrayLiteral("X-RateLimit-Reset"), m_resetHeader);
    // The window tells a client whether to retry (contract §3.3): hourly_circuit_breaker is a burst limit,
    // retryable after Retry-After; daily_counter with state exhausted is final until the reset.
    headers.emplace_back(QByteArrayLiteral("X-RateLimit-State"),
        exhausted ? QByteArrayLiteral("exhausted") : QByteArrayLiteral("available"));
    const bool burst = ctx.limit == Limit::Forced || ctx.limit == Limit::Burst;
    headers.emplace_back(QByteArrayLiteral("X-RateLimit-Window"),
        burst ? QByteArrayLiteral("hourly_circuit_breaker") : QByteArrayLiteral("daily_counter"));
    for (auto& header : response.headers)
        headers.push_back(std::move(header));
    response.headers = std::move(headers);
}

QByteArray SimRouter::nextRequestId()
{
    QByteArray id(20, Qt::Uninitialized);
    writeNextRequestId(id.data());
    return id;
}

void SimRouter::writeNextRequestId(char* out)
{
    static constexpr char kHex[] = "0123456789abcdef";
    std::memcpy(out, "req_", 4);
    char* digits = out + 4;
    quint64 bits = m_requestIds();
    for (int i = 15; i >= 0; --i, bits >>= 4)
        digits[i] = kHex[bits & 0xf];
}

bool SimRouter::mayRenew(qint64 nowMs)
{
    m_auth.rollDay(nowMs);
    return !m_auth.spent();
}

SimRouter::Renewal SimRouter::renewAnswer(qint64 nowMs)
{
    // The same steps, in the same order, as handleAt takes for an authorised request.
    Renewal renewal {};
    writeNextRequestId(renewal.requestId.data());
    m_auth.rollDay(nowMs);
    m_auth.spend();
    renewal.remaining = m_auth.remaining();
    return renewal;
}

} // namespace oilwatch::sim
