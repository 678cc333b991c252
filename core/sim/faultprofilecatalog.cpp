// The built-in fault profiles (`--faults NAME`, POST /_sim/profile?name=NAME).
#include "sim/faultprofile.h"

namespace oilwatch::sim {

namespace {

FaultRule rule(FaultKind kind, double rate)
{
    FaultRule result;
    result.kind = kind;
    result.rate = rate;
    return result;
}

FaultRule statusRule(int status, double rate)
{
    FaultRule result = rule(FaultKind::Status, rate);
    result.status = status;
    return result;
}

FaultProfile named(const char* name)
{
    FaultProfile profile;
    profile.name = QString::fromLatin1(name);
    return profile;
}

LatencySpec logNormal(double medianMs, double sigma)
{
    LatencySpec latency;
    latency.kind = LatencyKind::LogNormal;
    latency.medianMs = medianMs;
    latency.sigma = sigma;
    return latency;
}

} // namespace

QStringList FaultProfile::builtinNames()
{
    return {QStringLiteral("healthy"), QStringLiteral("latency"), QStringLiteral("flaky"),
        QStringLiteral("outage"), QStringLiteral("ratelimited"), QStringLiteral("quota"),
        QStringLiteral("hang"), QStringLiteral("slowbody"), QStringLiteral("chaos"),
        QStringLiteral("baddata")};
}

std::optional<FaultProfile> FaultProfile::builtin(QStringView name)
{
    if (name == u"healthy")
        return named("healthy");
    if (name == u"latency") {
        FaultProfile profile = named("latency");
        profile.latency = logNormal(50, 0.5);
        return profile;
    }
    if (name == u"flaky") {
        FaultProfile profile = named("flaky");
        profile.faults
            = {statusRule(500, 0.10), statusRule(502, 0.04), statusRule(503, 0.03), statusRule(504, 0.03)};
        return profile;
    }
    if (name == u"outage") {
        FaultProfile profile = named("outage");
        profile.outage.downSec = 20;
        profile.outage.upSec = 20;
        return profile;
    }
    if (name == u"ratelimited") {
        FaultProfile profile = named("ratelimited");
        profile.faults = {rule(FaultKind::RateLimit, 0.3)};
        return profile;
    }
    if (name == u"quota") {
        FaultProfile profile = named("quota");
        profile.faults = {rule(FaultKind::QuotaExhausted, 1.0)};
        return profile;
    }
    if (name == u"hang") {
        FaultProfile profile = named("hang");
        profile.faults = {rule(FaultKind::Hang, 1.0)};
        return profile;
    }
    if (name == u"slowbody") {
        FaultProfile profile = named("slowbody");
        profile.faults = {rule(FaultKind::SlowBody, 1.0)};
        return profile;
    }
    if (name == u"chaos") {
        FaultProfile profile = named("chaos");
        profile.latency = logNormal(30, 0.8);
        profile.faults = {statusRule(500, 0.05), statusRule(502, 0.03), statusRule(503, 0.02),
            statusRule(504, 0.02), rule(FaultKind::RateLimit, 0.03), rule(FaultKind::Hang, 0.01),
            rule(FaultKind::SlowBody, 0.02), rule(FaultKind::Reset, 0.02), rule(FaultKind::Close, 0.02),
            rule(FaultKind::EmptyBody, 0.01), rule(FaultKind::MalformedJson, 0.01),
            rule(FaultKind::TruncatedJson, 0.01), rule(FaultKind::PriceString, 0.01),
            rule(FaultKind::PriceNull, 0.01), rule(FaultKind::HugeBody, 0.005)};
        return profile;
    }
    if (name == u"baddata") {
        // About one answer in three carries bad data, every kind often enough to see within a minute of
        // polling; spikes twice as often as the rest, both ways, as they are the commonest bad print.
        FaultProfile profile = named("baddata");
        FaultRule up = rule(FaultKind::Spike, 0.05);
        FaultRule down = rule(FaultKind::Spike, 0.05);
        down.factor = 0.1;
        profile.faults = {up, down, rule(FaultKind::ZeroPrice, 0.04), rule(FaultKind::NegativePrice, 0.04),
            rule(FaultKind::FutureCreatedAt, 0.04), rule(FaultKind::StaleCreatedAt, 0.04),
            rule(FaultKind::WrongUnit, 0.04), rule(FaultKind::WrongCurrency, 0.04)};
        return profile;
    }
    return std::nullopt;
}

} // namespace oilwatch::sim
