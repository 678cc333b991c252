// Fuzzes sim::HttpRequestParser (feed / next / peek / pop, error(), bufferedBytes()), the parser every
// byte a client sends to `oilwatch sim` goes through.
//
// Input: the first byte picks the chunk size the second parser is fed with; the rest are the bytes on the
// wire. Invariants:
// - chunking never changes the result: the same bytes fed at once and fed in chunks give the same requests,
//   field by field, and the same error;
// - the parser never accounts for more bytes than it was given: what it still holds plus the smallest size
//   of every request it handed out fits in the bytes fed;
// - the limits hold (head 16 KiB, body 64 KiB), an error is final (no request after it, feeding more does
//   nothing), and the header / query lookups work on whatever came out.

#include "fuzzcheck.h"
#include "sim/httprequestparser.h"

#include <cstdint>
#include <vector>

using oilwatch::sim::HttpParseError;
using oilwatch::sim::HttpRequest;
using oilwatch::sim::HttpRequestParser;

namespace {

struct Outcome
{
    std::vector<HttpRequest> requests;
    HttpParseError error = HttpParseError::None;
};

// The fewest bytes a request can take on the wire: "M T HTTP/1.x" + line end, its headers, its body.
qsizetype smallestWireSize(const HttpRequest& request)
{
    qsizetype size = request.method.size() + 1 + request.target.size() + 1 + 8 + 1;
    for (const auto& [name, value] : request.headers)
        size += name.size() + 1 + value.size() + 1;
    return size + 1 + request.body.size();
}

void checkRequest(const HttpRequest& request)
{
    FUZZ_CHECK(!request.method.isEmpty());
    FUZZ_CHECK(!request.target.isEmpty());
    FUZZ_CHECK(request.versionMinor == 0 || request.versionMinor == 1);
    FUZZ_CHECK(request.body.size() <= HttpRequestParser::kMaxBodyBytes);
    FUZZ_CHECK(request.method.size() + request.target.size() <= HttpRequestParser::kMaxHeaderBytes);
    FUZZ_CHECK(request.path.size() <= request.target.size());
    FUZZ_CHECK(request.query.size() < request.target.size());
    if (request.versionMinor == 1)
        FUZZ_CHECK(request.hasHeader("host"));
    FUZZ_CHECK(!request.hasHeader("transfer-encoding"));
    // The lookups the router does, on whatever the parser let through.
    for (const auto& [name, value] : request.headers) {
        FUZZ_CHECK(request.hasHeader(name));
        (void)value;
    }
    (void)request.header("Authorization");
    (void)request.queryValue("by_code");
    (void)request.queryValue("");
    (void)request.rawQueryValue("page");
}

// Feeds `bytes` in chunks of `chunk`, taking requests out as they complete, half of the time through
// next() and half through peek()/pop().
Outcome run(const uint8_t* data, size_t size, size_t chunk)
{
    Outcome out;
    HttpRequestParser parser;
    qsizetype fed = 0;
    qsizetype handedOut = 0;
    for (size_t at = 0; at < size; at += chunk) {
        const size_t n = std::min(chunk, size - at);
        const bool failedBefore = parser.hasError();
        parser.feed(QByteArrayView(reinterpret_cast<const char*>(data) + at, qsizetype(n)));
        fed += qsizetype(n);
        if (failedBefore) {
            FUZZ_CHECK(parser.error() == out.error); // an error is final
            FUZZ_CHECK(!parser.hasPendingRequest());
        }
        FUZZ_CHECK(parser.bufferedBytes() >= 0);
        FUZZ_CHECK(parser.bufferedBytes()
            <= HttpRequestParser::kMaxHeaderBytes + HttpRequestParser::kMaxBodyBytes + qsizetype(chunk));
        FUZZ_CHECK(parser.pendingRequestCount() >= 0);
        while (parser.hasPendingRequest()) {
            const HttpRequest* peeked = parser.peek();
            FUZZ_CHECK(peeked != nullptr);
            checkRequest(*peeked);
            handedOut += smallestWireSize(*peeked);
            if (out.requests.size() % 2 == 0) {
                std::optional<HttpRequest> request = parser.next();
                FUZZ_CHECK(request.has_value());
                out.requests.push_back(std::move(*request));
            } else {
                out.requests.push_back(*peeked);
                parser.pop();
            }
        }
        FUZZ_CHECK(parser.peek() == nullptr);
        FUZZ_CHECK(!parser.next().has_value());
        // Never more bytes accounted for than were fed.
        FUZZ_CHECK(handedOut + (parser.hasError() ? 0 : parser.bufferedBytes()) <= fed);
        out.error = parser.error();
    }
    if (parser.hasError()) {
        FUZZ_CHECK(parser.bufferedBytes() == 0);
        const int status = HttpRequestParser::statusCode(parser.error());
        FUZZ_CHECK(status >= 400 && status <= 505);
        FUZZ_CHECK(HttpRequestParser::describe(parser.error())[0] != '\0');
        parser.feed("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        FUZZ_CHECK(!parser.hasPendingRequest());
    }
    return out;
}

bool sameRequest(const HttpRequest& a, const HttpRequest& b)
{
    return a.method == b.method && a.target == b.target && a.path == b.path && a.query == b.query
        && a.versionMinor == b.versionMinor && a.headers == b.headers && a.body == b.body
        && a.keepAlive == b.keepAlive;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size == 0)
        return 0;
    const size_t chunk = size_t(data[0] % 64) + 1;
    ++data;
    --size;
    const Outcome whole = run(data, size, size == 0 ? 1 : size);
    const Outcome chunked = run(data, size, chunk);
    FUZZ_CHECK(whole.error == chunked.error);
    FUZZ_CHECK(whole.requests.size() == chunked.requests.size());
    for (size_t i = 0; i < whole.requests.size(); ++i)
        FUZZ_CHECK(sameRequest(whole.requests[i], chunked.requests[i]));
    return 0;
}
