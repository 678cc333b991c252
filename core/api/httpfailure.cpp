#include "api/httpfailure.h"

namespace oilwatch::api {

namespace {

ApiError fromRejection(const transport::Rejection& rejection)
{
    const ErrorKind kind = rejection.kind == transport::RejectionKind::CircuitOpen ? ErrorKind::CircuitOpen
                                                                                   : ErrorKind::Overloaded;
    ApiError error = ApiError::make(kind, rejection.message);
    error.rateLimit.retryAfterSec = rejection.retryAfterSec;
    return error;
}

} // namespace

std::optional<ApiError> failureOf(const transport::HttpResponse& response)
{
    using transport::TransportError;
    switch (response.error) {
    case TransportError::None:
        break;
    case TransportError::Timeout:
        return ApiError::make(ErrorKind::Timeout, response.errorString);
    case TransportError::BodyTooLarge:
        return ApiError::make(ErrorKind::BadResponse, response.errorString);
    case TransportError::Cancelled:
        return ApiError::make(ErrorKind::Cancelled, QStringLiteral("request cancelled"));
    case TransportError::Network:
        return ApiError::make(ErrorKind::Network, response.errorString);
    case TransportError::Tls:
        return ApiError::make(ErrorKind::Tls,
            QStringLiteral(
                "the server's TLS certificate is not trusted or the handshake failed, not retried: ")
                + response.errorString);
    case TransportError::Rejected:
        // A rejection without its reason is still a local refusal: say overloaded, the milder of the two.
        if (response.rejection)
            return fromRejection(*response.rejection);
        return ApiError::make(ErrorKind::Overloaded, response.errorString);
    }
    if (response.status >= 200 && response.status < 300)
        return std::nullopt;
    return ApiError::fromHttpResponse(response.status, response.headers, response.body);
}

} // namespace oilwatch::api
