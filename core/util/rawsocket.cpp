#include "util/rawsocket.h"

#ifdef Q_OS_WIN
#include <winsock2.h>
#else
#include <sys/socket.h>
#endif

namespace oilwatch::util {

bool resetOnClose(qintptr descriptor)
{
    const linger hard {1, 0};
#ifdef Q_OS_WIN
    return ::setsockopt(SOCKET(descriptor), SOL_SOCKET, SO_LINGER, reinterpret_cast<const char*>(&hard),
               int(sizeof hard))
        == 0;
#else
    return ::setsockopt(int(descriptor), SOL_SOCKET, SO_LINGER, &hard, sizeof hard) == 0;
#endif
}

qint64 sendDirect(qintptr descriptor, const char* data, qint64 size)
{
#ifdef MSG_NOSIGNAL
    const auto sent = ::send(int(descriptor), data, size_t(size), MSG_NOSIGNAL);
    return sent > 0 ? qint64(sent) : 0;
#else
    Q_UNUSED(descriptor);
    Q_UNUSED(data);
    Q_UNUSED(size);
    return 0;
#endif
}

} // namespace oilwatch::util
