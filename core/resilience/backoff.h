#pragma once

#include "util/randomsource.h"

#include <optional>

#include <QString>

namespace oilwatch::resilience {

enum class JitterKind
{
    // random(0, min(cap, base·2^(n-1))): the least total work in the AWS simulation, and what AWS SDKs and
    // Envoy use. Default.
    Full,
    // half of the exponential value fixed, half random: never retries almost at once, but spreads less.
    Equal,
    // min(cap, random(base, previous·3)): finishes slightly sooner than Full for a bit more work.
    Decorrelated,
    // plain exponential: for tests and to show in a benchmark how un-jittered clients stay in lock-step.
    None,
    // The reference behaviour of the OilPriceAPI Python SDK, min(2^(n-1), 60) s · (1 + U(0, 0.3)). It ignores
    // base and cap on purpose: it exists only so the thundering-herd benchmark can compare against it.
    PythonSdkReference,
};

QString jitterKindName(JitterKind kind);
std::optional<JitterKind> jitterKindFromName(const QString& name);

struct BackoffSettings
{
    JitterKind jitter = JitterKind::Full;
    // Half a second: short enough that a poller (one request every few seconds) still gets its answer within
    // the same poll period after a single transient failure.
    qint64 baseMs = 500;
    // 30 s: a benchmark with thousands of clients must back off far, but a poller should never wait longer
    // than a few poll periods.
    qint64 capMs = 30'000;
};

// The delay before each retry of one request. Decorrelated jitter depends on the previous delay, so use one
// Backoff per request (it is cheap) and call delayBeforeRetry with n = 1, 2, 3 … in order.
class Backoff
{
public:
    Backoff(BackoffSettings settings, util::RandomSource& random);

    // Delay in ms before retry `retry` (1 = the first retry, after the first attempt failed).
    qint64 delayBeforeRetry(int retry);
    // Forget the previous delay (decorrelated jitter starts again from the base).
    void reset() { m_previousMs.reset(); }

    // The un-jittered exponential value min(cap, base·2^(retry-1)): the upper bound of Full jitter.
    qint64 ceilingMs(int retry) const;
    const BackoffSettings& settings() const { return m_settings; }

private:
    BackoffSettings m_settings;
    util::RandomSource& m_random;
    std::optional<double> m_previousMs;
};

} // namespace oilwatch::resilience
