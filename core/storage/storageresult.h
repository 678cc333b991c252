#pragma once

#include "util/valueorerror.h"

#include <QString>

namespace oilwatch::storage {

// What went wrong in the storage layer, as a value: callers decide whether to show, log or retry.
struct StorageError
{
    QString message;
};

// A value or the StorageError that stopped us from getting it; storage does not depend on the API's errors.
template <class T> using StorageResult = util::ValueOrError<T, StorageError>;

} // namespace oilwatch::storage
