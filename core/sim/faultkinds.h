#pragma once

// The JSON names of the fault kinds, shared by the profile's parser, its writer and kindName(): one table, so
// a new kind cannot be readable and unwritable.
#include "sim/faultprofile.h"

#include <array>

namespace oilwatch::sim::detail {

struct KindEntry
{
    FaultKind kind;
    const char* name;
};

inline constexpr std::array kKinds {
    KindEntry {FaultKind::Status, "status"},
    KindEntry {FaultKind::Body, "body"},
    KindEntry {FaultKind::RateLimit, "rate_limit"},
    KindEntry {FaultKind::QuotaExhausted, "quota_exhausted"},
    KindEntry {FaultKind::Hang, "hang"},
    KindEntry {FaultKind::SlowBody, "slow_body"},
    KindEntry {FaultKind::Reset, "reset"},
    KindEntry {FaultKind::Close, "close"},
    KindEntry {FaultKind::EmptyBody, "empty_body"},
    KindEntry {FaultKind::MalformedJson, "malformed_json"},
    KindEntry {FaultKind::TruncatedJson, "truncated_json"},
    KindEntry {FaultKind::PriceString, "price_string"},
    KindEntry {FaultKind::PriceNull, "price_null"},
    KindEntry {FaultKind::HugeBody, "huge_body"},
    KindEntry {FaultKind::Spike, "spike"},
    KindEntry {FaultKind::ZeroPrice, "zero_price"},
    KindEntry {FaultKind::NegativePrice, "negative_price"},
    KindEntry {FaultKind::FutureCreatedAt, "future_created_at"},
    KindEntry {FaultKind::StaleCreatedAt, "stale_created_at"},
    KindEntry {FaultKind::WrongUnit, "wrong_unit"},
    KindEntry {FaultKind::WrongCurrency, "wrong_currency"},
};

} // namespace oilwatch::sim::detail
