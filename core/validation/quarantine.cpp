#include "validation/quarantine.h"

#include <algorithm>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace oilwatch::validation {

namespace {

QString isoTime(const QDateTime& time)
{
    return time.isValid() ? time.toString(Qt::ISODateWithMs) : QString();
}

QString optionalNumber(const std::optional<double>& value)
{
    return value ? QString::number(*value, 'g', 10) : QString();
}

// RFC 4180 quoting, and a leading apostrophe where a spreadsheet would otherwise see a formula (OWASP "CSV
// injection"): a source or unit sent by the API must stay text when the export is opened.
QByteArray csvCell(const QString& text)
{
    QString cell = text;
    if (!cell.isEmpty()
        && (cell[0] == u'=' || cell[0] == u'+' || cell[0] == u'-' || cell[0] == u'@' || cell[0] == u'\t'
            || cell[0] == u'\r'))
        cell.prepend(u'\'');
    cell.replace(u'"', QStringLiteral("\"\""));
    return '"' + cell.toUtf8() + '"';
}

QJsonValue jsonNumber(const std::optional<double>& value)
{
    return value ? QJsonValue(*value) : QJsonValue(QJsonValue::Null);
}

QJsonObject issueJson(const DataQualityIssue& issue)
{
    QJsonObject object;
    object[QStringLiteral("rule")] = ruleName(issue.rule);
    object[QStringLiteral("message")] = issue.message;
    object[QStringLiteral("value")] = issue.value;
    object[QStringLiteral("reference")] = jsonNumber(issue.reference);
    object[QStringLiteral("lower_limit")] = jsonNumber(issue.lowerLimit);
    object[QStringLiteral("upper_limit")] = jsonNumber(issue.upperLimit);
    object[QStringLiteral("change_percent")] = jsonNumber(issue.changePercent);
    if (issue.spread)
        object[QStringLiteral("spread")] = *issue.spread;
    if (!issue.partnerCode.isEmpty())
        object[QStringLiteral("partner_code")] = issue.partnerCode;
    if (issue.referenceAt.isValid())
        object[QStringLiteral("reference_at")] = isoTime(issue.referenceAt);
    if (issue.deltaMs)
        object[QStringLiteral("delta_ms")] = double(*issue.deltaMs);
    if (issue.allowedMs)
        object[QStringLiteral("allowed_ms")] = double(*issue.allowedMs);
    if (!issue.expected.isEmpty() || !issue.actual.isEmpty()) {
        object[QStringLiteral("expected")] = issue.expected;
        object[QStringLiteral("actual")] = issue.actual;
    }
    return object;
}

QJsonObject quoteJson(const api::Quote& quote)
{
    QJsonObject object;
    object[QStringLiteral("code")] = quote.code;
    object[QStringLiteral("price")] = quote.price;
    object[QStringLiteral("currency")] = quote.currency;
    object[QStringLiteral("unit")] = quote.unit;
    object[QStringLiteral("created_at")] = isoTime(quote.createdAt);
    object[QStringLiteral("type")] = quote.type;
    object[QStringLiteral("source")] = quote.source;
    object[QStringLiteral("received_at")] = isoTime(quote.receivedAt);
    return object;
}

} // namespace

Quarantine::Quarantine(int capacity)
    : m_capacity(std::max(1, capacity))
{ }

void Quarantine::add(const Verdict& verdict, const QDateTime& at)
{
    if (verdict.isOk())
        return;
    ++m_total;
    if (qsizetype(m_entries.size()) >= m_capacity) {
        m_entries.pop_front();
        ++m_evicted;
    }
    m_entries.push_back({verdict, at});
}

void Quarantine::clear()
{
    m_entries.clear();
}

QByteArray Quarantine::toCsv() const
{
    QByteArray csv = "quarantined_at,code,price,currency,unit,created_at,source,rule,message,reference,"
                     "lower_limit,upper_limit,change_percent\r\n";
    for (const QuarantinedQuote& entry : m_entries) {
        const api::Quote& quote = entry.verdict.quote;
        for (const DataQualityIssue& issue : entry.verdict.issues) {
            const QStringList cells {isoTime(entry.quarantinedAt), quote.code,
                QString::number(quote.price, 'g', 10), quote.currency, quote.unit, isoTime(quote.createdAt),
                quote.source, ruleName(issue.rule), issue.message, optionalNumber(issue.reference),
                optionalNumber(issue.lowerLimit), optionalNumber(issue.upperLimit),
                optionalNumber(issue.changePercent)};
            QByteArrayList row;
            for (const QString& cell : cells)
                row.append(csvCell(cell));
            csv += row.join(',') + "\r\n";
        }
    }
    return csv;
}

QByteArray Quarantine::toJson() const
{
    QJsonArray entries;
    for (const QuarantinedQuote& entry : m_entries) {
        QJsonArray issues;
        for (const DataQualityIssue& issue : entry.verdict.issues)
            issues.append(issueJson(issue));
        QJsonObject object;
        object[QStringLiteral("quarantined_at")] = isoTime(entry.quarantinedAt);
        object[QStringLiteral("quote")] = quoteJson(entry.verdict.quote);
        object[QStringLiteral("issues")] = issues;
        entries.append(object);
    }
    QJsonObject root;
    root[QStringLiteral("entries")] = entries;
    root[QStringLiteral("evicted")] = double(m_evicted);
    return QJsonDocument(root).toJson(QJsonDocument::Compact);
}

} // namespace oilwatch::validation
