#include "util/signalwatcher.h"

#include <csignal>

#include <QtGlobal>

#ifdef Q_OS_WIN
#include <windows.h>

#include <QMetaObject>
#include <QPointer>
#else
#include <sys/socket.h>
#include <unistd.h>

#include <QSocketNotifier>
#endif

namespace oilwatch::util {

#ifdef Q_OS_WIN

namespace {

QPointer<SignalWatcher> g_watcher;

BOOL WINAPI onConsoleEvent(DWORD event)
{
    const int number = event == CTRL_C_EVENT ? SIGINT : SIGTERM;
    // Windows calls this on its own thread: a queued call hands the event to the watcher's thread.
    if (SignalWatcher* watcher = g_watcher.data()) {
        QMetaObject::invokeMethod(
            watcher, [watcher, number] { Q_EMIT watcher->terminationRequested(number); },
            Qt::QueuedConnection);
        return TRUE;
    }
    return FALSE;
}

} // namespace

struct SignalWatcher::Platform
{ };

SignalWatcher::SignalWatcher(QObject* parent)
    : QObject(parent)
    , m_platform(std::make_unique<Platform>())
{
    g_watcher = this;
    ::SetConsoleCtrlHandler(onConsoleEvent, TRUE);
}

SignalWatcher::~SignalWatcher()
{
    ::SetConsoleCtrlHandler(onConsoleEvent, FALSE);
    g_watcher = nullptr;
}

#else

namespace {

int g_pipe[2] = {-1, -1};

void onSignal(int number)
{
    const char byte = static_cast<char>(number);
    [[maybe_unused]] const auto written = ::write(g_pipe[1], &byte, 1);
}

} // namespace

struct SignalWatcher::Platform
{
    std::unique_ptr<QSocketNotifier> notifier;
};

SignalWatcher::SignalWatcher(QObject* parent)
    : QObject(parent)
    , m_platform(std::make_unique<Platform>())
{
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_pipe) != 0)
        return;
    m_platform->notifier = std::make_unique<QSocketNotifier>(g_pipe[0], QSocketNotifier::Read);
    connect(m_platform->notifier.get(), &QSocketNotifier::activated, this, [this] {
        char byte = 0;
        if (::read(g_pipe[0], &byte, 1) == 1)
            Q_EMIT terminationRequested(byte);
    });
    struct sigaction action = {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    ::sigaction(SIGINT, &action, nullptr);
    ::sigaction(SIGTERM, &action, nullptr);
}

SignalWatcher::~SignalWatcher()
{
    ::signal(SIGINT, SIG_DFL);
    ::signal(SIGTERM, SIG_DFL);
    m_platform->notifier.reset();
    for (int& fd : g_pipe) {
        if (fd >= 0)
            ::close(fd);
        fd = -1;
    }
}

#endif

} // namespace oilwatch::util
