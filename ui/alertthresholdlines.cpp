#include "alertthresholdlines.h"

namespace oilwatch::ui {

using alerts::AlertKind;
using alerts::AlertRule;

QList<ThresholdLine> thresholdLinesFor(const QList<AlertRule>& rules, const QString& code)
{
    QList<ThresholdLine> lines;
    for (const AlertRule& rule : rules) {
        if (!rule.enabled || rule.code != code
            || (rule.kind != AlertKind::Above && rule.kind != AlertKind::Below))
            continue;
        const QString condition = QStringLiteral("%1 %2").arg(
            rule.kind == AlertKind::Above ? QStringLiteral("above") : QStringLiteral("below"),
            QString::number(rule.threshold, 'g', 10));
        const QString label = rule.name.trimmed().isEmpty()
            ? alerts::describeCondition(rule)
            : QStringLiteral("%1: %2").arg(rule.name, condition);
        lines.append(ThresholdLine {rule.threshold, label});
    }
    return lines;
}

void showAlertThresholds(PriceChart& chart, const QList<AlertRule>& rules, const QStringList& codes)
{
    chart.beginBatch();
    for (const QString& code : codes)
        chart.setThresholdLines(code, thresholdLinesFor(rules, code));
    chart.endBatch();
}

} // namespace oilwatch::ui
