#include "app/lineoutput.h"

#include "validation/dataqualityissue.h"

#include <QJsonArray>
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

// What a quote line and a history line share.
QJsonObject quoteFields(const QString& type, const api::Quote& quote)
{
    return {
        {QStringLiteral("type"), type},
        {QStringLiteral("code"), quote.code},
        {QStringLiteral("price"), quote.price},
        {QStringLiteral("currency"), quote.currency},
        {QStringLiteral("unit"), quote.unit},
        {QStringLiteral("created_at"), isoUtc(quote.createdAt)},
        {QStringLiteral("price_type"), quote.type},
        {QStringLiteral("source"), quote.source},
        {QStringLiteral("received_at"), isoUtc(quote.receivedAt)},
        {QStringLiteral("origin"), quote.origin.id()},
    };
}

QString unitText(const api::Quote& quote)
{
    return quote.unit.isEmpty() ? quote.currency : quote.currency + QLatin1Char('/') + quote.unit;
}

QString priceText(const api::Quote& quote)
{
    return QStringLiteral("%1 %2").arg(quote.price, 0, 'f', 2).arg(unitText(quote));
}

QString ageText(qint64 ageMs)
{
    return QStringLiteral("%1 s old").arg(double(ageMs) / 1000.0, 0, 'f', 1);
}

// "quality" always; with a verdict, also what was rejected and why.
void addQuality(QJsonObject& json, const validation::Verdict* suspect)
{
    json.insert(QStringLiteral("quality"),
        validation::qualityName(suspect ? validation::Quality::Suspect : validation::Quality::Ok));
    if (!suspect)
        return;
    const api::Quote& rejected = suspect->quote;
    json.insert(QStringLiteral("rejected"),
        QJsonObject {
            {QStringLiteral("price"), rejected.price},
            {QStringLiteral("currency"), rejected.currency},
            {QStringLiteral("unit"), rejected.unit},
            {QStringLiteral("created_at"), isoUtc(rejected.createdAt)},
            {QStringLiteral("source"), rejected.source},
        });
    QJsonArray issues;
    for (const validation::DataQualityIssue& issue : suspect->issues) {
        issues.append(QJsonObject {
            {QStringLiteral("rule"), validation::ruleName(issue.rule)},
            {QStringLiteral("message"), issue.message},
        });
    }
    json.insert(QStringLiteral("issues"), issues);
}

// "; SUSPECT: latest answer 750.00 USD/barrel rejected (spike: ...), last good value shown"
QString suspectText(const validation::Verdict& suspect, bool lastGoodShown)
{
    return QStringLiteral("  SUSPECT: latest answer %1 rejected (%2)%3")
        .arg(priceText(suspect.quote), suspect.summary(),
            lastGoodShown ? QStringLiteral(", last good value shown") : QString());
}

} // namespace

QString clockPrefix(const QDateTime& at)
{
    return at.toLocalTime().toString(QStringLiteral("HH:mm:ss.zzz"));
}

QString quoteTextLine(const api::Quote& quote, const api::FetchInfo& info)
{
    // A live value needs no age; anything else says how old it is, so a stale price is never shown in
    // silence.
    const QString from = info.servedFrom == api::ServedFrom::Live
        ? api::servedFromName(info.servedFrom)
        : QStringLiteral("%1 (%2)").arg(api::servedFromName(info.servedFrom), ageText(info.ageMs));
    return QStringLiteral("%1  %2  at %3  %4, %5 attempt%6, %7 ms")
               .arg(quote.code, -20)
               .arg(priceText(quote), isoUtc(quote.createdAt), from)
               .arg(info.attempts)
               .arg(info.attempts == 1 ? QString() : QStringLiteral("s"))
               .arg(info.latencyMs)
        + (info.suspect ? suspectText(*info.suspect, true) : QString());
}

