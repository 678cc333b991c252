#include "report/ohlc.h"

#include <algorithm>

namespace oilwatch::report {

QString resolutionName(Resolution resolution)
{
    switch (resolution) {
    case Resolution::Raw:
        return QStringLiteral("raw");
    case Resolution::Minute:
        return QStringLiteral("1m");
    case Resolution::Hour:
        return QStringLiteral("1h");
    case Resolution::Day:
        return QStringLiteral("1d");
    }
    return {};
}

std::optional<Resolution> parseResolution(const QString& text)
{
    for (Resolution r : {Resolution::Raw, Resolution::Minute, Resolution::Hour, Resolution::Day}) {
        if (text == resolutionName(r))
            return r;
    }
    return std::nullopt;
}

qint64 bucketWidthMs(Resolution resolution)
{
    switch (resolution) {
    case Resolution::Raw:
        return 0;
    case Resolution::Minute:
        return 60'000;
    case Resolution::Hour:
        return 3'600'000;
    case Resolution::Day:
        return 86'400'000;
    }
    return 0;
}

qint64 bucketStartMs(qint64 ms, qint64 widthMs)
{
    qint64 start = ms - ms % widthMs;
    if (ms % widthMs < 0)
        start -= widthMs;
    return start;
}

std::optional<Bar> BarBuilder::add(qint64 ms, double price)
{
    const qint64 start = bucketStartMs(ms, m_widthMs);
    std::optional<Bar> closed;
    if (m_bar && m_bar->startMs != start)
        closed = finish();
    if (!m_bar) {
        m_bar = Bar {start, price, price, price, price, 1};
        return closed;
    }
    m_bar->high = std::max(m_bar->high, price);
    m_bar->low = std::min(m_bar->low, price);
    m_bar->close = price;
    ++m_bar->count;
    return closed;
}

std::optional<Bar> BarBuilder::finish()
{
    std::optional<Bar> bar = m_bar;
    m_bar.reset();
    return bar;
}

} // namespace oilwatch::report
