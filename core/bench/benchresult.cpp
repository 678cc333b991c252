#include "bench/benchresult.h"

#include "oilwatch/version.h"

#include <QFile>
#include <QSysInfo>
#include <QThread>

namespace oilwatch::bench {

namespace {

// Linux names the CPU in /proc/cpuinfo ("model name" on x86, "Hardware"/"Processor" on some ARM boards);
// elsewhere the architecture is all we say.
QString cpuModelName()
{
    QFile file(QStringLiteral("/proc/cpuinfo"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    // /proc files report size 0, so atEnd() is true at once: readAll() reads on to the real end.
    const QByteArray text = file.readAll();
    const QList<QByteArray> fields {"model name", "Hardware", "Processor", "cpu model"};
    for (const QByteArray& line : text.split('\n')) {
        const qsizetype colon = line.indexOf(':');
        if (colon < 0)
            continue;
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (fields.contains(line.left(colon).trimmed()) && !value.isEmpty())
            return QString::fromUtf8(value).simplified();
    }
    return {};
}

} // namespace

RunContext RunContext::current(const QString& target, const QDateTime& startedUtc)
{
    RunContext context;
    context.hostName = QSysInfo::machineHostName();
    context.cpuModel = cpuModelName();
    context.cpuCores = QThread::idealThreadCount();
    const QString cpu = context.cpuModel.isEmpty() ? QSysInfo::currentCpuArchitecture() : context.cpuModel;
    context.machine = QStringLiteral("%1, %2, %3 cores").arg(context.hostName, cpu).arg(context.cpuCores);
    context.os = QStringLiteral("%1 (%2 %3, %4)")
                     .arg(QSysInfo::prettyProductName(), QSysInfo::kernelType(), QSysInfo::kernelVersion(),
                         QSysInfo::currentCpuArchitecture());
    context.qtVersion = QString::fromLatin1(qVersion());
    context.appVersion = QString::fromLatin1(oilwatch::kVersion);
    context.target = target;
    context.startedUtc = startedUtc.toUTC();
    return context;
}

QJsonObject RunContext::toJson() const
{
    QJsonObject json;
    json.insert(QStringLiteral("machine"), machine);
    json.insert(QStringLiteral("host_name"), hostName);
    json.insert(QStringLiteral("cpu_model"), cpuModel);
    json.insert(QStringLiteral("cpu_cores"), cpuCores);
    json.insert(QStringLiteral("os"), os);
    json.insert(QStringLiteral("qt_version"), qtVersion);
    json.insert(QStringLiteral("app_version"), appVersion);
    json.insert(QStringLiteral("target"), target);
    json.insert(QStringLiteral("started_utc"), startedUtc.toUTC().toString(Qt::ISODateWithMs));
    return json;
}

double BenchResult::throughputPerSec() const
{
    if (measuredMs <= 0)
        return 0.0;
    return double(completed) * 1000.0 / double(measuredMs);
}

} // namespace oilwatch::bench
