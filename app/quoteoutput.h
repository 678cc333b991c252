#pragma once

#include "api/quote.h"

#include <QByteArray>
#include <QString>

namespace oilwatch::app {

// The CLI's two renderings of a quote: a line for a person, a JSON object per line for a program.
QString quoteTextLine(const api::Quote& quote, const api::FetchInfo& info);
QByteArray quoteJsonLine(const api::Quote& quote, const api::FetchInfo& info);

} // namespace oilwatch::app
