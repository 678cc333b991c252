#pragma once

#include "alerts/alertrule.h"

#include <optional>

#include <QList>
#include <QString>

namespace oilwatch::alerts {

enum class RuleStoreErrorKind
{
    Unreadable, // the file exists but cannot be opened or read
    NotJson, // not valid JSON (a truncated or hand-broken file)
    WrongShape, // JSON, but not {"version":1,"rules":[...]}
    BadRule, // one rule is unusable; the others are kept
    DuplicateId, // a second rule with an id already used; the first one is kept
    Unwritable, // save() could not write the file
};

QString ruleStoreErrorKindName(RuleStoreErrorKind kind);

struct RuleStoreError
{
    RuleStoreErrorKind kind = RuleStoreErrorKind::Unreadable;
    int index = -1; // the rule's position in the file, for BadRule and DuplicateId
    QString ruleId; // when the rule had one
    QList<RuleProblem> problems; // for BadRule
    QString message; // one sentence for the log, a status bar or a dialog
};

struct LoadedRules
{
    QList<AlertRule> rules; // every usable rule, in file order
    QList<RuleStoreError> errors; // empty when the whole file was used
    bool ok() const { return errors.isEmpty(); }
};

// The alert rules in one JSON file: {"version":1,"rules":[<AlertRule::toJson()>, ...]}. A file, not
// QSettings, so it can be read, backed up and shared by hand. Reads never fail as a whole: a bad rule is
// reported and skipped and the good ones are kept; an unreadable or broken file gives no rules and one
// error. Nothing throws. Not thread-safe: one store per file, used from one thread.
class AlertRuleStore
{
public:
    static constexpr int kVersion = 1;

    explicit AlertRuleStore(QString path);

    // `<AppConfigLocation>/alert-rules.json`, e.g. ~/.config/OilWatch/alert-rules.json.
    static QString defaultPath();

    // A missing file is not an error: no rule has been saved yet.
    LoadedRules load() const;
    // Writes all rules at once (through a temporary file, so a crash leaves the old file whole), creating
    // the folder if needed. A file that load() could not parse is first kept as `<path>.bad`, so saving the
    // editor's rules never destroys rules the user could still recover by hand. Nothing on success.
    std::optional<RuleStoreError> save(const QList<AlertRule>& rules) const;

    const QString& path() const { return m_path; }

private:
    QString m_path;
};

} // namespace oilwatch::alerts
