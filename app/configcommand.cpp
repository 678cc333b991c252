#include "app/configcommand.h"

#include "app/commandline.h"
#include "secrets/keychainsecretstore.h"
#include "settings/settingsstore.h"

#include <QTextStream>

namespace oilwatch::app {

namespace {

// A Redis URL may carry a password: `list` shows it masked (`get` prints it as stored, on request).
QString shownInList(const QString& key, const QString& value)
{
    if (key != QLatin1String("cache.redis_url") || value.isEmpty())
        return value;
    QUrl url(value);
    if (!url.password().isEmpty())
        url.setPassword(QStringLiteral("***"));
    return url.toString();
}

int noKeychain(QTextStream& err, const QString& why)
{
    err << "oilwatch config: " << why
        << ".\nPut the key in the environment instead, e.g. in your shell profile:\n"
           "  export OILPRICEAPI_KEY=...\nor keep it for one session in the window's Preferences."
        << Qt::endl;
    return kExitFailure;
}

int setKey(QTextStream& in, QTextStream& err, secrets::SecretStore* keychain)
{
    const QString key = in.readLine().trimmed();
    if (key.isEmpty()) {
        err << "oilwatch config set-key: no key on stdin (try: printf %s \"$KEY\" | oilwatch config set-key)"
            << Qt::endl;
        return kExitUsage;
    }
    if (!keychain)
        return noKeychain(err, QStringLiteral("no usable keychain: turned off with OILWATCH_NO_KEYCHAIN=1"));
    // A desktop keychain may ask the user to unlock it first: give them time.
    const auto error = secrets::writeAndWait(*keychain, secrets::kApiKeyName, key, 120'000);
    if (error && error->keychainUnavailable())
        return noKeychain(err, error->message);
    if (error) {
        err << "oilwatch config set-key: " << error->message << Qt::endl;
        return kExitFailure;
    }
    settings::SettingsStore store;
    if (!store.legacyApiKey().isEmpty()) {
        store.removeLegacyApiKey();
        err << "oilwatch config: removed the plain-text key from " << store.fileName() << Qt::endl;
    }
    err << "oilwatch config: API key stored in " << keychain->description() << Qt::endl;
    return kExitOk;
}

int unsetKey(QTextStream& err, secrets::SecretStore* keychain)
{
    settings::SettingsStore store;
    store.removeLegacyApiKey();
    if (!keychain)
        return noKeychain(err, QStringLiteral("no usable keychain: turned off with OILWATCH_NO_KEYCHAIN=1"));
    const auto error = secrets::removeAndWait(*keychain, secrets::kApiKeyName, 120'000);
    if (error && error->keychainUnavailable())
        return noKeychain(err, error->message);
    if (error) {
        err << "oilwatch config unset-key: " << error->message << Qt::endl;
        return kExitFailure;
    }
    return kExitOk;
}

int rejected(QTextStream& err, const settings::SettingError& error)
{
    err << "oilwatch config: " << error.describe() << Qt::endl;
    return kExitUsage;
}

} // namespace

QString configUsage()
{
    return QStringLiteral(
        "  oilwatch config list                 every setting with the value in effect (KEY=VALUE)\n"
        "  oilwatch config get KEY              the value in effect (the default when not set)\n"
        "  oilwatch config set KEY VALUE        validates and saves it\n"
        "  oilwatch config unset KEY            back to the default\n"
        "  oilwatch config set-key              reads the API key from stdin into the system keychain\n"
        "  oilwatch config unset-key            removes it from the keychain\n"
        "Keys: api.base_url, poll.interval_s, cache.backend, cache.redis_url, look.theme,\n"
        "      validation.clock_skew_s, validation.max_latest_age_h, validation.spike_default,\n"
        "      validation.range.CODE, validation.spike.CODE, resilience.SECTION.FIELD (see `config list`).\n"
        "The dashboard's Preferences edit the same settings. The API key is never a setting: it is read\n"
        "from OILPRICEAPI_KEY, else the keychain.\n");
}

ConfigParse parseConfigArguments(const QStringList& arguments)
{
    QStringList positional;
    bool verbose = false;
    for (const QString& argument : arguments) {
        if (argument == QLatin1String("--help") || argument == QLatin1String("-h"))
            return {std::nullopt, configUsage(), {}};
        if (argument == QLatin1String("--verbose") || argument == QLatin1String("-v"))
            verbose = true;
        else if (argument.startsWith(QLatin1String("--")))
            return {
                std::nullopt, std::nullopt, QStringLiteral("config: unknown option \"%1\"").arg(argument)};
        else
            positional << argument;
    }
    if (positional.isEmpty())
        return {std::nullopt, std::nullopt,
            QStringLiteral("config: say what to do: list, get, set, unset, set-key or unset-key")};
    const QString verb = positional.takeFirst();
    if (verb == QLatin1String("help"))
        return {std::nullopt, configUsage(), {}};
    struct Verb
    {
        const char* name;
        ConfigOptions::Action action;
        int arguments;
        const char* shape;
    };
    static const Verb verbs[] = {
        {"list", ConfigOptions::Action::List, 0, "config list"},
        {"get", ConfigOptions::Action::Get, 1, "config get KEY"},
        {"set", ConfigOptions::Action::Set, 2, "config set KEY VALUE"},
        {"unset", ConfigOptions::Action::Unset, 1, "config unset KEY"},
        {"set-key", ConfigOptions::Action::SetKey, 0,
            "config set-key (the key on stdin, never as an argument)"},
        {"unset-key", ConfigOptions::Action::UnsetKey, 0, "config unset-key"},
    };
    for (const Verb& candidate : verbs) {
        if (verb != QLatin1String(candidate.name))
            continue;
        if (positional.size() != candidate.arguments)
            return {std::nullopt, std::nullopt,
                QStringLiteral("usage: oilwatch %1").arg(QLatin1String(candidate.shape))};
        ConfigOptions options;
        options.action = candidate.action;
        options.key = positional.value(0);
        options.value = positional.value(1);
        options.verbose = verbose;
        return {options, std::nullopt, {}};
    }
    return {std::nullopt, std::nullopt,
        QStringLiteral("config: unknown action \"%1\" (list, get, set, unset, set-key, unset-key)")
            .arg(verb)};
}

int runConfig(const ConfigOptions& options, QTextStream& in, QTextStream& out, QTextStream& err,
    secrets::SecretStore* keychain)
{
    settings::SettingsStore store;
    switch (options.action) {
    case ConfigOptions::Action::List:
        for (const auto& [key, value] : store.list())
            out << key << '=' << shownInList(key, value) << '\n';
        out.flush();
        return kExitOk;
    case ConfigOptions::Action::Get: {
        const auto value = store.get(options.key);
        if (!value)
            return rejected(err, value.error());
        out << value.value() << Qt::endl;
        return kExitOk;
    }
    case ConfigOptions::Action::Set:
        if (const auto error = store.set(options.key, options.value))
            return rejected(err, *error);
        return kExitOk;
    case ConfigOptions::Action::Unset:
        if (const auto error = store.unset(options.key))
            return rejected(err, *error);
        return kExitOk;
    case ConfigOptions::Action::SetKey:
        return setKey(in, err, keychain);
    case ConfigOptions::Action::UnsetKey:
        return unsetKey(err, keychain);
    }
    return kExitUsage;
}

int runConfig(const ConfigOptions& options)
{
    QTextStream in(stdin);
    QTextStream out(stdout);
    QTextStream err(stderr);
    if (qEnvironmentVariableIntValue("OILWATCH_NO_KEYCHAIN") == 1)
        return runConfig(options, in, out, err, nullptr);
    secrets::KeychainSecretStore keychain;
    return runConfig(options, in, out, err, &keychain);
}

} // namespace oilwatch::app
