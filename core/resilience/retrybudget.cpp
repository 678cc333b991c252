#include "resilience/retrybudget.h"

#include <algorithm>

namespace oilwatch::resilience {

RetryBudget::RetryBudget(RetryBudgetSettings settings)
    : m_settings(settings)
    , m_tokens(std::max(0, settings.capacity))
{ }

int RetryBudget::costOf(bool timeoutRetry) const
{
    return std::max(0, timeoutRetry ? m_settings.timeoutRetryCost : m_settings.retryCost);
}

int RetryBudget::trySpendRetry(bool timeoutRetry)
{
    if (!m_settings.enabled)
        return 0;
    const int cost = costOf(timeoutRetry);
    if (cost > m_tokens)
        return -1;
    m_tokens -= cost;
    return cost;
}

void RetryBudget::recordSuccess(int tokensSpentByThisRequest)
{
    if (!m_settings.enabled)
        return;
    const int refund = tokensSpentByThisRequest > 0 ? tokensSpentByThisRequest : m_settings.successRefund;
    m_tokens = std::min(std::max(0, m_settings.capacity), m_tokens + std::max(0, refund));
}

} // namespace oilwatch::resilience
