// FaultProfile::resolve and kindName (core/sim/faultprofile.cpp).
#include "sim/faultinjector.h"
#include "sim/faultprofile.h"
#include "sim/simresponse.h"
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

namespace {

[[maybe_unused]] FaultProfile parsed(const QByteArray& json)
{
    const FaultProfileResult result = FaultProfile::fromJson(json);
    if (const auto* error = std::get_if<FaultProfileError>(&result)) {
        qWarning() << "unexpected error:" << error->message;
        return {};
    }
    return std::get<FaultProfile>(result);
}

[[maybe_unused]] FaultProfile withRules(std::vector<FaultRule> rules)
{
    FaultProfile profile;
    profile.faults = std::move(rules);
    return profile;
}

[[maybe_unused]] FaultRule ruleOf(FaultKind kind, double rate, int status = 500)
{
    FaultRule rule;
    rule.kind = kind;
    rule.rate = rate;
    rule.status = status;
    return rule;
}

[[maybe_unused]] SimResponse latestResponse()
{
    SimResponse response;
    response.body = R"({"status":"success","data":{"code":"WTI_USD","price":62.5,"currency":"USD"}})";
    return response;
}

} // namespace

class TestFaultProfile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void resolvesNamesAndFiles();
};

void TestFaultProfile::resolvesNamesAndFiles()
{
    const FaultProfileResult builtin = FaultProfile::resolve(QStringLiteral("chaos"));
    QCOMPARE(std::get<FaultProfile>(builtin).name, QStringLiteral("chaos"));

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString good = dir.filePath(QStringLiteral("good.json"));
    QFile file(good);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"name":"from-file","faults":[{"kind":"close","rate":0.5}]})");
    file.close();
    const FaultProfileResult loaded = FaultProfile::resolve(good);
    QVERIFY(std::holds_alternative<FaultProfile>(loaded));
    QCOMPARE(std::get<FaultProfile>(loaded).name, QStringLiteral("from-file"));
    QCOMPARE(std::get<FaultProfile>(loaded).faults.at(0).kind, FaultKind::Close);

    const QString bad = dir.filePath(QStringLiteral("bad.json"));
    QFile badFile(bad);
    QVERIFY(badFile.open(QIODevice::WriteOnly));
    badFile.write(R"({"faults":[{"kind":"close","rate":2}]})");
    badFile.close();
    const FaultProfileResult failed = FaultProfile::resolve(bad);
    QVERIFY(std::holds_alternative<FaultProfileError>(failed));
    QVERIFY(std::get<FaultProfileError>(failed).message.startsWith(bad + ": faults[0].rate"));

    const FaultProfileResult missing = FaultProfile::resolve(dir.filePath(QStringLiteral("nope.json")));
    QVERIFY(
        std::get<FaultProfileError>(missing).message.contains(QStringLiteral("neither a built-in profile")));
    QVERIFY(std::get<FaultProfileError>(missing).message.contains(QStringLiteral("slowbody")));
}

QTEST_GUILESS_MAIN(TestFaultProfile)
#include "tst_faultprofile.moc"
