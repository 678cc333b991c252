#pragma once

#include "resilience/circuitbreaker.h"
#include "resilience/concurrencylimiter.h"
#include "resilience/retrybudget.h"
#include "resilience/retrypolicy.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace oilwatch::resilience {

// Every knob of the resilience stages in one place. The defaults must suit two very different callers: the
// dashboard's poller (one request every few seconds, for hours) and the benchmark (thousands of requests a
// minute); each default's reason is given where it is declared (RetrySettings, BackoffSettings,
// RetryBudgetSettings, CircuitBreakerSettings, ConcurrencyLimiterSettings).
struct TimeoutSettings
{
    // Per attempt, covering the body read: ten times the API's usual sub-second answer, so only a sick
    // connection hits it, and short enough that a retry still fits in the total deadline.
    qint64 attemptMs = 10'000;
    // Across all attempts and waits of one request: half the live poll interval, so a poll always ends
    // before the next one is due, and a CLI user waits at most half a minute for a verdict.
    qint64 totalMs = 30'000;
};

struct ResilienceSettings
{
    TimeoutSettings timeouts;
    RetrySettings retry;
    RetryBudgetSettings budget;
    CircuitBreakerSettings breaker;
    ConcurrencyLimiterSettings limiter;

    // {"retry":{"maxAttempts":4,"jitter":"full","baseMs":500,...},"budget":{...},"breaker":{...},
    //  "limiter":{...}}: every field, so the file documents the values in use.
    QJsonObject toJson() const;

    friend bool operator==(const ResilienceSettings& a, const ResilienceSettings& b)
    {
        return a.toJson() == b.toJson();
    }
};

// One rejected value, e.g. {"breaker.failureRateThreshold", "must be a number in (0, 100], got 150"}.
struct SettingsError
{
    QString key; // dotted path into the JSON
    QString message;
};

struct SettingsParseResult
{
    ResilienceSettings settings;
    QList<SettingsError> errors; // empty when every value was used
    bool ok() const { return errors.isEmpty(); }
};

// Reads what toJson() writes. Missing keys keep their defaults; a bad value (wrong type, out of range,
// unknown name) keeps its default and adds an error; unknown keys are reported too, since they are most
// likely typos of a real key.
SettingsParseResult settingsFromJson(const QJsonObject& json);

} // namespace oilwatch::resilience
