#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>

namespace oilwatch::transport {

// Header lines as sent or received, in order and with their own case: HTTP allows repeated names, and Qt
// hands headers over in this shape (QNetworkReply::rawHeaderPairs), so no conversion is needed either way.
using RawHeaders = QList<QPair<QByteArray, QByteArray>>;

} // namespace oilwatch::transport
