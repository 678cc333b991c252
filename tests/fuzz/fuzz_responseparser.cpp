// Fuzzes api::ResponseParser (parseLatest, parseHistoryPage, commodityItems, parseCommodities,
// parseTimestamp): every 2xx body the API sends goes through one of them.
//
// Input: a block of "Name: value" header lines up to the first empty line (for the history pagination
// headers), then the body; without an empty line all of it is the body. Invariants: a quote that comes out
// has a code, a finite price and a valid UTC timestamp (the contract's "anything we cannot trust is a
// BadResponse"); a refusal is a BadResponse with a one-line message; a commodity list is never empty and
// every commodity has a code.

#include "api/responseparser.h"
#include "fuzzcheck.h"

#include <cmath>
#include <cstdint>

#include <QTimeZone>

using namespace oilwatch::api;

namespace {

const QDateTime kReceived = QDateTime::fromSecsSinceEpoch(1'767'225'600, QTimeZone::utc());

bool isOneLine(const QString& text)
{
    for (const QChar c : text) {
        if (c == u'\n' || c == u'\r' || c == QChar::LineSeparator || c == QChar::ParagraphSeparator)
            return false;
    }
    return true;
}

void checkError(const ApiError& error)
{
    FUZZ_CHECK(error.kind == ErrorKind::BadResponse);
    FUZZ_CHECK(!error.message.isEmpty());
    FUZZ_CHECK(isOneLine(error.message));
    FUZZ_CHECK(isOneLine(error.excerpt));
    FUZZ_CHECK(isOneLine(error.describe()));
}

void checkQuote(const Quote& quote)
{
    FUZZ_CHECK(!quote.code.isEmpty());
    FUZZ_CHECK(std::isfinite(quote.price));
    FUZZ_CHECK(quote.createdAt.isValid());
    FUZZ_CHECK(quote.createdAt.offsetFromUtc() == 0);
    FUZZ_CHECK(quote.receivedAt == kReceived);
}

RawHeaders headersFrom(QByteArrayView block)
{
    RawHeaders headers;
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
    const QByteArray input(reinterpret_cast<const char*>(data), qsizetype(size));
    const qsizetype split = input.indexOf("\n\n");
    const RawHeaders headers = split < 0 ? RawHeaders() : headersFrom(QByteArrayView(input).first(split));
    const QByteArray body = split < 0 ? input : input.sliced(split + 2);

    if (const auto latest = ResponseParser::parseLatest(body, kReceived)) {
        FUZZ_CHECK(!latest.value().isEmpty());
        for (const Quote& quote : latest.value())
            checkQuote(quote);
    } else {
        checkError(latest.error());
    }

    if (const auto page = ResponseParser::parseHistoryPage(body, headers, kReceived)) {
        for (const Quote& quote : page.value().quotes)
            checkQuote(quote);
    } else {
        checkError(page.error());
    }

    const auto items = ResponseParser::commodityItems(body);
    const auto commodities = ResponseParser::parseCommodities(body);
    if (items) {
        FUZZ_CHECK(!items.value().isEmpty());
    } else {
        checkError(items.error());
    }
    if (commodities) {
        FUZZ_CHECK(items); // the same shapes are read
        FUZZ_CHECK(!commodities.value().isEmpty());
        for (const Commodity& commodity : commodities.value())
            FUZZ_CHECK(!commodity.code.isEmpty());
    } else {
        checkError(commodities.error());
    }

    const QDateTime time = ResponseParser::parseTimestamp(QString::fromUtf8(body.left(64)));
    if (time.isValid())
        FUZZ_CHECK(time.offsetFromUtc() == 0);
    return 0;
}
