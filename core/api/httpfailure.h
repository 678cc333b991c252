#pragma once

#include "api/apierror.h"
#include "transport/httptransport.h"

#include <optional>

namespace oilwatch::api {

// The typed error a response stands for: a transport failure, a pipeline stage's refusal, or an HTTP error
// status with the OilPriceAPI error body read (ApiError::fromHttpResponse). Nothing for a 2xx, whose body may
// still be unusable: that is for the parser to say. It lives here, not in transport/, because only this
// layer knows the API's error format; the transport reports what happened on the wire and nothing more.
std::optional<ApiError> failureOf(const transport::HttpResponse& response);

} // namespace oilwatch::api
