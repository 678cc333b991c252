#pragma once

#include "api/quote.h"

#include <optional>

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>

namespace oilwatch::validation {

// Whether a quote may be shown, cached and stored as the truth. Suspect quotes go to the quarantine; the last
// good value of their code stays the reference and stays on screen, marked as such.
enum class Quality
{
    Ok,
    Suspect,
};
QString qualityName(Quality quality); // "ok" | "suspect", as fetch/watch --json write it

// The rule a quote broke. Each has a stable snake_case name for JSON, CSV and logs (ruleName()).
enum class Rule
{
    NotFinite, // price is NaN or infinite (the parser refuses these; kept for quotes built elsewhere)
    NonPositivePrice, // price <= 0 and the commodity's limits do not allow that
    OutOfRange, // outside the plausible range: settings override, else catalogue price_limits, else table
    Spike, // moved more than the allowed % against the last good value within the spike window
    FutureTimestamp, // created_at later than now + the clock-skew allowance
    StaleTimestamp, // created_at older than the maximum age of a "latest" answer
    OutOfOrder, // created_at before the last good value's: an older answer than the one already shown
    UnitMismatch, // unit differs from the catalogue's
    CurrencyMismatch, // currency differs from the catalogue's
    Duplicate, // same code and created_at as the last good value, with another price
    SpreadOutOfBand, // the spread to a code that moves with it is outside its band
};
QString ruleName(Rule rule);
std::optional<Rule> ruleFromName(const QString& name);

// One broken rule and the values that broke it. Only the fields the rule uses are set (see each field); the
// message repeats them for a person, in one line, and never contains markup: the API's text fields (code,
// unit, currency) are quoted verbatim and must be shown as plain text.
struct DataQualityIssue
{
    Rule rule = Rule::OutOfRange;
    QString code;
    QString message;
    double value = 0.0; // the offending price (every rule; the quote's price)
    std::optional<double> lowerLimit; // OutOfRange, SpreadOutOfBand; NonPositivePrice: 0
    std::optional<double> upperLimit; // OutOfRange, SpreadOutOfBand; Spike: the allowed change in %
    std::optional<double> reference; // Spike, Duplicate: last good price; SpreadOutOfBand: the partner's
    std::optional<double> changePercent; // Spike: signed change against the reference, in %
    std::optional<double> spread; // SpreadOutOfBand: this price minus the partner's (first - second code)
    QString partnerCode; // SpreadOutOfBand
    QDateTime createdAt; // the quote's created_at
    QDateTime referenceAt; // Spike, Duplicate, OutOfOrder, SpreadOutOfBand: the reference's created_at
    std::optional<qint64> deltaMs; // Future: ms ahead of now; Stale: age in ms; OutOfOrder: ms behind
    std::optional<qint64> allowedMs; // Future: skew allowance; Stale: maximum age; Spike: the window
    QString expected; // UnitMismatch, CurrencyMismatch: the catalogue's value
    QString actual; // UnitMismatch, CurrencyMismatch: the quote's value

    bool operator==(const DataQualityIssue&) const = default;
};

// A quote and what the validator found. Ok quotes have no issues; suspect ones have at least one.
struct Verdict
{
    api::Quote quote;
    QList<DataQualityIssue> issues;
    // For a suspect quote: the last good value of its code, if any (what the tile keeps showing).
    std::optional<api::Quote> lastGood;

    Quality quality() const { return issues.isEmpty() ? Quality::Ok : Quality::Suspect; }
    bool isOk() const { return issues.isEmpty(); }
    bool hasIssue(Rule rule) const;
    // "spike: ...; unit_mismatch: ..." for a status line or tooltip (plain text).
    QString summary() const;
};

} // namespace oilwatch::validation

Q_DECLARE_METATYPE(oilwatch::validation::Verdict)
