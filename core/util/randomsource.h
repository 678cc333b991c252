#pragma once

#include <cstdint>
#include <random>
#include <vector>

namespace oilwatch::util {

// Randomness comes in through this interface so that jitter can be replayed exactly in a test.
class RandomSource
{
public:
    virtual ~RandomSource() = default;
    // A value in [0, 1).
    virtual double uniform01() = 0;
    // A value in [lo, hi) (or exactly lo when hi <= lo).
    double uniform(double lo, double hi);
};

// Deterministic for a given seed on every platform: std::mt19937_64 is fully specified by the standard, and
// the mapping to a double is our own (std::uniform_real_distribution differs between standard libraries).
class SeededRandom final : public RandomSource
{
public:
    explicit SeededRandom(std::uint64_t seed);
    double uniform01() override;

private:
    std::mt19937_64 m_engine;
};

// Returns the scripted values in order and starts over when they run out, so a test states exactly which
// point of each jitter range it wants. Values are clamped to [0, 1]: 1 is allowed so that a test can reach
// the top of a range, which a real source only approaches.
class ScriptedRandom final : public RandomSource
{
public:
    explicit ScriptedRandom(std::vector<double> values);
    double uniform01() override;
    int calls() const { return m_calls; }

private:
    std::vector<double> m_values;
    std::size_t m_next = 0;
    int m_calls = 0;
};

} // namespace oilwatch::util
