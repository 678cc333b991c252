#pragma once

#include "alerts/alertevent.h"
#include "api/apierror.h"
#include "api/quote.h"
#include "resilience/resilienceevents.h"
#include "storage/pricehistory.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>

namespace oilwatch::app {

// The CLI's renderings: a line for a person, or one JSON object per line for a program. Every JSON line of
// watch carries "type" (quote, attempt, retry, budget, breaker, rejected, error, alert) and "ts". Every quote
// says where it came from ("served_from": live, cache, stale) and how old it was when served ("age_s"), and
// its "quality": "ok", or "suspect" when the API's latest answer for the code was rejected by the validator;
// the quote is then the last good value, and "rejected" (price, currency, unit, created_at, source) and
// "issues" ([{rule, message}]) say what was rejected and why. A data_quality error (no last good value to
// show) carries the same fields.
QString quoteTextLine(const api::Quote& quote, const api::FetchInfo& info);
QByteArray quoteJsonLine(const api::Quote& quote, const api::FetchInfo& info);

QString eventTextLine(const resilience::ResilienceEvent& event);
QByteArray eventJsonLine(const resilience::ResilienceEvent& event);

// An alert's transition (alerts::alertEventJson: rule, code, state, previous_state, value, message).
QString alertTextLine(const alerts::AlertEvent& event);
QByteArray alertJsonLine(const alerts::AlertEvent& event);

// A cache-expired error also carries the last value ("last_value", its "code" and "age_s").
QByteArray errorJsonLine(const api::ApiError& error, const QDateTime& at);
QString errorTextLine(const api::ApiError& error);

// The stored series of `history`: a table row, or one JSON object ("type":"history") per line.
QString historyHeaderLine();
QString historyTextLine(const api::Quote& quote);
QByteArray historyJsonLine(const api::Quote& quote);

// `quarantine`: the quotes the validator rejected, as a table row or a JSON line ("type":"quarantined").
QString quarantineHeaderLine();
QString quarantineTextLine(const storage::QuarantineRecord& record);
QByteArray quarantineJsonLine(const storage::QuarantineRecord& record);

// "22:16:01.274" in local time, the prefix of watch's text lines.
QString clockPrefix(const QDateTime& at);

} // namespace oilwatch::app
