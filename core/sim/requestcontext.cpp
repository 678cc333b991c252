#include "sim/requestcontext.h"

#include "sim/jsonwriter.h"

namespace oilwatch::sim {

QByteArray canonicalCode(int status)
{
    switch (status) {
    case 400:
        return "BAD_REQUEST";
    case 401:
        return "UNAUTHORIZED";
    case 402:
        return "PAYMENT_REQUIRED";
    case 403:
        return "FORBIDDEN";
    case 404:
        return "NOT_FOUND";
    case 408:
        return "REQUEST_TIMEOUT";
    case 422:
        return "VALIDATION_ERROR";
    case 429:
        return "RATE_LIMIT_EXCEEDED";
    case 500:
        return "INTERNAL_SERVER_ERROR";
    case 502:
        return "BAD_GATEWAY";
    case 503:
        return "SERVICE_UNAVAILABLE";
    case 504:
        return "GATEWAY_TIMEOUT";
    default:
        return "HTTP_" + QByteArray::number(status);
    }
}

QByteArray errorBody(QByteArrayView code, QByteArrayView message, QByteArrayView requestId)
{
    JsonWriter json(256);
    json.beginObject().key("status").value("error").key("error").beginObject();
    json.key("code").value(code).key("message").value(message).key("request_id").value(requestId);
    json.endObject().endObject();
    return json.take();
}

void setError(
    SimResponse& response, int status, QByteArrayView code, QByteArrayView message, QByteArrayView requestId)
{
    response.status = status;
    response.body = errorBody(code, message, requestId);
}

void setValidationError(SimResponse& response, QByteArrayView field, const QString& value,
    QByteArrayView message, QByteArrayView requestId)
{
    JsonWriter json(256);
    json.beginObject().key("status").value("error").key("error").beginObject();
    json.key("code").value("VALIDATION_ERROR").key("message").value(message);
    json.key("field").value(field).key("value").value(value).key("request_id").value(requestId);
    json.endObject().endObject();
    response.status = 422;
    response.body = json.take();
}

} // namespace oilwatch::sim
