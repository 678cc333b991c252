#include "util/randomsource.h"

#include <algorithm>

namespace oilwatch::util {

double RandomSource::uniform(double lo, double hi)
{
    if (!(hi > lo))
        return lo;
    return lo + (hi - lo) * uniform01();
}

SeededRandom::SeededRandom(std::uint64_t seed)
    : m_engine(seed)
{ }

double SeededRandom::uniform01()
{
    // The top 53 bits fill a double's mantissa exactly, so every result is k / 2^53 with k < 2^53: never 1.
    constexpr double scale = 1.0 / 9007199254740992.0; // 2^-53
    return static_cast<double>(m_engine() >> 11) * scale;
}

ScriptedRandom::ScriptedRandom(std::vector<double> values)
    : m_values(std::move(values))
{
    if (m_values.empty())
        m_values.push_back(0.0);
}

double ScriptedRandom::uniform01()
{
    const double value = m_values[m_next];
    m_next = (m_next + 1) % m_values.size();
    ++m_calls;
    return std::clamp(value, 0.0, 1.0);
}

} // namespace oilwatch::util
