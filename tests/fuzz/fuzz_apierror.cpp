// Fuzzes the error side of a response: api::failureOf, which turns what the transport got into a typed
// error, and through it api::ApiError::fromHttpResponse (every error body shape of the contract, §3.2),
// rateLimitFromHeaders and redactedExcerpt.
//
// Input: bytes 0-1 the HTTP status (0 to 999), byte 2 the transport outcome, then "Name: value" header lines
// up to the first empty line, then the body. Invariants: a 2xx without a transport error is no failure and
// everything else is one; the message is never empty and, like describe(), one line (it goes to logs and the
// status bar); the API key never appears in what describe() shows; waits are never negative; the exit code
// is one of the README's.

#include "api/httpfailure.h"
#include "fuzzcheck.h"
#include "logging/redaction.h"
#include "transport/httptransport.h"

#include <cstdint>

using namespace oilwatch;
using api::ApiError;
using api::ErrorKind;

namespace {

// A key as the API issues them: registered as the app registers the real one, so that redaction knows it.
const QString kKey = QStringLiteral("fuzzkey0123456789abcdef");

bool isOneLine(const QString& text)
{
    for (const QChar c : text) {
        if (c == u'\n' || c == u'\r' || c == QChar::LineSeparator || c == QChar::ParagraphSeparator)
            return false;
    }
    return true;
}

transport::RawHeaders headersFrom(QByteArrayView block)
{
    transport::RawHeaders headers;
    for (const QByteArrayView line : block.toByteArray().split('\n')) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0)
            headers.append({line.first(colon).toByteArray(), line.sliced(colon + 1).trimmed().toByteArray()});
    }
    return headers;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    static const bool registered = [] {
        logging::registerSecret(kKey);
        return true;
    }();
    (void)registered;
    if (size < 3)
        return 0;

    transport::HttpResponse response;
    response.status = (int(data[0]) << 8 | int(data[1])) % 1000;
    const int outcome = data[2] % 8;
    response.error = outcome < 7 ? transport::TransportError(outcome) : transport::TransportError::Rejected;
    response.errorString = QStringLiteral("transport said no");
    if (outcome == 7)
        response.rejection = transport::Rejection {
            transport::RejectionKind::CircuitOpen, QStringLiteral("circuit open"), 30};
    const QByteArray input(reinterpret_cast<const char*>(data) + 3, qsizetype(size) - 3);
    const qsizetype split = input.indexOf("\n\n");
    response.headers = split < 0 ? transport::RawHeaders() : headersFrom(QByteArrayView(input).first(split));
    response.body = split < 0 ? input : input.sliced(split + 2);

    const std::optional<ApiError> failure = api::failureOf(response);
    const bool success = response.error == transport::TransportError::None && response.status >= 200
        && response.status < 300;
    FUZZ_CHECK(failure.has_value() != success);
    if (!failure)
        return 0;

    const ApiError& error = *failure;
    FUZZ_CHECK(!error.message.isEmpty());
    FUZZ_CHECK(isOneLine(error.message));
    const QString shown = error.describe();
    FUZZ_CHECK(isOneLine(shown));
    FUZZ_CHECK(!shown.contains(kKey));
    FUZZ_CHECK(error.exitCode() >= 2 && error.exitCode() <= 6);
    if (error.rateLimit.retryAfterSec)
        FUZZ_CHECK(*error.rateLimit.retryAfterSec >= 0);
    FUZZ_CHECK(error.excerpt.size() <= 161);
    (void)error.isRetryable();
    if (response.error == transport::TransportError::None) {
        FUZZ_CHECK(error.httpStatus == response.status);
        FUZZ_CHECK(error.kind != ErrorKind::BadResponse && error.kind != ErrorKind::Network);
    }

    // The excerpt on its own, at a few lengths.
    for (const int maxChars : {0, 1, 16, 160}) {
        const QString excerpt = api::redactedExcerpt(response.body, maxChars);
        FUZZ_CHECK(excerpt.size() <= maxChars + 1);
        FUZZ_CHECK(!excerpt.contains(kKey));
        FUZZ_CHECK(isOneLine(excerpt));
    }
    return 0;
}
