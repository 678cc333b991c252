#include "sim/simendpoints.h"

#include "sim/jsonwriter.h"

#include <algorithm>
#include <limits>

#include <QDate>

namespace oilwatch::sim {

namespace {

constexpr QByteArrayView kSource = "oilwatch.simulator";
constexpr QByteArrayView kSourceDescription = "OilWatch built-in simulator (simulated data)";

// One catalogue entry, in the field order of the contract's example.
void writeCommodity(JsonWriter& json, const CommodityInfo& info)
{
    json.beginObject();
    json.key("code").value(info.code).key("name").value(info.name).key("category").value(info.category);
    json.key("unit").value(info.unit).key("currency").value(info.currency);
    json.key("description").value(info.description).key("source").value(kSource);
    json.key("active").value(true);
    json.endObject();
}

QByteArrayView currencySymbol(const QString& currency)
{
    if (currency == u"USD")
        return "$";
    if (currency == u"EUR")
        return "\xE2\x82\xAC"; // euro sign, UTF-8
    if (currency == u"GBP")
        return "\xC2\xA3"; // pound sign, UTF-8
    return {};
}

QByteArray formatted(const CommodityInfo& info, double price)
{
    QByteArray text = currencySymbol(info.currency).toByteArray();
    if (text.isEmpty())
        text = info.currency.toLatin1() + ' ';
    text.append(QByteArray::number(price, 'f', info.decimals));
    return text;
}

// Strict YYYY-MM-DD, as the SDKs validate it before sending.
std::optional<QDate> parseDate(const QString& text)
{
    if (text.size() != 10 || text[4] != u'-' || text[7] != u'-')
        return std::nullopt;
    for (int i : {0, 1, 2, 3, 5, 6, 8, 9}) {
        if (!text[i].isDigit())
            return std::nullopt;
    }
    const QDate date(text.left(4).toInt(), text.mid(5, 2).toInt(), text.mid(8, 2).toInt());
    return date.isValid() ? std::optional<QDate>(date) : std::nullopt;
}

qint64 epochSecOf(const QDate& date)
{
    constexpr qint64 kJulianDayOfEpoch = 2'440'588; // 1970-01-01
    return (date.toJulianDay() - kJulianDayOfEpoch) * 86'400;
}

std::optional<int> parsePositiveInt(const QString& text)
{
    bool ok = false;
    const int value = text.trimmed().toInt(&ok);
    return ok && value >= 1 ? std::optional<int>(value) : std::nullopt;
}

// Bucket of a timestamp for the interval parameter; records in the same bucket collapse to the newest.
qint64 bucketOf(qint64 epochSec, QByteArrayView interval)
{
    constexpr qint64 kDay = 86'400;
    if (interval == "hourly")
        return epochSec / 3600;
    if (interval == "daily")
        return epochSec / kDay;
    if (interval == "weekly")
        return (epochSec / kDay + 3) / 7; // 1970-01-01 was a Thursday; weeks start on Monday
    const QDate date = QDate(1970, 1, 1).addDays(epochSec / kDay);
    return qint64(date.year()) * 12 + date.month();
}

// Canonical spelling of an interval, or an empty view when unknown. "raw" keeps every record.
QByteArrayView normalInterval(const QString& text)
{
    const QString value = text.trimmed().toLower();
    if (value.isEmpty() || value == u"raw" || value == u"minute")
        return "raw";
    if (value == u"hourly" || value == u"1h")
        return "hourly";
    if (value == u"daily" || value == u"1d")
        return "daily";
    if (value == u"weekly" || value == u"1w")
        return "weekly";
    if (value == u"monthly" || value == u"1m")
        return "monthly";
    return {};
}

} // namespace

SimEndpoints::SimEndpoints(PriceModel& model)
    : m_model(model)
    , m_catalog(model.catalog())
{
    JsonWriter json(4096);
    json.beginObject().key("status").value("success").key("data").beginObject();
    json.key("commodities").beginArray();
    for (const auto& info : m_catalog.all()) {
        writeCommodity(json, info);
    }
    json.endArray();
    json.key("metadata").beginObject().key("total").value(qint64(m_catalog.size())).endObject();
    json.endObject().endObject();
    m_commoditiesBody = json.take();
}

bool SimEndpoints::parseCodes(const QString& byCode, std::vector<int>* indexes, SimResponse& response) const
{
    QStringList invalid;
    for (const QStringView part : QStringView(byCode).split(u',')) {
        const QString code = part.trimmed().toString().toUpper();
        if (code.isEmpty())
            continue;
        const int index = m_catalog.indexOf(code);
        if (index < 0) {
            if (!invalid.contains(code))
                invalid.append(code);
        } else if (std::find(indexes->begin(), indexes->end(), index) == indexes->end()) {
            indexes->push_back(index);
        }
    }
    if (invalid.isEmpty())
        return true;

    QStringList suggestions;
    for (const QString& code : invalid) {
        for (const QString& suggestion : m_catalog.suggestions(code)) {
            if (!suggestions.contains(suggestion) && suggestions.size() < 3)
                suggestions.append(suggestion);
        }
    }
    QString message
        = (invalid.size() == 1 ? QStringLiteral("Unknown code %1.") : QStringLiteral("Unknown codes %1."))
              .arg(invalid.join(QStringLiteral(", ")));
    if (!suggestions.isEmpty())
        message += QStringLiteral(" Did you mean %1?").arg(suggestions.join(QStringLiteral(", ")));
    message += QStringLiteral(" See /v1/commodities for the valid codes.");

    JsonWriter json;
    json.beginObject().key("status").value("fail").key("data").beginObject();
    json.key("error").value("invalid_code").key("message").value(message);
    json.key("suggestions").beginArray();
    for (const QString& suggestion : suggestions)
        json.value(suggestion);
    json.endArray().key("invalid_codes").beginArray();
    for (const QString& code : invalid)
        json.value(code);
    json.endArray().endObject().endObject();
    response.status = 400;
    response.body = json.take();
    return false;
}

void SimEndpoints::writePriceFields(JsonWriter& json, int index, const PricePoint& point) const
{
    const CommodityInfo& info = m_catalog.all()[size_t(index)];
    json.key("code").value(info.code);
    json.key("price").number(point.price, info.decimals);
    json.key("formatted").value(QByteArrayView(formatted(info, point.price)));
    json.key("currency").value(info.currency);
    json.key("unit").value(info.unit);
    json.key("created_at").isoTime(point.epochSec * 1000);
    json.key("type").value("spot_price");
    json.key("source").value(kSource);
}

void SimEndpoints::handleLatest(const HttpRequest& request, RequestContext& ctx, SimResponse& response)
{
    // Pollers ask for the same codes many times a second while the model moves once a second at most.
    const QByteArrayView rawCodes = request.rawQueryValue("by_code").value_or(QByteArrayView());
    const TickBodyCache::Stamp stamp {ctx.nowMs / 1000, m_model.revision()};
    if (QByteArray body = m_latestBodies.find(rawCodes, stamp); !body.isNull()) {
        response.body = std::move(body);
        response.repeatable = true;
        response.headers.emplace_back(QByteArrayLiteral("ETag"), latestEtag(rawCodes, stamp));
        return;
    }
    buildLatest(request, ctx, response);
    // Building advanced the model (changing its revision) to where it answers this second unchanged.
    if (response.status == 200) {
        const TickBodyCache::Stamp built {stamp.nowSec, m_model.revision()};
        m_latestBodies.store(rawCodes, built, response.body);
        response.repeatable = true;
        response.headers.emplace_back(QByteArrayLiteral("ETag"), latestEtag(rawCodes, built));
    }
}

QByteArray SimEndpoints::latestEtag(QByteArrayView rawCodes, const TickBodyCache::Stamp& stamp)
{
    // Weak, like the one Rails adds to every 200: the body is a function of the codes asked and the stamp, so
    // the tag changes whenever the body can, without hashing the body on every request.
    return QByteArrayLiteral("W/\"") + QByteArray::number(stamp.revision) + '-'
        + QByteArray::number(stamp.nowSec) + '-' + QByteArray::number(quint64(qHash(rawCodes)), 16) + '"';
}

void SimEndpoints::buildLatest(const HttpRequest& request, RequestContext& ctx, SimResponse& response)
{
    std::vector<int> indexes;
    const std::optional<QString> byCode = request.queryValue("by_code");
    const bool all = !byCode || byCode->trimmed().isEmpty();
    if (all) {
        for (int i = 0; i < m_catalog.size(); ++i)
            indexes.push_back(i);
    } else if (!parseCodes(*byCode, &indexes, response)) {
        return;
    }
    if (indexes.empty()) { // "by_code=,,"
        setError(response, 400, "MISSING_PARAMETER", "by_code names no commodity", ctx.requestId);
        return;
    }

    const qint64 nowSec = ctx.nowMs / 1000;
    const bool keyed = all || byCode->contains(u',');
    JsonWriter json(keyed ? 400 * qsizetype(indexes.size()) : 512);
    json.beginObject().key("status").value("success").key("data").beginObject();
    for (int index : indexes) {
        const PricePoint point = m_model.latestAt(index, nowSec);
        if (keyed)
            json.key(m_catalog.all()[size_t(index)].code.toLatin1()).beginObject();
        writePriceFields(json, index, point);
        json.key("metadata").beginObject().key("source").value(kSource);
        json.key("source_description").value(kSourceDescription).endObject();
        if (keyed)
            json.endObject();
    }
    json.endObject().endObject();
    response.body = json.take();
}

void SimEndpoints::handleHistorical(
    const HttpRequest& request, RequestContext& ctx, qint64 windowDays, SimResponse& response)
{
    const std::optional<QString> byCode = request.queryValue("by_code");
    if (!byCode || byCode->trimmed().isEmpty()) {
        setError(response, 400, "MISSING_PARAMETER", "by_code is required, e.g. by_code=BRENT_CRUDE_USD",
            ctx.requestId);
        return;
    }
    std::vector<int> indexes;
    if (!parseCodes(*byCode, &indexes, response))
        return;
    if (indexes.empty()) {
        setError(response, 400, "MISSING_PARAMETER", "by_code names no commodity", ctx.requestId);
        return;
    }

    const qint64 nowSec = ctx.nowMs / 1000;
    std::optional<QDate> startDate;
    std::optional<QDate> endDate;
    for (const auto& [name, target] :
        {std::pair {"start_date", &startDate}, std::pair {"end_date", &endDate}}) {
        const std::optional<QString> text = request.queryValue(name);
        if (!text || text->isEmpty())
            continue;
        *target = parseDate(*text);
        if (!*target) {
            setValidationError(response, name, *text, QByteArray(name) + " must be a date in YYYY-MM-DD form",
                ctx.requestId);
            return;
        }
    }
    if (startDate && endDate && *startDate > *endDate) {
        setValidationError(response, "start_date", startDate->toString(Qt::ISODate),
            "start_date must not be after end_date", ctx.requestId);
        return;
    }
    // The dates win over the endpoint's window, as on the API (contract §2.3, §6): past_month asked for a
    // January range answers January, whatever today is. The window only fills in what was not asked: the
    // whole of it without dates; with only end_date, the window's length before it; with only start_date,
    // from it until now, however long ago it was.
    const qint64 toSec = endDate ? std::min(nowSec, epochSecOf(*endDate) + 86'399) : nowSec;
    const qint64 fromSec = startDate ? epochSecOf(*startDate) : toSec - windowDays * 86'400;

    int page = 1;
    int perPage = kMaxPerPage;
    if (const auto text = request.queryValue("page"); text) {
        const auto value = parsePositiveInt(*text);
        if (!value) {
            setValidationError(response, "page", *text, "page must be a whole number from 1", ctx.requestId);
            return;
        }
        page = *value;
    }
    if (const auto text = request.queryValue("per_page"); text) {
        const auto value = parsePositiveInt(*text);
        if (!value) {
            setValidationError(
                response, "per_page", *text, "per_page must be a whole number from 1", ctx.requestId);
            return;
        }
        perPage = std::min(*value, kMaxPerPage); // the API caps pages, whatever was asked
    }
    QByteArrayView interval = "raw";
    if (const auto text = request.queryValue("interval"); text) {
        interval = normalInterval(*text);
        if (interval.isEmpty()) {
            setValidationError(response, "interval", *text,
                "interval must be raw, hourly, daily, weekly or monthly", ctx.requestId);
            return;
        }
    }

    struct Row
    {
        PricePoint point;
        int index;
    };
    std::vector<Row> rows;
    qsizetype total = 0;
    const qsizetype offset = qsizetype(page - 1) * perPage;
    for (int index : indexes)
        m_model.advanceTo(index, nowSec);
    if (indexes.size() == 1 && interval == "raw") {
        // The common case pages straight out of the model without copying the whole window.
        total = m_model.countBetween(indexes.front(), fromSec, toSec);
        for (const PricePoint& point :
            m_model.recordsBetween(indexes.front(), fromSec, toSec, offset, perPage))
            rows.push_back({point, indexes.front()});
    } else {
        std::vector<Row> all;
        for (int index : indexes) {
            qint64 lastBucket = std::numeric_limits<qint64>::min();
            for (const PricePoint& point : m_model.recordsBetween(index, fromSec, toSec)) {
                if (interval != "raw") {
                    const qint64 bucket = bucketOf(point.epochSec, interval);
                    if (bucket == lastBucket)
                        continue;
                    lastBucket = bucket;
                }
                all.push_back({point, index});
            }
        }
        std::stable_sort(all.begin(), all.end(),
            [](const Row& a, const Row& b) { return a.point.epochSec > b.point.epochSec; });
        total = qsizetype(all.size());
        if (offset < total)
            rows.assign(all.begin() + offset, all.begin() + std::min(total, offset + perPage));
    }

    const qint64 totalPages = (total + perPage - 1) / perPage;
    const bool hasNext = page < totalPages;
    JsonWriter json(256 + 220 * qsizetype(rows.size()));
    json.beginObject().key("status").value("success").key("data").beginObject().key("prices").beginArray();
    for (const Row& row : rows) {
        json.beginObject();
        writePriceFields(json, row.index, row.point);
        json.endObject();
    }
    json.endArray().endObject();
    json.key("meta").beginObject();
    json.key("page").value(page).key("per_page").value(perPage).key("total").value(qint64(total));
    json.key("total_pages").value(totalPages).key("has_next").value(hasNext).key("has_prev").value(page > 1);
    json.endObject().endObject();
    response.body = json.take();
    response.headers.emplace_back(QByteArrayLiteral("X-Total"), QByteArray::number(total));
    response.headers.emplace_back(QByteArrayLiteral("X-Total-Pages"), QByteArray::number(totalPages));
    response.headers.emplace_back(QByteArrayLiteral("X-Page"), QByteArray::number(page));
    response.headers.emplace_back(QByteArrayLiteral("X-Per-Page"), QByteArray::number(perPage));
    response.headers.emplace_back(QByteArrayLiteral("X-Has-Next"), hasNext ? "true" : "false");
}

void SimEndpoints::handleCommodities(const HttpRequest& request, SimResponse& response) const
{
    const QString category = request.queryValue("category").value_or(QString()).trimmed();
    const QString search = request.queryValue("search").value_or(QString()).trimmed();
    if (category.isEmpty() && search.isEmpty()) {
        response.body = m_commoditiesBody;
        response.repeatable = true; // the catalogue never changes
        return;
    }
    JsonWriter json(4096);
    json.beginObject().key("status").value("success").key("data").beginObject();
    json.key("commodities").beginArray();
    qint64 count = 0;
    for (const auto& info : m_catalog.all()) {
        if (!category.isEmpty() && info.category.compare(category, Qt::CaseInsensitive) != 0)
            continue;
        if (!search.isEmpty() && !info.code.contains(search, Qt::CaseInsensitive)
            && !info.name.contains(search, Qt::CaseInsensitive))
            continue;
        ++count;
        writeCommodity(json, info);
    }
    json.endArray();
    json.key("metadata").beginObject().key("total").value(count).endObject();
    json.endObject().endObject();
    response.body = json.take();
}

void SimEndpoints::handleCategories(SimResponse& response) const
{
    QStringList categories;
    for (const auto& info : m_catalog.all()) {
        if (!categories.contains(info.category))
            categories.append(info.category);
    }
    JsonWriter json(2048);
    json.beginObject().key("status").value("success").key("data").beginObject();
    for (const QString& category : categories) {
        json.key(category.toUtf8()).beginObject().key("name").value(category).key("commodities").beginArray();
        for (const auto& info : m_catalog.all()) {
            if (info.category == category)
                json.value(info.code);
        }
        json.endArray().endObject();
    }
    json.endObject().endObject();
    response.body = json.take();
}

void SimEndpoints::handleCommodityDetail(QByteArrayView code, RequestContext& ctx, SimResponse& response)
{
    const QString wanted = QString::fromUtf8(QByteArray::fromPercentEncoding(code.toByteArray())).toUpper();
    const int index = m_catalog.indexOf(wanted);
    if (index < 0) {
        JsonWriter json;
        json.beginObject().key("status").value("fail").key("error").beginObject();
        json.key("code").value("COMMODITY_NOT_FOUND").key("message").value("Commodity not found");
        json.key("commodity_code").value(wanted).key("request_id").value(QByteArrayView(ctx.requestId));
        json.endObject().endObject();
        response.status = 404;
        response.body = json.take();
        return;
    }
    const CommodityInfo& info = m_catalog.all()[size_t(index)];
    const PricePoint point = m_model.latestAt(index, ctx.nowMs / 1000);
    JsonWriter json(1024);
    json.beginObject().key("status").value("success").key("data").beginObject();
    json.key("code").value(info.code).key("name").value(info.name).key("category").value(info.category);
    json.key("unit").value(info.unit).key("currency").value(info.currency);
    json.key("description").value(info.description).key("source").value(kSource);
    json.key("active").value(true).key("decimal_places").value(info.decimals);
    json.key("current_price").beginObject();
    json.key("value").number(point.price, info.decimals);
    json.key("formatted").value(QByteArrayView(formatted(info, point.price)));
    json.key("currency").value(info.currency).key("last_updated").isoTime(point.epochSec * 1000);
    json.endObject().endObject().endObject();
    response.body = json.take();
}

void SimEndpoints::handleDemoPrices(const HttpRequest& request, RequestContext& ctx, SimResponse& response)
{
    std::vector<int> indexes;
    const std::optional<QString> codes = request.queryValue("codes");
    if (!codes || codes->trimmed().isEmpty()) {
        for (int i = 0; i < m_catalog.size(); ++i)
            indexes.push_back(i);
    } else if (!parseCodes(*codes, &indexes, response)) {
        return;
    }
    if (indexes.empty()) {
        setError(response, 400, "MISSING_PARAMETER", "codes names no commodity", ctx.requestId);
        return;
    }
    const qint64 nowSec = ctx.nowMs / 1000;
    JsonWriter json(256 + 260 * qsizetype(indexes.size()));
    json.beginObject().key("status").value("success").key("data").beginObject();
    json.key("prices").beginArray();
    for (int index : indexes) {
        const CommodityInfo& info = m_catalog.all()[size_t(index)];
        const PricePoint point = m_model.latestAt(index, nowSec);
        // The oldest record within the last day (the minute records reach back a week, so there is one),
        // read alone: the day holds 1,440 of them.
        const qsizetype inDay = m_model.countBetween(index, nowSec - 86'400, nowSec);
        const std::vector<PricePoint> dayAgo
            = m_model.recordsBetween(index, nowSec - 86'400, nowSec, std::max<qsizetype>(0, inDay - 1), 1);
        const double before = dayAgo.empty() ? point.price : dayAgo.front().price;
        json.beginObject();
        json.key("code").value(info.code).key("name").value(info.name);
        json.key("price").number(point.price, info.decimals);
        json.key("currency").value(info.currency).key("unit").value(info.unit);
        json.key("updated_at").isoTime(point.epochSec * 1000);
        json.key("change_24h").number(point.price - before, info.decimals);
        json.key("source").value(kSource);
        json.endObject();
    }
    json.endArray();
    json.key("meta").beginObject().key("demo_mode").value(true).key("rate_limit").value(kDemoRateLimit);
    json.endObject();
    json.endObject().endObject();
    response.body = json.take();
}

} // namespace oilwatch::sim
