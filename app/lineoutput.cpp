#include "app/lineoutput.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace oilwatch::app {

namespace {

QString isoUtc(const QDateTime& time)
{
    return time.toUTC().toString(Qt::ISODateWithMs);
}

QByteArray compact(const QJsonObject& object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

} // namespace

QString clockPrefix(const QDateTime& at)
{
    return at.toLocalTime().toString(QStringLiteral("HH:mm:ss.zzz"));
}

QString quoteTextLine(const api::Quote& quote, const api::FetchInfo& info)
{
    const QString unit
        = quote.unit.isEmpty() ? quote.currency : quote.currency + QLatin1Char('/') + quote.unit;
    return QStringLiteral("%1  %2 %3  at %4  %5, %6 attempt%7, %8 ms")
        .arg(quote.code, -20)
        .arg(quote.price, 0, 'f', 2)
        .arg(unit, isoUtc(quote.createdAt), api::servedFromName(info.servedFrom))
        .arg(info.attempts)
        .arg(info.attempts == 1 ? QString() : QStringLiteral("s"))
        .arg(info.latencyMs);
}

QByteArray quoteJsonLine(const api::Quote& quote, const api::FetchInfo& info)
{
    return compact({
        {QStringLiteral("type"), QStringLiteral("quote")},
        {QStringLiteral("ts"), isoUtc(quote.receivedAt)},
        {QStringLiteral("code"), quote.code},
        {QStringLiteral("price"), quote.price},
        {QStringLiteral("currency"), quote.currency},
        {QStringLiteral("unit"), quote.unit},
        {QStringLiteral("created_at"), isoUtc(quote.createdAt)},
        {QStringLiteral("price_type"), quote.type},
        {QStringLiteral("source"), quote.source},
        {QStringLiteral("received_at"), isoUtc(quote.receivedAt)},
        {QStringLiteral("served_from"), api::servedFromName(info.servedFrom)},
        {QStringLiteral("attempts"), info.attempts},
        {QStringLiteral("latency_ms"), info.latencyMs},
        {QStringLiteral("request_id"), info.requestId},
    });
}

QString eventTextLine(const resilience::ResilienceEvent& event)
{
    return clockPrefix(event.atUtc) + QStringLiteral("  ")
        + event.toJson().value(QStringLiteral("type")).toString() + QStringLiteral("  ") + event.describe();
}

QByteArray eventJsonLine(const resilience::ResilienceEvent& event)
{
    return compact(event.toJson());
}

QByteArray errorJsonLine(const api::ApiError& error, const QDateTime& at)
{
    QJsonObject json {
        {QStringLiteral("type"), QStringLiteral("error")},
        {QStringLiteral("ts"), isoUtc(at)},
        {QStringLiteral("kind"), api::errorKindName(error.kind)},
        {QStringLiteral("message"), error.message},
        {QStringLiteral("exit_code"), error.exitCode()},
    };
    if (error.httpStatus > 0)
        json.insert(QStringLiteral("http_status"), error.httpStatus);
    if (!error.requestId.isEmpty())
        json.insert(QStringLiteral("request_id"), error.requestId);
    return compact(json);
}

} // namespace oilwatch::app
