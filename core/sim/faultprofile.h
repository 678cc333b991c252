#pragma once

#include <optional>
#include <variant>
#include <vector>

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <QStringList>
#include <QStringView>

namespace oilwatch::sim {

enum class LatencyKind
{
    None,
    Fixed,
    Uniform,
    LogNormal,
};

// Delay added before a response is written.
struct LatencySpec
{
    LatencyKind kind = LatencyKind::None;
    int fixedMs = 0; // Fixed
    int minMs = 0; // Uniform, inclusive
    int maxMs = 0;
    double medianMs = 0.0; // LogNormal: exp(mu) of the distribution
    double sigma = 0.0; // LogNormal: spread of the log
    double rate = 1.0; // share of requests that get the delay

    bool operator==(const LatencySpec&) const = default;
};

enum class FaultKind
{
    Status, // any status; 502 comes with an HTML body as a proxy would send it; `body` replaces the body
    Body, // the answer's status, with `body` in place of its body (`oilwatch sim --body`)
    RateLimit, // 429, hourly_circuit_breaker: retryable after Retry-After
    QuotaExhausted, // 429, exhausted + daily_counter: final until the next UTC midnight
    Hang, // reads the request, never answers
    SlowBody, // headers at once, then the body a few bytes at a time
    Reset, // part of the body, then a TCP reset
    Close, // orderly close without any answer
    EmptyBody, // 200 with Content-Length: 0
    MalformedJson,
    TruncatedJson, // a valid prefix, framed correctly
    PriceString, // "price":"62.5"
    PriceNull, // "price":null, the wire form of a non-finite price
    HugeBody, // valid JSON padded to bodyBytes
    // Bad data in well-formed price answers (latest and history only; the catalogue is left alone): what
    // core/validation must catch. Every price record of the answer is changed.
    Spike, // every price multiplied by factor
    ZeroPrice, // "price":0
    NegativePrice, // "price":-|price|
    FutureCreatedAt, // created_at moved shiftSec into the future
    StaleCreatedAt, // created_at moved shiftSec into the past
    WrongUnit, // unit replaced: by `unit`, or when empty by "gallon" ("barrel" where it already is gallon)
    WrongCurrency, // currency replaced: by `currency`, or when empty by "EUR" ("USD" where it is EUR)
};

// One fault and the share of /v1 requests it hits. Only the fields of its kind mean anything.
struct FaultRule
{
    static constexpr qint64 kDefaultHugeBytes = 8LL * 1024 * 1024;

    FaultKind kind = FaultKind::Status;
    double rate = 1.0;
    int status = 500;
    std::optional<QByteArray> body; // Status (optional) and Body: the body sent instead
    int retryAfterSec = 2; // RateLimit
    int chunkBytes = 16; // SlowBody
    int intervalMs = 100; // SlowBody
    qint64 afterBytes = -1; // Reset: body bytes sent before the reset; -1: half the body
    qint64 bodyBytes = kDefaultHugeBytes; // HugeBody
    double factor = 10.0; // Spike: a misplaced decimal point, the commonest bad print
    // FutureCreatedAt: an hour, far past any clock skew; StaleCreatedAt: 30 days, far past a long weekend.
    // 0 stands for the kind's default (see shiftSeconds()).
    qint64 shiftSec = 0;
    QString unit; // WrongUnit; empty: automatic
    QString currency; // WrongCurrency; empty: automatic

    static constexpr qint64 kDefaultFutureSec = 3600;
    static constexpr qint64 kDefaultStaleSec = 30LL * 86'400;
    qint64 shiftSeconds() const
    {
        if (shiftSec > 0)
            return shiftSec;
        return kind == FaultKind::StaleCreatedAt ? kDefaultStaleSec : kDefaultFutureSec;
    }
    // The kinds that corrupt the values of a price answer rather than its form or its delivery.
    bool isBadData() const { return kind >= FaultKind::Spike; }

    bool operator==(const FaultRule&) const = default;
};

enum class OutageMode
{
    Status503,
    Reset,
};

// Down for downSec, then up for upSec, on the simulator's clock from the moment the profile was set.
struct OutageSpec
{
    int downSec = 0; // 0: no outage
    int upSec = 0;
    bool repeat = true; // false: one outage, then up for good
    OutageMode mode = OutageMode::Status503;

    bool enabled() const { return downSec > 0; }
    bool operator==(const OutageSpec&) const = default;
};

struct FaultProfileError
{
    QString message; // one line, names the offending field: "faults[1].rate: must be a number from 0 to 1"
};

struct FaultProfile;
using FaultProfileResult = std::variant<FaultProfile, FaultProfileError>;

// What the simulator does wrong, and how often. Rules are exclusive: one roll per request picks at most one,
// in order, so their rates add up (to at most 1). Latency and outages are independent of the rules.
struct FaultProfile
{
    static constexpr int kMaxLatencyMs = 600'000;
    static constexpr qint64 kMaxHugeBytes = 256LL * 1024 * 1024;

    QString name = QStringLiteral("custom");
    std::optional<quint64> seed; // nullopt: the server's seed
    LatencySpec latency;
    std::vector<FaultRule> faults;
    OutageSpec outage;

    bool isHealthy() const
    {
        return latency.kind == LatencyKind::None && faults.empty() && !outage.enabled();
    }
    bool operator==(const FaultProfile&) const = default;

    static FaultProfileResult fromJson(QByteArrayView json);
    QByteArray toJson() const;

    static QStringList builtinNames();
    static std::optional<FaultProfile> builtin(QStringView name);
    // A built-in name, else the path of a JSON file. Errors start with the file name when there is one.
    static FaultProfileResult resolve(const QString& nameOrPath);

    static QByteArrayView kindName(FaultKind kind);
};

} // namespace oilwatch::sim
