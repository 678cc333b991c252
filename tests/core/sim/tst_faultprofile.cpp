// FaultProfile::resolve and kindName (core/sim/faultprofile.cpp).
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
