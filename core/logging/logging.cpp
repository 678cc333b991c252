#include "logging/logging.h"

#include "logging/redaction.h"
#include "util/ownerpermissions.h"

#include <map>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <string>

#include <QDir>
#include <QFile>
#include <QMutex>

namespace oilwatch::logging {

namespace {

// Masks secrets in every message before any real sink sees it, so no call site can leak the key by mistake.
class RedactingSink final : public spdlog::sinks::base_sink<std::mutex>
{
public:
    void setTargets(std::vector<spdlog::sink_ptr> targets)
    {
        std::lock_guard lock(mutex_);
        m_targets = std::move(targets);
    }

protected:
    void sink_it_(const spdlog::details::log_msg& msg) override
    {
        const QString original
            = QString::fromUtf8(msg.payload.data(), static_cast<qsizetype>(msg.payload.size()));
        const std::string redacted = redactSecrets(original).toStdString();
        spdlog::details::log_msg copy(msg);
        copy.payload = spdlog::string_view_t(redacted.data(), redacted.size());
        for (const auto& target : m_targets) {
            if (target->should_log(copy.level))
                target->log(copy);
        }
    }
    void flush_() override
    {
        for (const auto& target : m_targets)
            target->flush();
    }

private:
    std::vector<spdlog::sink_ptr> m_targets;
};

struct LoggingState
{
    QMutex mutex;
    std::shared_ptr<RedactingSink> sink = std::make_shared<RedactingSink>();
    std::map<std::string, std::shared_ptr<spdlog::logger>> loggers;
    spdlog::level::level_enum level = spdlog::level::info;
    QString filePath;
};

LoggingState& state()
{
    static LoggingState instance;
    return instance;
}

} // namespace

void initLogging(const LogOptions& options)
{
    LoggingState& s = state();
    QMutexLocker lock(&s.mutex);
    std::vector<spdlog::sink_ptr> targets;
    s.filePath.clear();
    if (!options.directory.isEmpty() && QDir().mkpath(options.directory)) {
        util::restrictToOwner(options.directory);
        const QString path = QDir(options.directory).filePath(QStringLiteral("oilwatch.log"));
        try {
            targets.push_back(std::make_shared<spdlog::sinks::rotating_file_sink_mt>(
                QFile::encodeName(path).toStdString(), options.maxFileBytes, options.maxFiles));
            util::restrictToOwner(path);
            s.filePath = path;
        } catch (const spdlog::spdlog_ex&) {
            // A log file we cannot open must not stop the app; stderr (if asked for) still works.
        }
    }
    if (options.toStderr)
        targets.push_back(
            std::make_shared<spdlog::sinks::stderr_color_sink_mt>(spdlog::color_mode::automatic));
    for (const auto& target : targets)
        target->set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %^%-5l%$ [%n] %v");
    s.sink->setTargets(std::move(targets));
    s.level = options.debug ? spdlog::level::debug : spdlog::level::info;
    for (auto& [name, log] : s.loggers)
        log->set_level(s.level);
}

std::shared_ptr<spdlog::logger> logger(const char* module)
{
    LoggingState& s = state();
    QMutexLocker lock(&s.mutex);
    auto it = s.loggers.find(module);
    if (it != s.loggers.end())
        return it->second;
    auto created = std::make_shared<spdlog::logger>(module, s.sink);
    created->set_level(s.level);
    created->flush_on(spdlog::level::warn);
    s.loggers.emplace(module, created);
    return created;
}

QString logFilePath()
{
    QMutexLocker lock(&state().mutex);
    return state().filePath;
}

} // namespace oilwatch::logging
