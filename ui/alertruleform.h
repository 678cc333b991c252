#pragma once

#include "alerts/alertrule.h"

#include <QHash>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace oilwatch::ui {

// Edits one AlertRule. Only the fields the kind uses are shown (the window for a percent move; no
// threshold for data suspect), and the threshold's unit follows the kind. validateRule() is the one judge
// of what is allowed: after every change its problems are shown in red under the fields they concern, so a
// rule changed in core needs no change here. Durations are edited in seconds (the window in minutes).
class AlertRuleForm final : public QWidget
{
    Q_OBJECT
public:
    explicit AlertRuleForm(QWidget* parent = nullptr);

    // The codes offered in the code box; any other code can still be typed.
    void setKnownCodes(const QStringList& codes);
    void setRule(const alerts::AlertRule& rule);
    // The form's values; the id is the one given to setRule().
    alerts::AlertRule rule() const;
    QList<alerts::RuleProblem> problems() const { return m_problems; }
    // Every problem shown, one per line; empty when the rule is valid.
    QString errorText() const;
    // The editor of one field by its JSON key ("threshold", "window_ms", ...), for tests.
    QWidget* field(const QString& key) const { return m_fields.value(key); }
    bool isFieldShown(const QString& key) const;

Q_SIGNALS:
    // After any edit by the user (not after setRule()).
    void edited();

private:
    void addRow(const QString& key, const QString& label, QWidget* editor);
    void onEdited();
    void updateForKind();
    void showProblems();

    QString m_id;
    QFormLayout* m_layout = nullptr;
    QLineEdit* m_name = nullptr;
    QComboBox* m_code = nullptr;
    QComboBox* m_kind = nullptr;
    QLabel* m_kindHelp = nullptr;
    QDoubleSpinBox* m_threshold = nullptr;
    QSpinBox* m_window = nullptr;
    QSpinBox* m_pending = nullptr;
    QDoubleSpinBox* m_hysteresis = nullptr;
    QSpinBox* m_cooldown = nullptr;
    QCheckBox* m_enabled = nullptr;
    QCheckBox* m_notifyOnResolve = nullptr;
    QHash<QString, QWidget*> m_fields;
    QHash<QString, QLabel*> m_errors; // one red label under each field
    QList<alerts::RuleProblem> m_problems;
    bool m_loading = false;
};

// What a kind means, in a sentence, under the kind box.
QString alertKindHelp(alerts::AlertKind kind);

} // namespace oilwatch::ui
