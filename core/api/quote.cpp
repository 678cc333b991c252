#include "api/quote.h"

namespace oilwatch::api {

QString servedFromName(ServedFrom from)
{
    switch (from) {
    case ServedFrom::Live:
        return QStringLiteral("live");
    case ServedFrom::Cache:
        return QStringLiteral("cache");
    case ServedFrom::Stale:
        return QStringLiteral("stale");
    }
    return QStringLiteral("live");
}

QString historyWindowPath(HistoryWindow window)
{
    switch (window) {
    case HistoryWindow::PastDay:
        return QStringLiteral("/v1/prices/past_day");
    case HistoryWindow::PastWeek:
        return QStringLiteral("/v1/prices/past_week");
    case HistoryWindow::PastMonth:
        return QStringLiteral("/v1/prices/past_month");
    case HistoryWindow::PastYear:
        return QStringLiteral("/v1/prices/past_year");
    }
    return QStringLiteral("/v1/prices/past_week");
}

} // namespace oilwatch::api
