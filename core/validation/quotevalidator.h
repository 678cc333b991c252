#pragma once

#include "api/quote.h"
#include "util/clock.h"
#include "validation/catalogueentry.h"
#include "validation/dataqualityissue.h"
#include "validation/quarantine.h"
#include "validation/validationsettings.h"

#include <map>
#include <optional>
#include <vector>

#include <QList>
#include <QString>

namespace oilwatch::validation {

// Checks the quotes of "latest" answers before they are cached, stored or shown, and keeps per code the
// last good value, which is the reference of the spike, order, duplicate and spread rules. Only an ok quote
// ever becomes a reference; a suspect one is returned with its issues (and added to the quarantine, when
// there is one) and changes nothing else.
//
// Rules, in order: finite, positive (unless the effective range allows <= 0), plausible range, created_at
// not in the future and not stale, unit and currency against the catalogue, then against the last good
// value: order, duplicate, spike, and the spread to partner codes. A price that is not finite or not
// allowed to be <= 0 is not checked against range, spike or spread as well: one cause, one issue.
// Historical pages are not for this class (their created_at is old by design).
//
// Time comes from the injected clock. Not thread-safe: one owner.
class QuoteValidator
{
public:
    QuoteValidator(Catalogue catalogue, ValidationSettings settings, const util::Clock& clock,
        Quarantine* quarantine = nullptr);

    // Replacing them keeps the last good values: a new catalogue or new limits do not make the past bad.
    void setCatalogue(Catalogue catalogue);
    void setSettings(ValidationSettings settings);
    const Catalogue& catalogue() const { return m_catalogue; }
    const ValidationSettings& settings() const { return m_settings; }

    Verdict check(const api::Quote& quote);
    // A price of the past (a past_* page): only what does not depend on time or on the last good value
    // (finite, positive, plausible range, not in the future, unit, currency). A suspect one goes to the
    // quarantine; the last good values stay as they are either way.
    Verdict checkHistorical(const api::Quote& quote);
    // In order: a later quote of a batch is checked against an earlier one that was good.
    std::vector<Verdict> checkAll(const QList<api::Quote>& quotes);

    std::optional<api::Quote> lastGood(const QString& code) const;
    // Seeds the reference, e.g. from the cache or history at start-up; the value is trusted as it is.
    void setLastGood(const api::Quote& quote);
    void forget(const QString& code);

private:
    QList<DataQualityIssue> issuesOf(const api::Quote& quote) const;
    // The rules every quote answers alone; `priceUsable` says whether the price itself passed.
    QList<DataQualityIssue> pointIssues(const api::Quote& quote, bool* priceUsable) const;
    Verdict quarantined(Verdict verdict);
    const api::Quote* lastGoodPtr(const QString& code) const;

    Catalogue m_catalogue;
    ValidationSettings m_settings;
    const util::Clock& m_clock;
    Quarantine* m_quarantine;
    std::map<QString, api::Quote> m_lastGood;
};

} // namespace oilwatch::validation
