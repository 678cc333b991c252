#pragma once

#include "alerts/alertrule.h"
#include "api/quote.h"
#include "resilience/resilienceevents.h"

#include <deque>
#include <map>
#include <optional>

#include <QString>

namespace oilwatch::alerts {

// One rule's measured value and a few words on it for messages ("price 81.2", "value 12 min old").
struct Measurement
{
    double value = 0.0; // in the unit of AlertRule::threshold; PercentMove keeps the sign of the move
    QString detail;
};

// What the alert rules are evaluated on: the latest facts the app has reported, per code and per host.
// Times are monotonic milliseconds from the engine's clock. Memory is bounded: per code, the prices of
// the last retention period only (and always the newest one), at most kMaxSamplesPerCode of them.
class AlertInputs
{
public:
    // A poll every second for a day; the live poller polls every 30 s.
    static constexpr int kMaxSamplesPerCode = 86'400;

    // A quote as shown to the user: price, and how old it was when served (FetchInfo::ageMs: 0 when live,
    // the cached entry's age otherwise). Feed only quotes that passed validation: a suspect one is reported
    // through setSuspect() and must not move the price rules.
    void addQuote(const api::Quote& quote, const api::FetchInfo& info, qint64 nowMs);
    // Open and HalfOpen count as open (half-open is a test of a host still not trusted); Closed, Disabled
    // and ForcedOpen (the user's own choice) do not. The open time runs from the first report of an open
    // state after a non-open one.
    void setBreakerState(const QString& host, resilience::BreakerState state, qint64 nowMs);
    // The validation verdict on the code's latest quote; the reason is shown in messages.
    void setSuspect(const QString& code, bool suspect, const QString& reason);
    // How far back prices are kept for PercentMove rules; the engine sets it to its longest window.
    void setRetentionMs(qint64 ms);

    // Nothing until the rule has something to measure: no quote of the code yet (price, move and stale
    // rules). Breaker and suspect rules measure 0 ("not open", "not suspect") when nothing was reported.
    std::optional<Measurement> measure(const AlertRule& rule, qint64 nowMs) const;

    // The newest price of a code, if any; for tests and the chart.
    std::optional<double> lastPrice(const QString& code) const;

private:
    struct Sample
    {
        qint64 atMs = 0;
        double price = 0.0;
    };
    struct CodeFacts
    {
        std::deque<Sample> prices;
        qint64 ageAtObservationMs = 0;
        qint64 observedAtMs = 0;
        QString currency;
        bool suspect = false;
        QString suspectReason;
    };

    std::optional<Measurement> measureMove(const AlertRule& rule, const CodeFacts& facts, qint64 nowMs) const;
    Measurement measureBreakers(qint64 nowMs) const;
    void trim(CodeFacts& facts, qint64 nowMs) const;

    std::map<QString, CodeFacts> m_codes;
    std::map<QString, std::optional<qint64>> m_openSince; // per host: since when its breaker is open
    qint64 m_retentionMs = 15 * 60'000;
};

} // namespace oilwatch::alerts
