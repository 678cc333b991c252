#include "transport/httptransport.h"

namespace oilwatch::transport {

std::optional<api::ApiError> failureOf(const HttpResponse& response)
{
    using api::ApiError;
    using api::ErrorKind;
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
        return response.rejection.value_or(ApiError::make(ErrorKind::Overloaded, response.errorString));
    }
    if (response.status >= 200 && response.status < 300)
        return std::nullopt;
    return ApiError::fromHttpResponse(response.status, response.headers, response.body);
}

} // namespace oilwatch::transport
