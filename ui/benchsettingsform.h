#pragma once

#include "bench/benchconfig.h"

#include <optional>

#include <QByteArray>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace oilwatch::ui {

// Edits a BenchConfig. Like the resilience form, the editors accept more than is valid: BenchConfig::
// validate() is the one judge, and its message is what the user reads under the form. Fields that mean
// nothing for the current choices (the rate of a closed model, the fault profile of a live run) are
// disabled rather than hidden, so the form does not jump around. For a live-API run the form says that every
// request counts against the quota and how many the run will make.
class BenchSettingsForm final : public QWidget
{
    Q_OBJECT
public:
    explicit BenchSettingsForm(QWidget* parent = nullptr);

    bench::BenchConfig config() const;
    void setConfig(const bench::BenchConfig& config);
    // The key a live-API run sends. It is never shown; without it a live run does not validate.
    void setApiKey(const QByteArray& key);

    // validate()'s message for the current values, or nothing.
    std::optional<QString> validationMessage() const { return m_validation; }
    bool isValid() const { return !m_validation.has_value(); }
    QString validationText() const;
    // Empty unless the target is the live API.
    QString quotaText() const;
    // Locks the editors while a run uses the settings.
    void setEditable(bool editable);

    // The editor of a setting, for tests: "target", "url", "endpoint", "codes", "faultProfile", "model",
    // "concurrency", "rate", "stopBy", "duration", "count", "warmup", "timeout", "engine", "recordEach",
    // "insecure".
    QWidget* field(const QString& name) const;

Q_SIGNALS:
    // After any edit, once validity and the quota note are up to date.
    void changed();

protected:
    void changeEvent(QEvent* event) override;

private:
    QWidget* buildTargetGroup();
    QWidget* buildLoadGroup();
    QWidget* buildMeasureGroup();
    void onEdited();
    void updateEnabled();
    static void showRow(QWidget* field, bool visible);
    void applyColours();

    QByteArray m_apiKey;
    std::optional<QString> m_validation;
    bool m_editable = true;
    QComboBox* m_target = nullptr;
    QLineEdit* m_url = nullptr;
    QLineEdit* m_endpoint = nullptr;
    QLineEdit* m_codes = nullptr;
    QComboBox* m_faultProfile = nullptr;
    QCheckBox* m_insecure = nullptr;
    QComboBox* m_model = nullptr;
    QSpinBox* m_concurrency = nullptr;
    QDoubleSpinBox* m_rate = nullptr;
    QComboBox* m_stopBy = nullptr;
    QDoubleSpinBox* m_duration = nullptr;
    QSpinBox* m_count = nullptr;
    QDoubleSpinBox* m_warmup = nullptr;
    QDoubleSpinBox* m_timeout = nullptr;
    QComboBox* m_engine = nullptr;
    QCheckBox* m_recordEach = nullptr;
    QLabel* m_quota = nullptr;
    QLabel* m_error = nullptr;
};

} // namespace oilwatch::ui
