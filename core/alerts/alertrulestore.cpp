#include "alerts/alertrulestore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QSaveFile>
#include <QSet>
#include <QStandardPaths>

namespace oilwatch::alerts {

namespace {

RuleStoreError fileError(RuleStoreErrorKind kind, const QString& message)
{
    RuleStoreError error;
    error.kind = kind;
    error.message = message;
    return error;
}

QString describeProblems(const QList<RuleProblem>& problems)
{
    QStringList parts;
    for (const RuleProblem& p : problems)
        parts << QStringLiteral("%1 %2").arg(p.field, p.message);
    return parts.join(QStringLiteral("; "));
}

// The parsed top-level object, or the error that stopped it.
struct ParsedFile
{
    QJsonArray rules;
    std::optional<RuleStoreError> error;
};

ParsedFile parse(const QByteArray& bytes, const QString& path)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return {{},
            fileError(RuleStoreErrorKind::NotJson,
                QStringLiteral("%1 is not valid JSON (%2 at byte %3); no alert rules were loaded")
                    .arg(path, parseError.errorString())
                    .arg(parseError.offset))};
    const QJsonValue rules = doc.object().value(QStringLiteral("rules"));
    if (!doc.isObject() || !rules.isArray())
        return {{},
            fileError(RuleStoreErrorKind::WrongShape,
                QStringLiteral("%1 has no \"rules\" list; no alert rules were loaded").arg(path))};
    return {rules.toArray(), std::nullopt};
}

} // namespace

QString ruleStoreErrorKindName(RuleStoreErrorKind kind)
{
    switch (kind) {
    case RuleStoreErrorKind::Unreadable:
        return QStringLiteral("unreadable");
    case RuleStoreErrorKind::NotJson:
        return QStringLiteral("not_json");
    case RuleStoreErrorKind::WrongShape:
        return QStringLiteral("wrong_shape");
    case RuleStoreErrorKind::BadRule:
        return QStringLiteral("bad_rule");
    case RuleStoreErrorKind::DuplicateId:
        return QStringLiteral("duplicate_id");
    case RuleStoreErrorKind::Unwritable:
        return QStringLiteral("unwritable");
    }
    return {};
}

AlertRuleStore::AlertRuleStore(QString path)
    : m_path(std::move(path))
{ }

QString AlertRuleStore::defaultPath()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation))
        .filePath(QStringLiteral("alert-rules.json"));
}

LoadedRules AlertRuleStore::load() const
{
    LoadedRules out;
    if (!QFileInfo::exists(m_path))
        return out;
    QFile file(m_path);
    if (!file.open(QIODevice::ReadOnly)) {
        out.errors.append(fileError(RuleStoreErrorKind::Unreadable,
            QStringLiteral("cannot read %1 (%2); no alert rules were loaded")
                .arg(m_path, file.errorString())));
        return out;
    }
    const ParsedFile parsed = parse(file.readAll(), m_path);
    if (parsed.error) {
        out.errors.append(*parsed.error);
        return out;
    }
    QSet<QString> ids;
    for (int i = 0; i < parsed.rules.size(); ++i) {
        RuleStoreError error;
        error.index = i;
        const QJsonValue value = parsed.rules.at(i);
        RuleFromJson read = value.isObject()
            ? ruleFromJson(value.toObject())
            : RuleFromJson {{}, {RuleProblem {QString(), QStringLiteral("is not an object")}}};
        error.ruleId = read.rule.id;
        if (!read.problems.isEmpty()) {
            error.kind = RuleStoreErrorKind::BadRule;
            error.problems = read.problems;
            error.message
                = QStringLiteral("alert rule %1%2 skipped: %3")
                      .arg(i + 1)
                      .arg(read.rule.id.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(read.rule.id),
                          describeProblems(read.problems));
            out.errors.append(error);
            continue;
        }
        if (ids.contains(read.rule.id)) {
            error.kind = RuleStoreErrorKind::DuplicateId;
            error.message = QStringLiteral("alert rule %1 skipped: id %2 is already used by an earlier rule")
                                .arg(i + 1)
                                .arg(read.rule.id);
            out.errors.append(error);
            continue;
        }
        ids.insert(read.rule.id);
        out.rules.append(read.rule);
    }
    return out;
}

std::optional<RuleStoreError> AlertRuleStore::save(const QList<AlertRule>& rules) const
{
    const QFileInfo info(m_path);
    if (!QDir().mkpath(info.absolutePath()))
        return fileError(RuleStoreErrorKind::Unwritable,
            QStringLiteral("cannot create the folder %1").arg(info.absolutePath()));
    if (info.exists()) {
        QFile existing(m_path);
        if (existing.open(QIODevice::ReadOnly) && parse(existing.readAll(), m_path).error) {
            const QString backup = m_path + QStringLiteral(".bad");
            QFile::remove(backup);
            QFile::copy(m_path, backup);
        }
    }
    QJsonArray array;
    for (const AlertRule& rule : rules)
        array.append(rule.toJson());
    const QJsonObject root {{QStringLiteral("version"), kVersion}, {QStringLiteral("rules"), array}};
    QSaveFile file(m_path);
    if (!file.open(QIODevice::WriteOnly))
        return fileError(RuleStoreErrorKind::Unwritable,
            QStringLiteral("cannot write %1 (%2)").arg(m_path, file.errorString()));
    file.write(QJsonDocument(root).toJson(QJsonDocument::Indented));
    if (!file.commit())
        return fileError(RuleStoreErrorKind::Unwritable,
            QStringLiteral("cannot write %1 (%2)").arg(m_path, file.errorString()));
    return std::nullopt;
}

} // namespace oilwatch::alerts
