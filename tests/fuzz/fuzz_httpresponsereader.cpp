// Fuzzes bench::HttpResponseReader (consume / connectionClosed / reset), which frames the responses the raw
// benchmark engine reads off a keep-alive connection.
//
// Input: the first byte picks the size of the reads the second run sees; the rest is what the server sent.
// The harness drives the reader as the engine does: consume until a response is complete, then reset for the
// next one while the connection may be reused, and report a close at the end. Invariants:
// - consume() never claims more bytes than it was given, and always makes progress while it still wants
//   bytes (a zero return with input left would spin the engine forever);
// - a complete response has a status from 100 to 999, an error has a reason;
// - how the bytes are split into reads never changes the responses seen (status, keep-alive) or the error.

#include "bench/httpresponsereader.h"
#include "fuzzcheck.h"

#include <cstdint>
#include <cstring>
#include <vector>

using oilwatch::bench::HttpResponseReader;

namespace {

struct Seen
{
    int status;
    bool keepAlive;
    bool error;
    bool operator==(const Seen&) const = default;
};

std::vector<Seen> run(QByteArrayView wire, qsizetype readSize)
{
    std::vector<Seen> seen;
    HttpResponseReader reader;
    FUZZ_CHECK(!reader.hasStarted());
    bool open = true; // the connection may carry another response
    for (qsizetype at = 0; open && at < wire.size(); at += readSize) {
        QByteArrayView read = wire.sliced(at, std::min(readSize, wire.size() - at));
        while (open && !read.isEmpty()) {
            const qsizetype used = reader.consume(read);
            FUZZ_CHECK(used >= 0 && used <= read.size());
            FUZZ_CHECK(used > 0 || reader.isComplete() || reader.hasError());
            FUZZ_CHECK(reader.hasStarted());
            read = read.sliced(used);
            if (reader.hasError()) {
                FUZZ_CHECK(std::strlen(reader.errorText()) > 0);
                FUZZ_CHECK(!reader.keepAlive());
                seen.push_back({0, false, true});
                open = false;
            } else if (reader.isComplete()) {
                FUZZ_CHECK(reader.status() >= 100 && reader.status() <= 999);
                seen.push_back({reader.status(), reader.keepAlive(), false});
                open = reader.keepAlive();
                reader.reset();
                FUZZ_CHECK(!reader.hasStarted() && reader.state() == HttpResponseReader::State::Head);
            }
        }
    }
    if (open && reader.hasStarted()) {
        reader.connectionClosed();
        FUZZ_CHECK(reader.isComplete() || reader.hasError());
        if (reader.isComplete())
            FUZZ_CHECK(!reader.keepAlive());
        seen.push_back({reader.isComplete() ? reader.status() : 0, reader.keepAlive(), reader.hasError()});
    }
    return seen;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size == 0)
        return 0;
    const qsizetype readSize = qsizetype(data[0] % 32) + 1;
    const QByteArrayView wire(reinterpret_cast<const char*>(data) + 1, qsizetype(size) - 1);
    const std::vector<Seen> whole = run(wire, std::max<qsizetype>(wire.size(), 1));
    const std::vector<Seen> pieces = run(wire, readSize);
    FUZZ_CHECK(whole == pieces);
    return 0;
}
