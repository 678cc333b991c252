#pragma once

#include <optional>

#include <QString>
#include <QStringList>

namespace oilwatch::app {

// The usage text, one section per command, so that `oilwatch help CMD` and `oilwatch CMD --help` print the
// part a user asked about and `oilwatch --help` prints them all from the same source.

// The commands that have a section, in the order --help lists them ("" is the dashboard).
QStringList commandsWithHelp();
// The section of one command with the exit codes; nullopt for a command that does not exist.
std::optional<QString> commandHelp(const QString& command);
// Every section, the environment, the files and the exit codes.
QString helpText();

} // namespace oilwatch::app
