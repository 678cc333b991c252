#pragma once

#include "resilience/resiliencesettings.h"

#include <QString>

class QSettings;

namespace oilwatch::settings {

// Where the dashboard keeps its resilience settings: one JSON string, so the stored value reads like the
// documented format and survives new fields (missing keys keep their defaults).
inline constexpr char kResilienceSettingsKey[] = "resilience/settings";

struct LoadedResilienceSettings
{
    resilience::ResilienceSettings settings;
    // Empty when the stored value was used, or when nothing was stored. Otherwise one sentence for the log
    // and a tooltip; the defaults are in `settings` then, and `errors` says what was wrong.
    QString warning;
    QList<resilience::SettingsError> errors;
};

// Never fails: anything unusable (not JSON, not an object, any rejected value) gives the defaults and a
// warning. All or nothing, so the pipeline never runs on a half-applied mixture nobody chose.
LoadedResilienceSettings loadResilienceSettings(QSettings& store);
void saveResilienceSettings(QSettings& store, const resilience::ResilienceSettings& settings);

QString describeSettingsErrors(const QList<resilience::SettingsError>& errors);

} // namespace oilwatch::settings
