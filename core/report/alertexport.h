#pragma once

#include "alerts/alertevent.h"

#include <deque>

#include <QStringList>

namespace oilwatch::report {

class CsvWriter;

// The alert history's table as CSV, oldest first: timestamp, rule, code, state, previous_state, value,
// detail, message (the columns of the Alerts tab's history, plus what its tooltips show). value is a number
// in the unit of the rule's threshold, empty when nothing was measured. Messages may hold text from the API:
// they are text cells, neutralised like any other.
QStringList alertColumns();
void writeAlertHistory(const std::deque<alerts::AlertEvent>& oldestFirst, CsvWriter& csv);

} // namespace oilwatch::report