QByteArray quoteJsonLine(const api::Quote& quote, const api::FetchInfo& info)
{
    QJsonObject json = quoteFields(QStringLiteral("quote"), quote);
    json.insert(QStringLiteral("ts"), isoUtc(quote.receivedAt));
    json.insert(QStringLiteral("served_from"), api::servedFromName(info.servedFrom));
    json.insert(QStringLiteral("age_s"), double(info.ageMs) / 1000.0);
    json.insert(QStringLiteral("attempts"), info.attempts);
    json.insert(QStringLiteral("latency_ms"), info.latencyMs);
    json.insert(QStringLiteral("request_id"), info.requestId);
    addQuality(json, info.suspect.get());
    return compact(json);
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

QString alertTextLine(const alerts::AlertEvent& event)
{
    return clockPrefix(event.atUtc) + QStringLiteral("  alert  ") + event.message;
}

QByteArray alertJsonLine(const alerts::AlertEvent& event)
{
    return compact(alerts::alertEventJson(event));
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
    if (error.lastValue) {
        json.insert(QStringLiteral("code"), error.lastValue->code);
        json.insert(QStringLiteral("last_value"),
            QJsonObject {
                {QStringLiteral("price"), error.lastValue->price},
                {QStringLiteral("currency"), error.lastValue->currency},
                {QStringLiteral("unit"), error.lastValue->unit},
                {QStringLiteral("created_at"), isoUtc(error.lastValue->createdAt)},
            });
        json.insert(QStringLiteral("age_s"), double(error.lastValueAgeMs) / 1000.0);
    }
    if (error.suspect) {
        json.insert(QStringLiteral("code"), error.suspect->quote.code);
        addQuality(json, error.suspect.get());
    }
    return compact(json);
}

QString errorTextLine(const api::ApiError& error)
{
    // A data_quality error's message already names the rejected value and the rules.
    const QString suspect = error.suspect && error.kind != api::ErrorKind::DataQuality
        ? suspectText(*error.suspect, false)
        : QString();
    if (!error.lastValue)
        return error.describe() + suspect;
    return QStringLiteral("%1; last value %2 %3 at %4, %5")
               .arg(error.describe(), error.lastValue->code, priceText(*error.lastValue),
                   isoUtc(error.lastValue->createdAt), ageText(error.lastValueAgeMs))
        + suspect;
}

QString historyHeaderLine()
{
    return QStringLiteral("%1  %2  %3  %4  %5  %6")
        .arg(QStringLiteral("created_at"), -24)
        .arg(QStringLiteral("price"), 12)
        .arg(QStringLiteral("unit"), -14)
        .arg(QStringLiteral("type"), -14)
        .arg(QStringLiteral("origin"), -28)
        .arg(QStringLiteral("source"));
}

QString historyTextLine(const api::Quote& quote)
{
    return QStringLiteral("%1  %2  %3  %4  %5  %6")
        .arg(isoUtc(quote.createdAt), -24)
        .arg(quote.price, 12, 'f', 2)
        .arg(unitText(quote), -14)
        .arg(quote.type, -14)
        .arg(quote.origin.id(), -28)
        .arg(quote.source);
}

QByteArray historyJsonLine(const api::Quote& quote)
{
    return compact(quoteFields(QStringLiteral("history"), quote));
}

QString quarantineHeaderLine()
{
    return QStringLiteral("%1  %2  %3  %4  %5  %6  %7")
        .arg(QStringLiteral("detected_at"), -24)
        .arg(QStringLiteral("code"), -20)
        .arg(QStringLiteral("price"), 12)
        .arg(QStringLiteral("unit"), -14)
        .arg(QStringLiteral("created_at"), -24)
        .arg(QStringLiteral("rules"), -20)
        .arg(QStringLiteral("origin"));
}

QString quarantineTextLine(const storage::QuarantineRecord& record)
{
    const api::Quote& quote = record.quote;
    return QStringLiteral("%1  %2  %3  %4  %5  %6  %7\n    %8")
        .arg(isoUtc(record.detectedAt), -24)
        .arg(quote.code, -20)
        .arg(quote.price, 12, 'f', 2)
        .arg(unitText(quote), -14)
        .arg(isoUtc(quote.createdAt), -24)
        .arg(record.rules.join(QLatin1Char(',')), -20)
        .arg(quote.origin.id(), record.message);
}

QByteArray quarantineJsonLine(const storage::QuarantineRecord& record)
{
    QJsonObject json = quoteFields(QStringLiteral("quarantined"), record.quote);
    json.insert(QStringLiteral("quality"), validation::qualityName(validation::Quality::Suspect));
    json.insert(QStringLiteral("rules"), QJsonArray::fromStringList(record.rules));
    json.insert(QStringLiteral("message"), record.message);
    json.insert(QStringLiteral("detected_at"), isoUtc(record.detectedAt));
    return compact(json);
}

} // namespace oilwatch::app
