#include "sim/simcontrol.h"

#include "sim/jsonwriter.h"
#include "sim/simserverthread.h"

namespace oilwatch::sim {

namespace {

SimResponse jsonResponse(int status, QByteArray body)
{
    SimResponse response;
    response.status = status;
    response.headers.emplace_back(QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json"));
    response.headers.emplace_back(QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store"));
    response.body = std::move(body);
    return response;
}

SimResponse errorResponse(int status, QByteArrayView code, const QString& message)
{
    JsonWriter json(256);
    json.beginObject().key("status").value("error").key("error").beginObject();
    json.key("code").value(code).key("message").value(message);
    json.endObject().endObject();
    return jsonResponse(status, json.take());
}

} // namespace

SimResponse SimControl::handle(const HttpRequest& request, bool fromLoopback)
{
    if (!fromLoopback)
        return errorResponse(403, "FORBIDDEN", QStringLiteral("the control endpoints answer loopback only"));
    QByteArrayView path(request.path);
    if (path.size() > 1 && path.endsWith('/'))
        path.chop(1);
    const QByteArrayView method(request.method);
    QByteArrayView allowed;
    if (path == "/_sim/stats") {
        if (method == "GET")
            return jsonResponse(200, m_shared.stats().toJson());
        allowed = "GET";
    } else if (path == "/_sim/arrivals") {
        if (method == "GET")
            return arrivals();
        allowed = "GET";
    } else if (path == "/_sim/profile") {
        if (method == "GET")
            return jsonResponse(200, m_shared.faultProfile().toJson());
        if (method == "POST")
            return switchProfile(request);
        allowed = "GET, POST";
    } else if (path == "/_sim/reset") {
        if (method == "POST") {
            m_shared.resetStats();
            return jsonResponse(200, m_shared.stats().toJson());
        }
        allowed = "POST";
    } else {
        return errorResponse(404, "NOT_FOUND",
            QStringLiteral(
                "no control endpoint %1; try /_sim/stats, /_sim/arrivals, /_sim/profile or /_sim/reset")
                .arg(QString::fromUtf8(request.path)));
    }
    SimResponse response = errorResponse(405, "METHOD_NOT_ALLOWED",
        QStringLiteral("%1 takes %2").arg(QString::fromUtf8(request.path), QString::fromLatin1(allowed)));
    response.headers.emplace_back(QByteArrayLiteral("Allow"), allowed.toByteArray());
    return response;
}

SimResponse SimControl::arrivals() const
{
    bool truncated = false;
    const std::vector<quint32> offsets = m_shared.arrivalOffsetsMs(&truncated);
    JsonWriter json(qsizetype(offsets.size()) * 7 + 96);
    json.beginObject().key("count").value(qint64(offsets.size())).key("truncated").value(truncated);
    json.key("offsets_ms").beginArray();
    for (const quint32 offset : offsets)
        json.value(qint64(offset));
    json.endArray().endObject();
    return jsonResponse(200, json.take());
}

SimResponse SimControl::switchProfile(const HttpRequest& request)
{
    FaultProfileResult result = FaultProfileError {};
    if (const std::optional<QString> name = request.queryValue("name")) {
        if (std::optional<FaultProfile> builtin = FaultProfile::builtin(*name))
            result = std::move(*builtin);
        else
            result = FaultProfileError {
                QStringLiteral("no built-in profile \"%1\" (one of %2)")
                    .arg(*name, FaultProfile::builtinNames().join(QStringLiteral(", ")))};
    } else if (request.body.trimmed().isEmpty()) {
        result = FaultProfileError {QStringLiteral("send a JSON profile as the body, or ?name=<built-in>")};
    } else {
        result = FaultProfile::fromJson(request.body);
    }
    if (const auto* error = std::get_if<FaultProfileError>(&result))
        return errorResponse(400, "INVALID_PROFILE", error->message);
    const FaultProfile& profile = std::get<FaultProfile>(result);
    m_shared.setFaultProfile(profile);
    return jsonResponse(200, profile.toJson());
}

} // namespace oilwatch::sim
