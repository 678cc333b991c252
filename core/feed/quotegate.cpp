#include "feed/quotegate.h"

#include "logging/logging.h"
#include "storage/historystore.h"

namespace oilwatch::feed {

QuoteGate::QuoteGate(
    const util::Clock& clock, storage::HistoryStore* history, validation::ValidationSettings settings)
    : m_clock(clock)
    , m_history(history)
    , m_validator(validation::Catalogue(), std::move(settings), clock, &m_quarantine)
{ }

void QuoteGate::seed(const api::Quote& lastKnown)
{
    if (!m_validator.lastGood(lastKnown.code))
        m_validator.setLastGood(lastKnown);
}

validation::Verdict QuoteGate::check(const api::Quote& quote)
{
    return kept(m_validator.check(quote));
}

validation::Verdict QuoteGate::checkHistorical(const api::Quote& quote)
{
    return kept(m_validator.checkHistorical(quote));
}

validation::Verdict QuoteGate::kept(validation::Verdict verdict)
{
    if (verdict.isOk())
        return verdict;
    const api::Quote& quote = verdict.quote;
    logging::logger("validation")
        ->warn("{}: quarantined {} from {}: {}", quote.code.toStdString(), quote.price,
            quote.origin.id().toStdString(), verdict.summary().toStdString());
    if (m_history)
        m_history->appendQuarantined({recordOf(verdict, m_clock.nowUtc())});
    return verdict;
}

storage::QuarantineRecord QuoteGate::recordOf(const validation::Verdict& verdict, const QDateTime& detectedAt)
{
    storage::QuarantineRecord record;
    record.quote = verdict.quote;
    for (const validation::DataQualityIssue& issue : verdict.issues) {
        record.rules << validation::ruleName(issue.rule);
    }
    record.message = verdict.summary();
    record.detectedAt = detectedAt;
    return record;
}

} // namespace oilwatch::feed
