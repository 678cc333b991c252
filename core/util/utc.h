#pragma once

#include <QDateTime>
#include <QTimeZone>

namespace oilwatch::util {

// The zone argument that makes a QDateTime in UTC (timeSpec() == Qt::UTC, ISO strings ending in "Z"), for the
// QDateTime constructor and fromSecsSinceEpoch / fromMSecsSinceEpoch.
// A version check, because no spelling common to Qt 6.4 and 6.8 does this: 6.4 takes only Qt::UTC, which 6.8
// marks deprecated (for 6.9), and its replacement QTimeZone::UTC arrived in 6.5. QTimeZone::utc(), present in
// both, is a different value: a zone-backed time whose ISO string ends in "+00:00" instead of "Z".
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
inline QTimeZone utc()
{
    return QTimeZone(QTimeZone::UTC);
}
#else
constexpr Qt::TimeSpec utc()
{
    return Qt::UTC;
}
#endif

} // namespace oilwatch::util
