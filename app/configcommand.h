#pragma once

#include <optional>

#include <QString>
#include <QStringList>

class QTextStream;

namespace oilwatch::secrets {
class SecretStore;
}

namespace oilwatch::app {

// oilwatch config list|get|set|unset|set-key|unset-key: the settings store (core/settings) and the API key
// in the keychain, from the command line, like `git config`.
struct ConfigOptions
{
    enum class Action
    {
        List,
        Get,
        Set,
        Unset,
        SetKey, // reads the key from stdin into the keychain
        UnsetKey, // removes it from the keychain
    };
    Action action = Action::List;
    QString key;
    QString value;
    bool verbose = false;
};

struct ConfigParse
{
    std::optional<ConfigOptions> options;
    std::optional<QString> help; // `config --help` or `config help`: this text on stdout, exit 0
    QString error; // when neither: a usage error (exit 2)
};

ConfigParse parseConfigArguments(const QStringList& arguments);
QString configUsage();

// Runs it against the application's settings and the system keychain (OILWATCH_NO_KEYCHAIN=1: none).
int runConfig(const ConfigOptions& options);
// The same with the streams and the keychain given, for tests; `keychain` null means none works here.
int runConfig(const ConfigOptions& options, QTextStream& in, QTextStream& out, QTextStream& err,
    secrets::SecretStore* keychain);

} // namespace oilwatch::app
