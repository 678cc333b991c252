#pragma once

#include "api/quote.h"
#include "validation/catalogueentry.h"
#include "validation/dataqualityissue.h"
#include "validation/quarantine.h"
#include "validation/quotevalidator.h"
#include "validation/validationsettings.h"

namespace oilwatch::storage {
class HistoryStore;
struct QuarantineRecord;
} // namespace oilwatch::storage

namespace oilwatch::feed {

// What stands between the API's "latest" answers and everything that trusts them (cache, history, screen):
// a QuoteValidator, the bounded in-memory Quarantine of what it rejected, and, when a history is given, the
// history file's quarantine table, so rejected quotes are kept for review across runs (`oilwatch
// quarantine`). CachedQuotes runs every live quote through it; QuoteStack gives one to every CachedQuotes the
// app builds.
//
// The validator starts with the built-in catalogue (empty: the plausible-range table still applies) until
// setCatalogue() hands it the API's. Not thread-safe: one owner (the CachedQuotes' thread).
class QuoteGate
{
public:
    // `history` may be null (rejected quotes are then kept in memory only); both must outlive the gate.
    QuoteGate(const util::Clock& clock, storage::HistoryStore* history = nullptr,
        validation::ValidationSettings settings = {});

    // The last good value of a code the gate has no reference for yet: the cache's, at start-up, so that a
    // restart does not accept a spike as its first value. A code that already has one keeps it.
    void seed(const api::Quote& lastKnown);
    // Checks one quote; a suspect one is quarantined (memory and history) before this returns.
    validation::Verdict check(const api::Quote& quote);
    // A price of the past (the backfill's past_* pages), against the rules that do not depend on time or on
    // the last good value (QuoteValidator::checkHistorical); quarantined the same way when suspect.
    validation::Verdict checkHistorical(const api::Quote& quote);

    void setCatalogue(validation::Catalogue catalogue) { m_validator.setCatalogue(std::move(catalogue)); }
    void setSettings(validation::ValidationSettings settings)
    {
        m_validator.setSettings(std::move(settings));
    }
    validation::QuoteValidator& validator() { return m_validator; }
    const validation::Quarantine& quarantine() const { return m_quarantine; }

    // The row the history keeps for a suspect verdict: every rule's name, their messages joined.
    static storage::QuarantineRecord recordOf(
        const validation::Verdict& verdict, const QDateTime& detectedAt);

private:
    // Logs and stores a suspect verdict in the history's quarantine; passes any verdict on.
    validation::Verdict kept(validation::Verdict verdict);

    const util::Clock& m_clock;
    storage::HistoryStore* m_history;
    validation::Quarantine m_quarantine;
    validation::QuoteValidator m_validator;
};

} // namespace oilwatch::feed
