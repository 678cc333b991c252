#include "validation/quotevalidator.h"

#include "validation/plausibleranges.h"
#include "validation/quoterules.h"

namespace oilwatch::validation {

QuoteValidator::QuoteValidator(
    Catalogue catalogue, ValidationSettings settings, const util::Clock& clock, Quarantine* quarantine)
    : m_catalogue(std::move(catalogue))
    , m_settings(std::move(settings))
    , m_clock(clock)
    , m_quarantine(quarantine)
{ }

void QuoteValidator::setCatalogue(Catalogue catalogue)
{
    m_catalogue = std::move(catalogue);
}

void QuoteValidator::setSettings(ValidationSettings settings)
{
    m_settings = std::move(settings);
}

Verdict QuoteValidator::check(const api::Quote& quote)
{
    Verdict verdict;
    verdict.quote = quote;
    verdict.issues = issuesOf(quote);
    if (verdict.isOk()) {
        m_lastGood.insert_or_assign(quote.code, quote);
        return verdict;
    }
    return quarantined(std::move(verdict));
}

Verdict QuoteValidator::checkHistorical(const api::Quote& quote)
{
    Verdict verdict;
    verdict.quote = quote;
    bool priceUsable = true;
    verdict.issues = pointIssues(quote, &priceUsable);
    return verdict.isOk() ? verdict : quarantined(std::move(verdict));
}

Verdict QuoteValidator::quarantined(Verdict verdict)
{
    if (const api::Quote* reference = lastGoodPtr(verdict.quote.code))
        verdict.lastGood = *reference;
    if (m_quarantine)
        m_quarantine->add(verdict, m_clock.nowUtc());
    return verdict;
}

std::vector<Verdict> QuoteValidator::checkAll(const QList<api::Quote>& quotes)
{
    std::vector<Verdict> verdicts;
    verdicts.reserve(size_t(quotes.size()));
    for (const api::Quote& quote : quotes)
        verdicts.push_back(check(quote));
    return verdicts;
}

QList<DataQualityIssue> QuoteValidator::pointIssues(const api::Quote& quote, bool* priceUsable) const
{
    QList<DataQualityIssue> issues;
    auto add = [&issues](rules::MaybeIssue issue) {
        if (issue)
            issues.append(std::move(*issue));
    };
    const CatalogueEntry* entry = m_catalogue.find(quote.code);
    const std::optional<ChosenRange> range = PlausibleRanges::choose(quote.code, entry, m_settings);
    const auto finite = rules::checkFinite(quote);
    const auto positive
        = finite ? std::nullopt : rules::checkPositive(quote, range && range->range.min <= 0.0);
    *priceUsable = !finite && !positive;
    add(finite);
    add(positive);
    if (*priceUsable)
        add(rules::checkRange(quote, range));
    add(rules::checkNotFuture(quote, m_clock.nowUtc(), m_settings.clockSkewMs));
    add(rules::checkUnit(quote, entry));
    add(rules::checkCurrency(quote, entry));
    return issues;
}

QList<DataQualityIssue> QuoteValidator::issuesOf(const api::Quote& quote) const
{
    bool priceUsable = true;
    QList<DataQualityIssue> issues = pointIssues(quote, &priceUsable);
    auto add = [&issues](rules::MaybeIssue issue) {
        if (issue)
            issues.append(std::move(*issue));
    };
    const CatalogueEntry* entry = m_catalogue.find(quote.code);
    const api::Quote* reference = lastGoodPtr(quote.code);
    add(rules::checkNotStale(quote, m_clock.nowUtc(), m_settings.maxLatestAgeMs));
    add(rules::checkInOrder(quote, reference));
    add(rules::checkDuplicate(quote, reference));
    if (!priceUsable)
        return issues;
    add(rules::checkSpike(
        quote, reference, m_settings.spikeFor(quote.code, entry ? entry->category : QString())));
    for (const SpreadBand* band : m_settings.bandsFor(quote.code)) {
        const QString& partner = band->first == quote.code ? band->second : band->first;
        add(rules::checkSpread(quote, lastGoodPtr(partner), *band));
    }
    return issues;
}

std::optional<api::Quote> QuoteValidator::lastGood(const QString& code) const
{
    const api::Quote* quote = lastGoodPtr(code);
    return quote ? std::optional<api::Quote>(*quote) : std::nullopt;
}

void QuoteValidator::setLastGood(const api::Quote& quote)
{
    m_lastGood.insert_or_assign(quote.code, quote);
}

void QuoteValidator::forget(const QString& code)
{
    m_lastGood.erase(code);
}

const api::Quote* QuoteValidator::lastGoodPtr(const QString& code) const
{
    const auto it = m_lastGood.find(code);
    return it == m_lastGood.end() ? nullptr : &it->second;
}

} // namespace oilwatch::validation
