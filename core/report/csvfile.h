#pragma once

#include "report/csvwriter.h"

#include <memory>
#include <optional>
#include <variant>

#include <QString>

class QIODevice;

namespace oilwatch::report {

// Where a report goes: a file written atomically, or standard output (`--out -`).
//
// A file goes through QSaveFile: the rows are written to a temporary file beside the target, and only
// commit() renames it over the target. A report that is cancelled, fails half-way or is destroyed without
// commit() leaves no file at all, and an older file of the same name stays as it was. Standard output
// cannot be taken back: what was written stays written; the caller says so when it fails.
class CsvFile
{
public:
    static constexpr const char* kStdout = "-";

    // Opens `path` ("-": standard output). On failure, returns the reason in one line that names the file.
    static std::variant<std::unique_ptr<CsvFile>, QString> open(
        const QString& path, CsvWriter::Options options = {});
    ~CsvFile(); // without commit(): discards the file
    CsvFile(const CsvFile&) = delete;
    CsvFile& operator=(const CsvFile&) = delete;

    CsvWriter& writer() { return *m_writer; }
    bool isStdout() const { return m_path == QLatin1String(kStdout); }
    QString path() const { return m_path; }

    // Flushes and, for a file, renames it into place. The error names the file and what failed.
    std::optional<QString> commit();
    // Drops everything written so far (for a file: the temporary file goes).
    void cancel();

private:
    CsvFile(QString path, std::unique_ptr<QIODevice> device, CsvWriter::Options options);

    QString m_path;
    std::unique_ptr<QIODevice> m_device;
    std::unique_ptr<CsvWriter> m_writer;
    bool m_done = false;
};

} // namespace oilwatch::report
