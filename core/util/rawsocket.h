#pragma once

#include <QtGlobal>

namespace oilwatch::util {

// The two things the simulator does below QTcpSocket, one function each, with a path per platform.

// Makes the next close of `descriptor` abortive: the peer sees a reset (RST), not an orderly FIN. SO_LINGER
// with a zero timeout on POSIX and on Windows (Winsock). Returns false when the system refused.
bool resetOnClose(qintptr descriptor);

// Sends straight to the kernel, without SIGPIPE when the peer is gone. Returns the bytes sent, 0 when none
// could go now or the platform has no such fast path (macOS has no MSG_NOSIGNAL, Windows no need for one):
// the caller then writes through Qt, which is always correct, only slower.
qint64 sendDirect(qintptr descriptor, const char* data, qint64 size);

} // namespace oilwatch::util
