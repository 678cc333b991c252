// Fuzzes sim::FaultProfile::fromJson and ::toJson, the reader of the fault profile files a user writes for
// `oilwatch sim --faults FILE` and of the POST /sim/control/faults body.
//
// Invariants: a profile that parses serialises to JSON that parses again to the same profile, and that JSON
// is a fixed point (serialising the re-parsed profile gives the same bytes); a refusal names what it refuses
// in one line. The built-in profiles round-trip too.

#include "fuzzcheck.h"
#include "sim/faultprofile.h"

#include <cstdint>

using oilwatch::sim::FaultProfile;
using oilwatch::sim::FaultProfileError;

namespace {

void checkRoundTrip(const FaultProfile& profile)
{
    const QByteArray json = profile.toJson();
    const auto again = FaultProfile::fromJson(json);
    if (const auto* error = std::get_if<FaultProfileError>(&again)) {
        std::fprintf(stderr, "re-parse refused: %s\n%s\n", qPrintable(error->message), json.constData());
        FUZZ_CHECK(false);
    }
    const FaultProfile& reparsed = std::get<FaultProfile>(again);
    FUZZ_CHECK(reparsed == profile);
    FUZZ_CHECK(reparsed.toJson() == json);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    static const bool builtinsChecked = [] {
        for (const QString& name : FaultProfile::builtinNames()) {
            const auto profile = FaultProfile::builtin(name);
            FUZZ_CHECK(profile.has_value());
            checkRoundTrip(*profile);
        }
        return true;
    }();
    (void)builtinsChecked;

    const auto result
        = FaultProfile::fromJson(QByteArrayView(reinterpret_cast<const char*>(data), qsizetype(size)));
    if (const auto* error = std::get_if<FaultProfileError>(&result)) {
        FUZZ_CHECK(!error->message.isEmpty());
        FUZZ_CHECK(!error->message.contains(QLatin1Char('\n')));
        return 0;
    }
    const FaultProfile& profile = std::get<FaultProfile>(result);
    double total = 0;
    for (const auto& rule : profile.faults) {
        FUZZ_CHECK(rule.rate >= 0 && rule.rate <= 1);
        total += rule.rate;
        FUZZ_CHECK(rule.bodyBytes <= FaultProfile::kMaxHugeBytes);
        (void)FaultProfile::kindName(rule.kind);
    }
    FUZZ_CHECK(total <= 1 + 1e-9);
    checkRoundTrip(profile);
    return 0;
}
