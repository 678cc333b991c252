#include "app/quoteoutput.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace oilwatch::app {

namespace {

QString isoUtc(const QDateTime& time)
{
    return time.toUTC().toString(Qt::ISODateWithMs);
}

} // namespace

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
    const QJsonObject object {
        {QStringLiteral("code"), quote.code},
        {QStringLiteral("price"), quote.price},
        {QStringLiteral("currency"), quote.currency},
        {QStringLiteral("unit"), quote.unit},
        {QStringLiteral("created_at"), isoUtc(quote.createdAt)},
        {QStringLiteral("type"), quote.type},
        {QStringLiteral("source"), quote.source},
        {QStringLiteral("received_at"), isoUtc(quote.receivedAt)},
        {QStringLiteral("served_from"), api::servedFromName(info.servedFrom)},
        {QStringLiteral("attempts"), info.attempts},
        {QStringLiteral("latency_ms"), info.latencyMs},
        {QStringLiteral("request_id"), info.requestId},
    };
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

} // namespace oilwatch::app
