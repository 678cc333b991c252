#include "api/responseparser.h"

#include <cmath>

#include <QJsonArray>
#include <QJsonDocument>

namespace oilwatch::api {

namespace {

ApiError badResponse(const QString& message, const QByteArray& body = {})
{
    ApiError error = ApiError::make(ErrorKind::BadResponse, message);
    if (!body.isEmpty())
        error.excerpt = redactedExcerpt(body);
    return error;
}

Result<QJsonValue> parseJson(const QByteArray& body)
{
    if (body.trimmed().isEmpty())
        return badResponse(QStringLiteral("empty response body"));
    QJsonParseError parseError {};
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return badResponse(QStringLiteral("response is not valid JSON (%1 at offset %2)")
                               .arg(parseError.errorString())
                               .arg(parseError.offset),
            body);
    if (document.isArray())
        return QJsonValue(document.array());
    return QJsonValue(document.object());
}

QString stringField(const QJsonObject& object, const char* key)
{
    const QJsonValue value = object.value(QLatin1String(key));
    return value.isString() ? value.toString() : QString();
}

int intHeader(const RawHeaders& headers, const QByteArray& name, int fallback)
{
    bool ok = false;
    const int value = headerValue(headers, name).trimmed().toInt(&ok);
    return ok ? value : fallback;
}

Pagination paginationFrom(const QJsonObject& meta, const RawHeaders& headers)
{
    Pagination p;
    p.page = meta.contains(QLatin1String("page")) ? meta.value(QLatin1String("page")).toInt(1)
                                                  : intHeader(headers, "X-Page", 1);
    p.perPage = meta.contains(QLatin1String("per_page")) ? meta.value(QLatin1String("per_page")).toInt()
                                                         : intHeader(headers, "X-Per-Page", 0);
    p.total = meta.contains(QLatin1String("total")) ? meta.value(QLatin1String("total")).toInt(-1)
                                                    : intHeader(headers, "X-Total", -1);
    p.totalPages = meta.contains(QLatin1String("total_pages"))
        ? meta.value(QLatin1String("total_pages")).toInt(-1)
        : intHeader(headers, "X-Total-Pages", -1);
    // The same precedence as the Python SDK: the body's flag, then the header, then page arithmetic.
    if (meta.value(QLatin1String("has_next")).isBool())
        p.hasNext = meta.value(QLatin1String("has_next")).toBool();
    else if (!headerValue(headers, "X-Has-Next").isEmpty())
        p.hasNext = headerValue(headers, "X-Has-Next").trimmed().compare("true", Qt::CaseInsensitive) == 0;
    else
        p.hasNext = p.totalPages > 0 && p.page < p.totalPages;
    return p;
}

Result<Commodity> parseCommodity(const QJsonValue& value)
{
    const QJsonObject object = value.toObject();
    Commodity c;
    c.code = stringField(object, "code");
    if (c.code.isEmpty())
        return badResponse(QStringLiteral("commodity without a code"));
    c.name = stringField(object, "name");
    c.category = stringField(object, "category");
    c.unit = stringField(object, "unit");
    c.currency = stringField(object, "currency");
    c.description = stringField(object, "description");
    c.active = object.value(QLatin1String("active")).toBool(true);
    return c;
}

} // namespace

QDateTime ResponseParser::parseTimestamp(const QString& text)
{
    QDateTime parsed = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!parsed.isValid())
        parsed = QDateTime::fromString(text, Qt::ISODate);
    if (!parsed.isValid())
        return {};
    return parsed.toUTC();
}

Result<Quote> ResponseParser::parseQuote(const QJsonObject& object, const QDateTime& receivedAt)
{
    Quote quote;
    quote.code = stringField(object, "code");
    if (quote.code.isEmpty())
        return badResponse(QStringLiteral("price record without a code"));

    const QJsonValue price = object.value(QLatin1String("price"));
    if (price.isUndefined() || price.isNull())
        return badResponse(QStringLiteral("%1: price is missing").arg(quote.code));
    if (!price.isDouble())
        return badResponse(QStringLiteral("%1: price is not a number").arg(quote.code));
    quote.price = price.toDouble();
    if (!std::isfinite(quote.price))
        return badResponse(QStringLiteral("%1: price is not finite").arg(quote.code));

    // created_at is the documented field; the others are the variants the SDKs read.
    for (const char* key : {"created_at", "updated_at", "as_of", "source_timestamp"}) {
        const QString text = stringField(object, key);
        if (!text.isEmpty()) {
            quote.createdAt = parseTimestamp(text);
            if (!quote.createdAt.isValid())
                return badResponse(
                    QStringLiteral("%1: unreadable timestamp \"%2\"").arg(quote.code, text.left(40)));
            break;
        }
    }
    if (!quote.createdAt.isValid())
        return badResponse(QStringLiteral("%1: price record without a timestamp").arg(quote.code));

    quote.currency = stringField(object, "currency");
    quote.unit = stringField(object, "unit");
    quote.type = stringField(object, "type");
    quote.source = stringField(object, "source");
    if (quote.source.isEmpty())
        quote.source = stringField(object.value(QLatin1String("metadata")).toObject(), "source");
    quote.receivedAt = receivedAt;
    return quote;
}

