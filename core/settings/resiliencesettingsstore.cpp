#include "settings/resiliencesettingsstore.h"

#include <QJsonDocument>
#include <QJsonParseError>
#include <QSettings>
#include <QStringList>

namespace oilwatch::settings {

QString describeSettingsErrors(const QList<resilience::SettingsError>& errors)
{
    QStringList lines;
    for (const resilience::SettingsError& error : errors)
        lines << (error.key.isEmpty() ? error.message : error.key + QStringLiteral(": ") + error.message);
    return lines.join(QLatin1Char('\n'));
}

LoadedResilienceSettings loadResilienceSettings(QSettings& store)
{
    LoadedResilienceSettings loaded;
    const QVariant stored = store.value(QLatin1String(kResilienceSettingsKey));
    if (!stored.isValid())
        return loaded;

    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(stored.toString().toUtf8(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        const QString why = parseError.error != QJsonParseError::NoError
            ? parseError.errorString()
            : QStringLiteral("not a JSON object");
        loaded.errors.append({QString(), why});
        loaded.warning = QStringLiteral("Stored resilience settings are unreadable; using the defaults");
        return loaded;
    }
    resilience::SettingsParseResult parsed = resilience::settingsFromJson(document.object());
    if (!parsed.ok()) {
        loaded.errors = parsed.errors;
        loaded.warning = QStringLiteral("Stored resilience settings were rejected; using the defaults");
        return loaded;
    }
    loaded.settings = parsed.settings;
    return loaded;
}

void saveResilienceSettings(QSettings& store, const resilience::ResilienceSettings& settings)
{
    store.setValue(QLatin1String(kResilienceSettingsKey),
        QString::fromUtf8(QJsonDocument(settings.toJson()).toJson(QJsonDocument::Compact)));
    store.sync();
}

} // namespace oilwatch::settings
