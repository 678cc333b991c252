#pragma once

// An independent, strict RFC 4180 reader for tests: every CSV the app writes is parsed back with it. It
// shares no code with core/report/csvwriter (a bug there cannot hide itself here) and refuses what a lenient
// reader would guess at:
// - rows end in CRLF, the last one too; a bare CR or LF outside quotes is an error;
// - a quote may only open a field or, doubled, stand inside a quoted one; a closing quote must be followed
//   by a comma, CRLF or the end;
// - every row has as many fields as the header; the bytes are valid UTF-8 (a leading BOM only when allowed).

#include <optional>

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringDecoder>
#include <QStringList>

namespace oilwatch::testing {

struct StrictCsv
{
    QStringList header;
    QList<QStringList> rows;
    bool hadBom = false;
    QString error; // empty when the text was valid

    bool ok() const { return error.isEmpty(); }
    // The column of `name` in the header, -1 when there is none.
    int column(const QString& name) const { return int(header.indexOf(name)); }
    QString cell(int row, const QString& name) const { return rows.value(row).value(column(name)); }
};

enum class Bom
{
    Forbidden,
    Allowed,
    Required,
};

inline StrictCsv parseStrictCsv(const QByteArray& bytes, Bom bom = Bom::Forbidden)
{
    StrictCsv csv;
    qsizetype i = 0;
    const qsizetype n = bytes.size();
    if (bytes.startsWith("\xEF\xBB\xBF")) {
        csv.hadBom = true;
        i = 3;
        if (bom == Bom::Forbidden) {
            csv.error = QStringLiteral("unexpected byte-order mark");
            return csv;
        }
    } else if (bom == Bom::Required) {
        csv.error = QStringLiteral("no byte-order mark");
        return csv;
    }
    if (i == n) {
        csv.error = QStringLiteral("empty file: no header row");
        return csv;
    }
    QList<QStringList> all;
    QStringList row;
    QByteArray field;
    int line = 1;
    auto fail = [&](const QString& what) {
        csv.error = QStringLiteral("line %1: %2").arg(line).arg(what);
        return csv;
    };
    auto endField = [&]() -> bool {
        QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
        const QString text = utf8.decode(field);
        if (utf8.hasError())
            return false;
        row << text;
        field.clear();
        return true;
    };
    while (i < n) {
        // One field.
        if (bytes[i] == '"') {
            ++i;
            for (;;) {
                if (i >= n)
                    return fail(QStringLiteral("a quoted field is not closed"));
                const char c = bytes[i];
                if (c == '"') {
                    if (i + 1 < n && bytes[i + 1] == '"') {
                        field += '"';
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                if (c == '\n')
                    ++line;
                field += c;
                ++i;
            }
            if (i < n && bytes[i] != ',' && bytes[i] != '\r')
                return fail(QStringLiteral("text after a closing quote"));
        } else {
            while (i < n && bytes[i] != ',' && bytes[i] != '\r' && bytes[i] != '\n') {
                if (bytes[i] == '"')
                    return fail(QStringLiteral("a quote inside an unquoted field"));
                field += bytes[i];
                ++i;
            }
        }
        if (!endField())
            return fail(QStringLiteral("invalid UTF-8"));
        if (i >= n)
            return fail(QStringLiteral("the last row does not end in CRLF"));
        if (bytes[i] == ',') {
            ++i;
            if (i >= n)
                return fail(QStringLiteral("the last row does not end in CRLF"));
            continue;
        }
        if (bytes[i] == '\n')
            return fail(QStringLiteral("a bare LF ends a row (CRLF expected)"));
        // CR
        if (i + 1 >= n || bytes[i + 1] != '\n')
            return fail(QStringLiteral("a bare CR (CRLF expected)"));
        i += 2;
        all << row;
        row.clear();
        ++line;
    }
    if (all.isEmpty())
        return fail(QStringLiteral("no header row"));
    csv.header = all.takeFirst();
    for (qsizetype r = 0; r < all.size(); ++r) {
        if (all[r].size() != csv.header.size()) {
            csv.error = QStringLiteral("row %1 has %2 fields, the header %3")
                            .arg(r + 1)
                            .arg(all[r].size())
                            .arg(csv.header.size());
            return csv;
        }
    }
    csv.rows = std::move(all);
    return csv;
}

} // namespace oilwatch::testing
