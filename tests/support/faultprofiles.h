#pragma once

// Fault profiles and answers as the simulator's tests build them: a profile from JSON (an unexpected refusal
// is a warning and an empty profile, so the test's own assertions say what went wrong), a profile of given
// rules, one rule, and a plain /v1/prices/latest answer for the injector to reshape.
#include "sim/faultprofile.h"
#include "sim/simresponse.h"

#include <vector>

#include <QDebug>

namespace oilwatch::testing {

inline sim::FaultProfile parsed(const QByteArray& json)
{
    const sim::FaultProfileResult result = sim::FaultProfile::fromJson(json);
    if (const auto* error = std::get_if<sim::FaultProfileError>(&result)) {
        qWarning() << "unexpected error:" << error->message;
        return {};
    }
    return std::get<sim::FaultProfile>(result);
}

inline sim::FaultProfile withRules(std::vector<sim::FaultRule> rules)
{
    sim::FaultProfile profile;
    profile.faults = std::move(rules);
    return profile;
}

inline sim::FaultRule ruleOf(sim::FaultKind kind, double rate, int status = 500)
{
    sim::FaultRule rule;
    rule.kind = kind;
    rule.rate = rate;
    rule.status = status;
    return rule;
}

inline sim::SimResponse latestResponse()
{
    sim::SimResponse response;
    response.body = R"({"status":"success","data":{"code":"WTI_USD","price":62.5,"currency":"USD"}})";
    return response;
}

} // namespace oilwatch::testing
