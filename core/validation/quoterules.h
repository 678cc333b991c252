#pragma once

#include "api/quote.h"
#include "validation/catalogueentry.h"
#include "validation/dataqualityissue.h"
#include "validation/plausibleranges.h"
#include "validation/validationsettings.h"

#include <optional>

#include <QDateTime>

namespace oilwatch::validation::rules {

// The rules, one function each, pure: everything they compare against is passed in. Each returns the issue
// when the quote breaks the rule and nullopt when it passes or the rule does not apply (no reference, no
// catalogue value); QuoteValidator decides which to run and with what.

using MaybeIssue = std::optional<DataQualityIssue>;

// NaN or +-infinity.
MaybeIssue checkFinite(const api::Quote& quote);
// price <= 0, unless allowed (the effective range's lower limit is <= 0).
MaybeIssue checkPositive(const api::Quote& quote, bool allowsNonPositive);
// Outside the chosen range (bounds included in the range). No range: passes.
MaybeIssue checkRange(const api::Quote& quote, const std::optional<ChosenRange>& range);
// created_at later than now + skewMs. A quote without created_at cannot reach here (the parser refuses it).
MaybeIssue checkNotFuture(const api::Quote& quote, const QDateTime& now, qint64 skewMs);
// created_at earlier than now - maxAgeMs.
MaybeIssue checkNotStale(const api::Quote& quote, const QDateTime& now, qint64 maxAgeMs);
// created_at earlier than the last good value's.
MaybeIssue checkInOrder(const api::Quote& quote, const api::Quote* lastGood);
// Compared trimmed and case-insensitively ("Barrel" is "barrel"); an empty side (the API made unit optional,
// historical records may have currency null) passes.
MaybeIssue checkUnit(const api::Quote& quote, const CatalogueEntry* entry);
MaybeIssue checkCurrency(const api::Quote& quote, const CatalogueEntry* entry);
// Same created_at as the last good value with a different price: two prices claim the same moment. An exact
// repeat (same created_at and price) is not an issue: the API answers with the same tick until the next
// one, so a poller sees it many times.
MaybeIssue checkDuplicate(const api::Quote& quote, const api::Quote* lastGood);
// |change| against the last good value above limit.maxChangePercent, when the quote is no more than
// limit.windowMs after it. A reference of 0 (possible only where <= 0 is allowed) has no % change: passes.
MaybeIssue checkSpike(const api::Quote& quote, const api::Quote* lastGood, const SpikeLimit& limit);
// The spread to the other code of the band, using that code's last good value (`partner`), outside
// [band.min, band.max]; passes without a partner or when the two are more than band.maxGapMs apart.
MaybeIssue checkSpread(const api::Quote& quote, const api::Quote* partner, const SpreadBand& band);

} // namespace oilwatch::validation::rules