Result<QList<Quote>> ResponseParser::parseLatest(const QByteArray& body, const QDateTime& receivedAt)
{
    const Result<QJsonValue> json = parseJson(body);
    if (!json)
        return json.error();
    const QJsonObject root = json.value().toObject();
    // Python accepts a bare object with no "data" wrapper; so do we.
    const QJsonObject data
        = root.contains(QLatin1String("data")) ? root.value(QLatin1String("data")).toObject() : root;
    if (data.isEmpty())
        return badResponse(QStringLiteral("latest prices: no data object"), body);

    QList<QJsonObject> records;
    if (data.contains(QLatin1String("price")) || data.contains(QLatin1String("code"))) {
        records << data;
    } else if (data.value(QLatin1String("prices")).isArray()) {
        for (const QJsonValue& item : data.value(QLatin1String("prices")).toArray())
            records << item.toObject();
    } else {
        const QJsonObject keyed = data.value(QLatin1String("prices")).isObject()
            ? data.value(QLatin1String("prices")).toObject()
            : data;
        for (auto it = keyed.begin(); it != keyed.end(); ++it) {
            if (!it.value().isObject())
                continue;
            QJsonObject record = it.value().toObject();
            if (!record.contains(QLatin1String("code")))
                record.insert(QStringLiteral("code"), it.key());
            records << record;
        }
    }
    if (records.isEmpty())
        return badResponse(QStringLiteral("latest prices: no price records"), body);

    QList<Quote> quotes;
    quotes.reserve(records.size());
    for (const QJsonObject& record : std::as_const(records)) {
        Result<Quote> quote = parseQuote(record, receivedAt);
        if (!quote)
            return quote.error();
        quotes << quote.value();
    }
    return quotes;
}

Result<HistoryPage> ResponseParser::parseHistoryPage(
    const QByteArray& body, const RawHeaders& headers, const QDateTime& receivedAt)
{
    const Result<QJsonValue> json = parseJson(body);
    if (!json)
        return json.error();
    const QJsonObject root = json.value().toObject();
    const QJsonValue prices = root.value(QLatin1String("data")).toObject().value(QLatin1String("prices"));
    if (!prices.isArray())
        return badResponse(QStringLiteral("history: no data.prices list"), body);

    HistoryPage page;
    for (const QJsonValue& item : prices.toArray()) {
        Result<Quote> quote = parseQuote(item.toObject(), receivedAt);
        if (!quote)
            return quote.error();
        page.quotes << quote.value();
    }
    page.pagination = paginationFrom(root.value(QLatin1String("meta")).toObject(), headers);
    return page;
}

Result<QJsonArray> ResponseParser::commodityItems(const QByteArray& body)
{
    const Result<QJsonValue> json = parseJson(body);
    if (!json)
        return json.error();
    QJsonArray items;
    if (json.value().isArray()) {
        items = json.value().toArray();
    } else {
        const QJsonValue data = json.value().toObject().value(QLatin1String("data"));
        items
            = data.isArray() ? data.toArray() : data.toObject().value(QLatin1String("commodities")).toArray();
    }
    if (items.isEmpty())
        return badResponse(QStringLiteral("commodities: empty or unknown catalogue shape"), body);
    return items;
}

Result<QList<Commodity>> ResponseParser::parseCommodities(const QByteArray& body)
{
    const Result<QJsonArray> items = commodityItems(body);
    if (!items)
        return items.error();
    QList<Commodity> out;
    for (const QJsonValue& item : items.value()) {
        Result<Commodity> commodity = parseCommodity(item);
        if (!commodity)
            return commodity.error();
        out << commodity.value();
    }
    return out;
}

} // namespace oilwatch::api
