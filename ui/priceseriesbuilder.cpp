#include "priceseriesbuilder.h"

#include <algorithm>

namespace oilwatch::ui {

namespace {

// Where a stored quote goes on the time axis: the time of its price. Its receivedAt says when we stored it,
// which for a backfilled week is one moment for every record.
QDateTime historyTime(const api::Quote& quote)
{
    return quote.createdAt.isValid() ? quote.createdAt : quote.receivedAt;
}

} // namespace

PriceSeriesBuilder::PriceSeriesBuilder(std::chrono::milliseconds pollInterval)
    : m_pollInterval(std::max(pollInterval, std::chrono::milliseconds {1}))
{ }

void PriceSeriesBuilder::setPollInterval(std::chrono::milliseconds interval)
{
    m_pollInterval = std::max(interval, std::chrono::milliseconds {1});
}

PriceSeriesBuilder::Steps PriceSeriesBuilder::add(
    const api::Quote& quote, const QDateTime& at, qint64 gapAfterMs)
{
    if (gapAfterMs <= 0)
        gapAfterMs = kGapPolls * m_pollInterval.count();
    if (!at.isValid())
        return {};
    Steps steps;
    const auto last = m_last.constFind(quote.code);
    if (last != m_last.cend()) {
        if (at < last->at)
            return {};
        if (last->at.msecsTo(at) > gapAfterMs)
            steps.append(Step {Step::Kind::Gap, {}, 0.0});
    }
    steps.append(Step {Step::Kind::Point, at, quote.price});
    m_last.insert(quote.code, Drawn {at, quote.createdAt, quote.price});
    if (!m_seeded.contains(quote.code)) {
        auto& early = m_beforeHistory[quote.code];
        if (early.size() < kMaxPointsBeforeHistory)
            early.append({at, quote});
    }
    return steps;
}

bool PriceSeriesBuilder::isLastDrawn(const api::Quote& quote) const
{
    const auto last = m_last.constFind(quote.code);
    return last != m_last.cend() && last->createdAt.isValid() && last->createdAt == quote.createdAt
        && last->price == quote.price;
}

PriceSeriesBuilder::Steps PriceSeriesBuilder::seed(
    const QString& code, const QList<api::Quote>& quotesOldestFirst, std::chrono::seconds window)
{
    if (quotesOldestFirst.isEmpty()) {
        m_seeded.insert(code);
        m_beforeHistory.remove(code);
        return {};
    }
    const QDateTime newest = historyTime(quotesOldestFirst.constLast());
    const QDateTime cutoff = newest.addSecs(-window.count());
    const QList<QPair<QDateTime, api::Quote>> early = m_beforeHistory.take(code);
    m_seeded.insert(code);
    m_last.remove(code);
    Steps steps {Step {Step::Kind::Clear, {}, 0.0}};
    const qint64 pollGapMs = kGapPolls * m_pollInterval.count();
    qint64 previousStepMs = 0;
    QDateTime previous;
    for (const api::Quote& quote : quotesOldestFirst) {
        const QDateTime at = historyTime(quote);
        if (!at.isValid() || quote.code != code)
            continue;
        const qint64 stepMs = previous.isValid() ? previous.msecsTo(at) : 0;
        if (at >= cutoff)
            steps += add(quote, at, std::max(pollGapMs, kGapPolls * previousStepMs));
        previousStepMs = stepMs;
        previous = at;
    }
    for (const auto& [at, quote] : early)
        steps += add(quote, at);
    return steps;
}

void PriceSeriesBuilder::forget(const QString& code)
{
    m_last.remove(code);
    m_beforeHistory.remove(code);
    m_seeded.remove(code);
}

} // namespace oilwatch::ui
