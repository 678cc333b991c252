#pragma once

#include <QIODevice>
#include <QList>
#include <QStringList>

namespace oilwatch::ui {

// Where a preview's CSV goes: keeps the first `maxRecords` records (the header and the first rows), parsed
// back into cells, and drops everything after them, so that counting the rows of a large export costs no
// memory. Only for the app's own writer's output (RFC 4180: quoted fields, doubled quotes, CRLF).
class CsvPreviewDevice final : public QIODevice
{
public:
    explicit CsvPreviewDevice(int maxRecords);

    const QList<QStringList>& records() const { return m_records; }

protected:
    qint64 readData(char*, qint64) override { return -1; }
    qint64 writeData(const char* data, qint64 length) override;

private:
    void endField();

    int m_maxRecords;
    QList<QStringList> m_records;
    QStringList m_row;
    QByteArray m_field;
    bool m_quoted = false; // inside a quoted field
    bool m_quoteSeen = false; // a quote inside a quoted field: the end, or the first of a doubled pair
    bool m_bomChecked = false;
};

} // namespace oilwatch::ui
