#pragma once

#include <utility>
#include <variant>

namespace oilwatch::util {

// A value or the typed error that stopped us from getting it: errors are values across module boundaries.
// Each module names its own instance (api::Result, storage::StorageResult) with its own error type.
template <class T, class E> class ValueOrError
{
public:
    ValueOrError(T value)
        : m_value(std::move(value))
    { }
    ValueOrError(E error)
        : m_value(std::move(error))
    { }

    bool ok() const { return std::holds_alternative<T>(m_value); }
    explicit operator bool() const { return ok(); }
    const T& value() const { return std::get<T>(m_value); }
    T& value() { return std::get<T>(m_value); }
    const E& error() const { return std::get<E>(m_value); }

private:
    std::variant<T, E> m_value;
};

} // namespace oilwatch::util
