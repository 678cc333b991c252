#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QStringView>

namespace oilwatch::sim {

// Streams compact JSON into one buffer. The simulator answers thousands of requests a second; building a
// QJsonObject tree per response would allocate per field and also sort the keys, which the API does not do.
class JsonWriter
{
public:
    explicit JsonWriter(qsizetype reserve = 512);

    JsonWriter& beginObject();
    JsonWriter& endObject();
    JsonWriter& beginArray();
    JsonWriter& endArray();
    JsonWriter& key(QByteArrayView name); // Latin-1 names that need no escaping

    JsonWriter& value(QStringView text);
    JsonWriter& value(QByteArrayView utf8Text);
    JsonWriter& value(const char* utf8Text) { return value(QByteArrayView(utf8Text)); }
    JsonWriter& value(qint64 number);
    JsonWriter& value(int number) { return value(qint64(number)); }
    JsonWriter& value(bool flag);
    // A price with at most `decimals` places, trailing zeros dropped (72.5, not 72.50), as the API sends it.
    JsonWriter& number(double value, int decimals);
    // ISO-8601 UTC with milliseconds: "2026-01-15T12:00:00.000Z".
    JsonWriter& isoTime(qint64 epochMs);

    QByteArray take();
    static void appendIsoTime(QByteArray& out, qint64 epochMs);
    static QByteArray formatNumber(double value, int decimals);

private:
    void beforeValue();
    void appendEscaped(QByteArrayView utf8);

    QByteArray m_out;
    bool m_needComma = false;
};

} // namespace oilwatch::sim
