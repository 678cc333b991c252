#pragma once

#include <chrono>
#include <optional>

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace oilwatch::bench {

enum class TargetKind
{
    Simulator, // the built-in simulator, started in-process by the run, with `faultProfile`
    LiveApi, // https://api.oilpriceapi.com with the user's key: every request counts against the quota
    Url, // any http(s) URL
};

enum class LoadModel
{
    Closed, // `concurrency` workers, each sends its next request when the previous one finished
    Open, // a constant arrival rate: request i is due at start + i / ratePerSec, whatever the answers do
};

enum class EngineKind
{
    Raw, // our lean HTTP/1.1 engine on QTcpSocket / QSslSocket: measures the server
    Pipeline, // the app's own client stack on QNetworkAccessManager (retries, breaker; cache off)
};

QString targetKindName(TargetKind kind); // "sim", "live", "url"
QString loadModelName(LoadModel model); // "closed", "open"
QString engineKindName(EngineKind kind); // "raw", "pipeline"

// What one run does. Plain data: the CLI and the panel both fill it in and validate() it.
struct BenchConfig
{
    TargetKind target = TargetKind::Simulator;
    // Url: the full URL. LiveApi and Simulator: built from the base URL, `endpoint` and `codes`.
    QUrl url;
    QString endpoint = QStringLiteral("/v1/prices/latest");
    QStringList codes; // by_code query parameter; empty: the endpoint's default
    QString faultProfile = QStringLiteral("healthy"); // Simulator only: a built-in name or a JSON file
    QByteArray apiKey; // sent as "Authorization: Token <key>"; never logged, exported or shown

    LoadModel model = LoadModel::Closed;
    int concurrency = 16; // Closed: workers. Open: the most requests in flight at once
    double ratePerSec = 0.0; // Open only
    std::optional<std::chrono::milliseconds> duration {std::chrono::seconds(10)}; // measured phase
    std::optional<qint64> requestCount; // measured requests; used instead of duration when set
    std::chrono::milliseconds warmup {0}; // run before the measured phase, its results dropped
    std::chrono::milliseconds requestTimeout {std::chrono::seconds(30)};
    EngineKind engine = EngineKind::Raw;
    int threads = 0; // worker threads; 0: chosen from the machine and the concurrency
    bool recordEachRequest = false; // keeps one record per request for the per-request CSV
    // https only: accept any certificate (self-signed, expired, another host's), like curl -k. The traffic is
    // still encrypted, but nothing proves who answers. Off by default; the reports say when it was on.
    bool insecure = false;

    // A clear message for the first thing that is wrong, or nothing.
    std::optional<QString> validate() const;
    // How many requests the run will send, warm-up included, or -1 when it cannot be known in advance
    // (closed model with a duration). The panel shows it before a live-API run.
    qint64 plannedRequests() const;
    // The settings as exported in the JSON report; the key is never included.
    QJsonObject toJson() const;
    // `text` with this config's key and anything shaped like a credential masked: for every string an
    // export or a message takes from outside (URLs, error kinds).
    QString redacted(const QString& text) const;
};

inline constexpr int kMaxConcurrency = 10'000;
inline constexpr int kMaxThreads = 256;

} // namespace oilwatch::bench
