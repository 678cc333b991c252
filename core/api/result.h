#pragma once

#include "api/apierror.h"

#include <utility>
#include <variant>

namespace oilwatch::api {

// A value or the typed error that stopped us from getting it. Errors are values across module boundaries.
template <class T> class Result
{
public:
    Result(T value)
        : m_value(std::move(value))
    { }
    Result(ApiError error)
        : m_value(std::move(error))
    { }

    bool ok() const { return std::holds_alternative<T>(m_value); }
    explicit operator bool() const { return ok(); }
    const T& value() const { return std::get<T>(m_value); }
    T& value() { return std::get<T>(m_value); }
    const ApiError& error() const { return std::get<ApiError>(m_value); }

private:
    std::variant<T, ApiError> m_value;
};

} // namespace oilwatch::api
