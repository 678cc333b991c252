#pragma once

#include <utility>
#include <variant>

#include <QString>

namespace oilwatch::storage {

// What went wrong in the storage layer, as a value: callers decide whether to show, log or retry.
struct StorageError
{
    QString message;
};

// A value or the StorageError that stopped us from getting it; mirrors api::Result without tying storage to
// the API's error type.
template <class T> class StorageResult
{
public:
    StorageResult(T value)
        : m_value(std::move(value))
    { }
    StorageResult(StorageError error)
        : m_value(std::move(error))
    { }

    bool ok() const { return std::holds_alternative<T>(m_value); }
    explicit operator bool() const { return ok(); }
    const T& value() const { return std::get<T>(m_value); }
    T& value() { return std::get<T>(m_value); }
    const StorageError& error() const { return std::get<StorageError>(m_value); }

private:
    std::variant<T, StorageError> m_value;
};

} // namespace oilwatch::storage
