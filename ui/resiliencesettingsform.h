#pragma once

#include "resilience/resiliencesettings.h"

#include <QHash>
#include <QJsonObject>
#include <QWidget>

class QLabel;
class QPushButton;

namespace oilwatch::ui {

// Edits ResilienceSettings. The widgets accept more than is valid on purpose: settingsFromJson is the one
// judge of what is allowed, so its messages are what the user sees, and a rule changed in core needs no
// change here. Apply validates everything first; with any error it shows the errors in red and saves
// nothing. The pipeline reads its settings at start, so a saved change takes effect at the next start.
class ResilienceSettingsForm final : public QWidget
{
    Q_OBJECT
public:
    // `running`: the settings the pipeline runs with, shown first and compared with what gets saved.
    explicit ResilienceSettingsForm(resilience::ResilienceSettings running, QWidget* parent = nullptr);

    // The form's current values as the JSON that Apply would validate.
    QJsonObject formJson() const;
    void setValues(const resilience::ResilienceSettings& settings);
    // The editor of one setting by its dotted key ("breaker.failureRateThreshold"), for tests.
    QWidget* field(const QString& key) const { return m_fields.value(key); }
    QString errorText() const;
    QString statusText() const;

public Q_SLOTS:
    // Returns whether the values were valid and saved.
    bool apply();
    void restoreDefaults();
    // The app swaps the pipeline's settings when they are saved (PreferencesWiring): the texts then say
    // "in effect now" instead of "at the next start".
    void setAppliesLive(bool live);

Q_SIGNALS:
    void saved(const oilwatch::resilience::ResilienceSettings& settings);

protected:
    void changeEvent(QEvent* event) override;

private:
    struct FieldSpec;
    QWidget* buildSection(const QString& title, const QString& section, const QList<FieldSpec>& specs);
    void showErrors(const QList<resilience::SettingsError>& errors);
    void showStatus(const QString& text, bool warning);
    void applyColours();

    resilience::ResilienceSettings m_running;
    // Keys the form has no editor for are carried over from here, so a field added in core is never lost.
    QJsonObject m_base;
    QHash<QString, QWidget*> m_fields;
    QHash<QString, QLabel*> m_labels;
    QLabel* m_errors = nullptr;
    QLabel* m_status = nullptr;
    bool m_statusIsWarning = false;
    bool m_appliesLive = false;
};

} // namespace oilwatch::ui
