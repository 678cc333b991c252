#pragma once

#include "validation/dataqualityissue.h"

#include <deque>

#include <QByteArray>
#include <QDateTime>

namespace oilwatch::validation {

// A suspect quote kept for review.
struct QuarantinedQuote
{
    Verdict verdict;
    QDateTime quarantinedAt; // our clock, UTC
};

// The last `capacity` suspect quotes, oldest first, in memory. Bounded so that a feed that goes bad for
// hours cannot grow without limit: the oldest entries make room and are counted in evicted(). Not
// thread-safe: one owner (the validator's thread).
class Quarantine
{
public:
    // 500: a poller of 20 codes every 30 s that turned bad keeps the last 12 minutes; a review needs the
    // first bad quotes of an incident more than all of them, and 500 rows export in a blink.
    static constexpr int kDefaultCapacity = 500;

    explicit Quarantine(int capacity = kDefaultCapacity);

    // Ok verdicts are ignored: only suspect quotes are kept.
    void add(const Verdict& verdict, const QDateTime& at);
    void clear();

    const std::deque<QuarantinedQuote>& entries() const { return m_entries; }
    qsizetype size() const { return qsizetype(m_entries.size()); }
    int capacity() const { return m_capacity; }
    quint64 evicted() const { return m_evicted; }
    quint64 total() const { return m_total; } // every suspect quote ever added

    // One row per issue (a quote with two issues gives two rows), oldest first, RFC 4180: header
    // quarantined_at,code,price,currency,unit,created_at,source,rule,message,reference,lower_limit,
    // upper_limit,change_percent. Text from the API is data: every text cell is quoted, and one that a
    // spreadsheet would run as a formula (= + - @ tab CR at the start) gets a leading apostrophe.
    QByteArray toCsv() const;
    // {"entries":[{quarantined_at, quote:{...}, issues:[{rule, message, ...}]}], "evicted": n}
    QByteArray toJson() const;

private:
    int m_capacity;
    std::deque<QuarantinedQuote> m_entries;
    quint64 m_evicted = 0;
    quint64 m_total = 0;
};

} // namespace oilwatch::validation
