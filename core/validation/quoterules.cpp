#include "validation/quoterules.h"

#include <cmath>

namespace oilwatch::validation::rules {

namespace {

DataQualityIssue issueFor(Rule rule, const api::Quote& quote)
{
    DataQualityIssue issue;
    issue.rule = rule;
    issue.code = quote.code;
    issue.value = quote.price;
    issue.createdAt = quote.createdAt;
    return issue;
}

QString number(double value)
{
    return QString::number(value, 'g', 10);
}

QString duration(qint64 ms)
{
    const qint64 seconds = ms / 1000;
    if (seconds < 120)
        return QStringLiteral("%1 s").arg(seconds);
    if (seconds < 2 * 3600)
        return QStringLiteral("%1 min").arg(seconds / 60);
    if (seconds < 2 * 86'400)
        return QStringLiteral("%1 h").arg(seconds / 3600);
    return QStringLiteral("%1 days").arg(seconds / 86'400);
}

QString isoTime(const QDateTime& time)
{
    return time.toString(Qt::ISODateWithMs);
}

bool sameText(const QString& a, const QString& b)
{
    return a.trimmed().compare(b.trimmed(), Qt::CaseInsensitive) == 0;
}

MaybeIssue checkField(
    Rule rule, const char* what, const api::Quote& quote, const QString& actual, const QString& expected)
{
    if (actual.trimmed().isEmpty() || expected.trimmed().isEmpty() || sameText(actual, expected))
        return std::nullopt;
    DataQualityIssue issue = issueFor(rule, quote);
    issue.expected = expected;
    issue.actual = actual;
    issue.message = QStringLiteral("%1 is \"%2\", the catalogue says \"%3\"")
                        .arg(QLatin1String(what), actual, expected);
    return issue;
}

// created_at is deltaMs away from now in the direction the rule cares about; allowed up to allowedMs.
// The pattern takes the created_at, the distance and the allowance.
MaybeIssue timestampIssue(
    Rule rule, const api::Quote& quote, qint64 deltaMs, qint64 allowedMs, const QString& pattern)
{
    if (!quote.createdAt.isValid() || deltaMs <= allowedMs)
        return std::nullopt;
    DataQualityIssue issue = issueFor(rule, quote);
    issue.deltaMs = deltaMs;
    issue.allowedMs = allowedMs;
    issue.message = pattern.arg(isoTime(quote.createdAt), duration(deltaMs), duration(allowedMs));
    return issue;
}

} // namespace

MaybeIssue checkFinite(const api::Quote& quote)
{
    if (std::isfinite(quote.price))
        return std::nullopt;
    DataQualityIssue issue = issueFor(Rule::NotFinite, quote);
    issue.message = QStringLiteral("price %1 is not a finite number").arg(number(quote.price));
    return issue;
}

MaybeIssue checkPositive(const api::Quote& quote, bool allowsNonPositive)
{
    if (quote.price > 0.0 || allowsNonPositive)
        return std::nullopt;
    DataQualityIssue issue = issueFor(Rule::NonPositivePrice, quote);
    issue.lowerLimit = 0.0;
    issue.message = QStringLiteral("price %1 is not above 0 and the limits of %2 do not allow that")
                        .arg(number(quote.price), quote.code);
    return issue;
}

MaybeIssue checkRange(const api::Quote& quote, const std::optional<ChosenRange>& range)
{
    if (!range || range->range.contains(quote.price))
        return std::nullopt;
    DataQualityIssue issue = issueFor(Rule::OutOfRange, quote);
    issue.lowerLimit = range->range.min;
    issue.upperLimit = range->range.max;
    issue.message = QStringLiteral("price %1 is outside the plausible range %2 to %3 (%4)")
                        .arg(number(quote.price), number(range->range.min), number(range->range.max),
                            rangeOriginName(range->origin));
    return issue;
}

MaybeIssue checkNotFuture(const api::Quote& quote, const QDateTime& now, qint64 skewMs)
{
    return timestampIssue(Rule::FutureTimestamp, quote, now.msecsTo(quote.createdAt), skewMs,
        QStringLiteral("created_at %1 is %2 in the future (clock skew allowed: %3)"));
}

MaybeIssue checkNotStale(const api::Quote& quote, const QDateTime& now, qint64 maxAgeMs)
{
    return timestampIssue(Rule::StaleTimestamp, quote, quote.createdAt.msecsTo(now), maxAgeMs,
        QStringLiteral("created_at %1 is %2 old, more than a latest price may be (%3)"));
}

MaybeIssue checkInOrder(const api::Quote& quote, const api::Quote* lastGood)
{
    if (!lastGood || !quote.createdAt.isValid() || quote.createdAt >= lastGood->createdAt)
        return std::nullopt;
    DataQualityIssue issue = issueFor(Rule::OutOfOrder, quote);
    issue.reference = lastGood->price;
    issue.referenceAt = lastGood->createdAt;
    issue.deltaMs = quote.createdAt.msecsTo(lastGood->createdAt);
    issue.message
        = QStringLiteral("created_at %1 is %2 older than the last good value's (%3)")
              .arg(isoTime(quote.createdAt), duration(*issue.deltaMs), isoTime(lastGood->createdAt));
    return issue;
}

MaybeIssue checkUnit(const api::Quote& quote, const CatalogueEntry* entry)
{
    return entry ? checkField(Rule::UnitMismatch, "unit", quote, quote.unit, entry->unit) : std::nullopt;
}

MaybeIssue checkCurrency(const api::Quote& quote, const CatalogueEntry* entry)
{
    return entry ? checkField(Rule::CurrencyMismatch, "currency", quote, quote.currency, entry->currency)
                 : std::nullopt;
}

MaybeIssue checkDuplicate(const api::Quote& quote, const api::Quote* lastGood)
{
    if (!lastGood || quote.createdAt != lastGood->createdAt || quote.price == lastGood->price)
        return std::nullopt;
    DataQualityIssue issue = issueFor(Rule::Duplicate, quote);
    issue.reference = lastGood->price;
    issue.referenceAt = lastGood->createdAt;
    issue.message = QStringLiteral("price %1 for created_at %2, which already has the price %3")
                        .arg(number(quote.price), isoTime(quote.createdAt), number(lastGood->price));
    return issue;
}

MaybeIssue checkSpike(const api::Quote& quote, const api::Quote* lastGood, const SpikeLimit& limit)
{
    if (!lastGood || lastGood->price == 0.0)
        return std::nullopt;
    const qint64 sinceMs = lastGood->createdAt.msecsTo(quote.createdAt);
    if (sinceMs < 0 || sinceMs > limit.windowMs)
        return std::nullopt;
    const double change = (quote.price - lastGood->price) / std::abs(lastGood->price) * 100.0;
    if (std::abs(change) <= limit.maxChangePercent)
        return std::nullopt;
    DataQualityIssue issue = issueFor(Rule::Spike, quote);
    issue.reference = lastGood->price;
    issue.referenceAt = lastGood->createdAt;
    issue.changePercent = change;
    issue.upperLimit = limit.maxChangePercent;
    issue.allowedMs = limit.windowMs;
    issue.message
        = QStringLiteral("price %1 is %2% %3 the last good %4 of %5 ago (at most %6% in %7)")
              .arg(number(quote.price), QString::number(std::abs(change), 'f', 1),
                  change > 0 ? QStringLiteral("above") : QStringLiteral("below"), number(lastGood->price),
                  duration(sinceMs), number(limit.maxChangePercent), duration(limit.windowMs));
    return issue;
}

MaybeIssue checkSpread(const api::Quote& quote, const api::Quote* partner, const SpreadBand& band)
{
    if (!partner || std::abs(partner->createdAt.msecsTo(quote.createdAt)) > band.maxGapMs)
        return std::nullopt;
    const bool isFirst = quote.code == band.first;
    const double spread = isFirst ? quote.price - partner->price : partner->price - quote.price;
    if (spread >= band.min && spread <= band.max)
        return std::nullopt;
    DataQualityIssue issue = issueFor(Rule::SpreadOutOfBand, quote);
    issue.partnerCode = partner->code;
    issue.reference = partner->price;
    issue.referenceAt = partner->createdAt;
    issue.spread = spread;
    issue.lowerLimit = band.min;
    issue.upperLimit = band.max;
    issue.message = QStringLiteral("%1 minus %2 is %3, outside its band %4 to %5 (last good %6: %7)")
                        .arg(band.first, band.second, number(spread), number(band.min), number(band.max),
                            partner->code, number(partner->price));
    return issue;
}

} // namespace oilwatch::validation::rules
