#pragma once

namespace oilwatch::resilience {

// The AWS SDK "standard" retry quota. The numbers are AWS's: they let a healthy host absorb bursts of
// failures (100 retries from full) while a host that keeps failing soon gets no retries at all, which is
// what stops a fleet of clients from multiplying an outage's load.
struct RetryBudgetSettings
{
    bool enabled = true;
    int capacity = 500;
    int retryCost = 5;
    // Timeouts cost double: each one held a connection for the whole attempt timeout.
    int timeoutRetryCost = 10;
    // Refilled by a success that needed no retry (a success after retries returns what those retries took).
    int successRefund = 1;
};

// A token bucket shared by all requests to one host (or one client). Thread-affine, like the rest of the
// pipeline; starts full.
class RetryBudget
{
public:
    explicit RetryBudget(RetryBudgetSettings settings = {});

    int costOf(bool timeoutRetry) const;
    // Takes the tokens for one retry and returns how many it took (0 when the budget is disabled), or -1 and
    // takes nothing when too few are left.
    int trySpendRetry(bool timeoutRetry);
    // A request succeeded. `tokensSpentByThisRequest` is what its own retries took: a success after retries
    // gives those back (the host has recovered), a first-try success refunds `successRefund`. Never fills
    // past capacity.
    void recordSuccess(int tokensSpentByThisRequest = 0);

    int available() const { return m_tokens; }
    int capacity() const { return m_settings.capacity; }
    bool isEnabled() const { return m_settings.enabled; }
    const RetryBudgetSettings& settings() const { return m_settings; }

private:
    RetryBudgetSettings m_settings;
    int m_tokens;
};

} // namespace oilwatch::resilience
