#pragma once

#include "alerts/alertrule.h"
#include "alerts/alertrulestore.h"

#include <QWidget>

class QLabel;
class QListWidget;
class QPushButton;

namespace oilwatch::ui {

class AlertRuleForm;

// The alert rules panel: the list of rules on the left, the selected rule's form on the right, and Add,
// Remove, Save and Revert. It works on a copy: nothing reaches the file or the engine before Save, which
// first checks every rule (an invalid one is selected and its problems shown) and then writes them all
// through the store. Problems found when loading the file (a broken file, skipped rules) are shown in the
// status line; the good rules are still listed. Put it in a dialog or a dock as the window likes.
class AlertRulesEditor final : public QWidget
{
    Q_OBJECT
public:
    // The store must outlive the editor. Loads the rules at once.
    explicit AlertRulesEditor(const alerts::AlertRuleStore& store, QWidget* parent = nullptr);

    // Offered in the form's code box, and the code of a new rule (the first one).
    void setKnownCodes(const QStringList& codes);
    // The rules as edited, saved or not.
    QList<alerts::AlertRule> rules() const { return m_rules; }
    bool hasUnsavedChanges() const { return m_dirty; }
    QString statusText() const;
    int currentRow() const;
    void selectRow(int row);
    AlertRuleForm* form() const { return m_form; }
    QListWidget* list() const { return m_list; }

public Q_SLOTS:
    // Adds a rule for the first known code and selects it.
    void addRule();
    void removeSelected();
    // Returns whether the rules were valid and written.
    bool save();
    // Reloads the file, dropping unsaved edits.
    void revert();

Q_SIGNALS:
    // After a successful save(): hand these to AlertEngine::setRules().
    void rulesSaved(const QList<oilwatch::alerts::AlertRule>& rules);

private:
    void onSelectionChanged();
    void onFormEdited();
    void refreshList();
    QString itemText(const alerts::AlertRule& rule) const;
    void setStatus(const QString& text, bool warning);
    void setDirty(bool dirty);

    const alerts::AlertRuleStore& m_store;
    QList<alerts::AlertRule> m_rules;
    QStringList m_codes;
    QListWidget* m_list = nullptr;
    AlertRuleForm* m_form = nullptr;
    QPushButton* m_add = nullptr;
    QPushButton* m_remove = nullptr;
    QPushButton* m_save = nullptr;
    QPushButton* m_revert = nullptr;
    QLabel* m_status = nullptr;
    bool m_dirty = false;
};

} // namespace oilwatch::ui
