#include "report/alertexport.h"

#include "logging/redaction.h"
#include "report/csvwriter.h"

namespace oilwatch::report {

QStringList alertColumns()
{
    return {QStringLiteral("timestamp"), QStringLiteral("rule"), QStringLiteral("code"),
        QStringLiteral("state"), QStringLiteral("previous_state"), QStringLiteral("value"),
        QStringLiteral("detail"), QStringLiteral("message")};
}

void writeAlertHistory(const std::deque<alerts::AlertEvent>& oldestFirst, CsvWriter& csv)
{
    csv.header(alertColumns());
    for (const alerts::AlertEvent& event : oldestFirst) {
        csv.timestampUtc(event.atUtc);
        csv.text(event.ruleName);
        csv.text(event.code);
        csv.text(alerts::alertStateName(event.to));
        csv.text(alerts::alertStateName(event.from));
        if (event.value)
            csv.number(*event.value);
        else
            csv.empty();
        csv.text(logging::redactSecrets(event.detail));
        csv.text(logging::redactSecrets(event.message));
        csv.endRow();
    }
    csv.flush();
}

} // namespace oilwatch::report
