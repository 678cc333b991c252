#include "util/threadpriority.h"

#include <algorithm>

#include <QThread>
#include <QtGlobal>

#ifdef Q_OS_LINUX
#include <cerrno>
#include <sys/resource.h>
#include <unistd.h>
#endif

namespace oilwatch::util {

#ifdef Q_OS_LINUX

int currentThreadNice()
{
    // -1 is a valid nice value: only errno tells it from a failure.
    errno = 0;
    const int nice = getpriority(PRIO_PROCESS, id_t(gettid()));
    return errno == 0 ? nice : 0;
}

bool lowerCurrentThreadPriority()
{
    // Linux keeps a nice value per thread, so PRIO_PROCESS with a thread id changes this thread alone.
    const int target = std::min(currentThreadNice() + kBackgroundNiceSteps, 19);
    return setpriority(PRIO_PROCESS, id_t(gettid()), target) == 0;
}

#else

int currentThreadNice()
{
    return 0;
}

bool lowerCurrentThreadPriority()
{
    QThread* thread = QThread::currentThread();
    // Lowering only: a thread already below LowPriority keeps its priority.
    if (thread->priority() > QThread::LowPriority)
        thread->setPriority(QThread::LowPriority);
    return true;
}

#endif

} // namespace oilwatch::util
