#include "sim/faultprofile.h"

#include "sim/faultkinds.h"

#include <QFile>
#include <QFileInfo>

namespace oilwatch::sim {

FaultProfileResult FaultProfile::resolve(const QString& nameOrPath)
{
    if (std::optional<FaultProfile> profile = builtin(nameOrPath))
        return *profile;
    QFile file(nameOrPath);
    if (!QFileInfo(file).isFile()) {
        return FaultProfileError {QStringLiteral("\"%1\" is neither a built-in profile (%2) nor a JSON file")
                                      .arg(nameOrPath, builtinNames().join(QStringLiteral(", ")))};
    }
    if (!file.open(QIODevice::ReadOnly))
        return FaultProfileError {QStringLiteral("%1: %2").arg(nameOrPath, file.errorString())};
    constexpr qint64 kMaxFileBytes = 1024 * 1024; // a profile is a few hundred bytes
    const QByteArray json = file.read(kMaxFileBytes + 1);
    if (json.size() > kMaxFileBytes)
        return FaultProfileError {QStringLiteral("%1: larger than 1 MiB").arg(nameOrPath)};
    FaultProfileResult result = fromJson(json);
    if (auto* error = std::get_if<FaultProfileError>(&result))
        error->message = nameOrPath + QStringLiteral(": ") + error->message;
    return result;
}

QByteArrayView FaultProfile::kindName(FaultKind kind)
{
    for (const detail::KindEntry& entry : detail::kKinds) {
        if (entry.kind == kind)
            return entry.name;
    }
    return "unknown";
}

} // namespace oilwatch::sim
