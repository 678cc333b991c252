// FaultProfile::toJson (core/sim/faultprofilewriter.cpp).
#include "sim/faultinjector.h"
#include "sim/faultprofile.h"
#include "sim/simresponse.h"
#include "support/faultprofiles.h"
#include "util/clock.h"

#include <algorithm>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace oilwatch::sim;
using oilwatch::util::ManualClock;

using namespace oilwatch::testing;

class TestFaultProfileWriter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTripsEveryKind();
};

void TestFaultProfileWriter::roundTripsEveryKind()
{
    FaultProfile profile;
    profile.name = QStringLiteral("every kind");
    profile.seed = 12345;
    profile.latency.kind = LatencyKind::LogNormal;
    profile.latency.medianMs = 42.5;
    profile.latency.sigma = 0.25;
    profile.latency.rate = 0.75;
    const FaultKind kinds[] = {FaultKind::Status, FaultKind::RateLimit, FaultKind::QuotaExhausted,
        FaultKind::Hang, FaultKind::SlowBody, FaultKind::Reset, FaultKind::Close, FaultKind::EmptyBody,
        FaultKind::MalformedJson, FaultKind::TruncatedJson, FaultKind::PriceString, FaultKind::PriceNull,
        FaultKind::HugeBody, FaultKind::Spike, FaultKind::ZeroPrice, FaultKind::NegativePrice,
        FaultKind::FutureCreatedAt, FaultKind::StaleCreatedAt, FaultKind::WrongUnit,
        FaultKind::WrongCurrency};
    for (FaultKind kind : kinds)
        profile.faults.push_back(ruleOf(kind, 0.04));
    profile.faults[0].status = 504;
    profile.faults[1].retryAfterSec = 1050;
    profile.faults[4].chunkBytes = 5;
    profile.faults[4].intervalMs = 7;
    profile.faults[5].afterBytes = 3;
    profile.faults[12].bodyBytes = 4096;
    profile.faults[13].factor = 100;
    profile.faults[16].shiftSec = 86'400;
    profile.faults[18].unit = QStringLiteral("bbl");
    profile.outage = {10, 30, true, OutageMode::Status503};

    const QByteArray json = profile.toJson();
    const FaultProfileResult result = FaultProfile::fromJson(json);
    QVERIFY2(std::holds_alternative<FaultProfile>(result), json.constData());
    QCOMPARE(std::get<FaultProfile>(result), profile);
    // Kinds are written by name, so a file stays readable and stable across releases.
    QVERIFY(json.contains("\"quota_exhausted\""));
    QVERIFY(json.contains("\"truncated_json\""));
    QVERIFY(json.contains("\"stale_created_at\""));
}

QTEST_GUILESS_MAIN(TestFaultProfileWriter)
#include "tst_faultprofilewriter.moc"
