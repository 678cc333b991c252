#pragma once

#include <memory>

#include <QObject>

namespace oilwatch::util {

// Turns a request to terminate into a Qt signal on the event loop, where it is safe to act on it:
// - POSIX (Linux, macOS): SIGINT and SIGTERM, through the self-pipe pattern (the handler only writes a byte);
// - Windows: Ctrl+C (as SIGINT), Ctrl+Break and closing the console (as SIGTERM), from the console control
//   handler, which Windows runs on a thread of its own.
// One watcher at a time: a second one replaces the first's handler.
class SignalWatcher final : public QObject
{
    Q_OBJECT
public:
    explicit SignalWatcher(QObject* parent = nullptr);
    ~SignalWatcher() override;

Q_SIGNALS:
    // SIGINT or SIGTERM (the numbers <csignal> gives them on every platform).
    void terminationRequested(int signalNumber);

private:
    struct Platform;
    std::unique_ptr<Platform> m_platform;
};

} // namespace oilwatch::util
