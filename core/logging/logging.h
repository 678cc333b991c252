#pragma once

#include <memory>
#include <spdlog/logger.h>

#include <QString>

namespace oilwatch::logging {

struct LogOptions
{
    QString directory; // where oilwatch.log rotates; empty: no file
    bool toStderr = false; // the CLI's --verbose
    bool debug = false; // debug level instead of info
    std::size_t maxFileBytes = 5 * 1024 * 1024;
    std::size_t maxFiles = 3;
};

// Sets up the sinks every module logger writes to. Every line passes through redactSecrets() first.
// Safe to call again (the CLI calls it once it has parsed --verbose).
void initLogging(const LogOptions& options);

// One logger per module ("api", "sim", "feed", "ui", "app", ...), created on first use.
std::shared_ptr<spdlog::logger> logger(const char* module);

// The path of the current log file, or empty.
QString logFilePath();

} // namespace oilwatch::logging
