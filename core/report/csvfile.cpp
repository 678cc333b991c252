#include "report/csvfile.h"

#include <cstdio>

#include <QFile>
#include <QSaveFile>

namespace oilwatch::report {

std::variant<std::unique_ptr<CsvFile>, QString> CsvFile::open(const QString& path, CsvWriter::Options options)
{
    if (path.isEmpty())
        return QStringLiteral("no file name given");
    if (path == QLatin1String(kStdout)) {
        auto out = std::make_unique<QFile>();
        if (!out->open(stdout, QIODevice::WriteOnly))
            return QStringLiteral("cannot write to standard output: ") + out->errorString();
        return std::unique_ptr<CsvFile>(new CsvFile(path, std::move(out), options));
    }
    auto file = std::make_unique<QSaveFile>(path);
    if (!file->open(QIODevice::WriteOnly))
        return QStringLiteral("cannot write %1: %2").arg(path, file->errorString());
    return std::unique_ptr<CsvFile>(new CsvFile(path, std::move(file), options));
}

CsvFile::CsvFile(QString path, std::unique_ptr<QIODevice> device, CsvWriter::Options options)
    : m_path(std::move(path))
    , m_device(std::move(device))
    , m_writer(std::make_unique<CsvWriter>(*m_device, options))
{ }

CsvFile::~CsvFile()
{
    if (!m_done)
        cancel();
}

std::optional<QString> CsvFile::commit()
{
    m_done = true;
    const bool flushed = m_writer->flush();
    const QString writeError = m_writer->errorString();
    m_writer.reset();
    if (auto* file = qobject_cast<QSaveFile*>(m_device.get())) {
        if (!flushed) {
            file->cancelWriting();
            file->commit(); // with cancelWriting: removes the temporary file, leaves the target alone
            return QStringLiteral("cannot write %1: %2").arg(m_path, writeError);
        }
        if (!file->commit())
            return QStringLiteral("cannot write %1: %2").arg(m_path, file->errorString());
        return std::nullopt;
    }
    auto* out = static_cast<QFile*>(m_device.get());
    if (!flushed || !out->flush())
        return QStringLiteral("cannot write to standard output: %1")
            .arg(flushed ? out->errorString() : writeError);
    return std::nullopt;
}

void CsvFile::cancel()
{
    m_done = true;
    if (auto* file = qobject_cast<QSaveFile*>(m_device.get())) {
        m_writer.reset(); // its flush goes to the temporary file, about to go
        file->cancelWriting();
        file->commit();
        m_device.reset(); // QSaveFile's destructor removes the temporary file
        return;
    }
    m_writer.reset();
}

} // namespace oilwatch::report
