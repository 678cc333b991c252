#include "validation/dataqualityissue.h"

#include <array>

#include <QStringList>

namespace oilwatch::validation {

namespace {

struct RuleEntry
{
    Rule rule;
    const char* name;
};

constexpr std::array kRules {
    RuleEntry {Rule::NotFinite, "not_finite"},
    RuleEntry {Rule::NonPositivePrice, "non_positive_price"},
    RuleEntry {Rule::OutOfRange, "out_of_range"},
    RuleEntry {Rule::Spike, "spike"},
    RuleEntry {Rule::FutureTimestamp, "future_created_at"},
    RuleEntry {Rule::StaleTimestamp, "stale_created_at"},
    RuleEntry {Rule::OutOfOrder, "out_of_order"},
    RuleEntry {Rule::UnitMismatch, "unit_mismatch"},
    RuleEntry {Rule::CurrencyMismatch, "currency_mismatch"},
    RuleEntry {Rule::Duplicate, "duplicate"},
    RuleEntry {Rule::SpreadOutOfBand, "spread_out_of_band"},
};

} // namespace

QString qualityName(Quality quality)
{
    return quality == Quality::Ok ? QStringLiteral("ok") : QStringLiteral("suspect");
}

QString ruleName(Rule rule)
{
    for (const RuleEntry& entry : kRules) {
        if (entry.rule == rule)
            return QString::fromLatin1(entry.name);
    }
    return QStringLiteral("unknown");
}

std::optional<Rule> ruleFromName(const QString& name)
{
    for (const RuleEntry& entry : kRules) {
        if (name == QLatin1String(entry.name))
            return entry.rule;
    }
    return std::nullopt;
}

bool Verdict::hasIssue(Rule rule) const
{
    for (const DataQualityIssue& issue : issues) {
        if (issue.rule == rule)
            return true;
    }
    return false;
}

QString Verdict::summary() const
{
    QStringList parts;
    for (const DataQualityIssue& issue : issues)
        parts.append(ruleName(issue.rule) + QStringLiteral(": ") + issue.message);
    return parts.join(QStringLiteral("; "));
}

} // namespace oilwatch::validation
