#pragma once

#include "api/apierror.h"
#include "util/valueorerror.h"

namespace oilwatch::api {

// A value or the typed API error that stopped us from getting it.
template <class T> using Result = util::ValueOrError<T, ApiError>;

} // namespace oilwatch::api
