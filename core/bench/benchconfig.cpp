#include "bench/benchconfig.h"

#include "logging/redaction.h"

#include <cmath>

#include <QJsonArray>
#include <QRegularExpression>

namespace oilwatch::bench {

namespace {

// Open model: request i is due at i / rate, so a phase of `ms` holds every i with i / rate < ms / 1000.
qint64 requestsDueWithin(double ratePerSec, std::chrono::milliseconds phase)
{
    if (phase.count() <= 0)
        return 0;
    const double exact = ratePerSec * double(phase.count()) / 1000.0;
    // 1000/s for 1 s is 1000 requests, not 1001 because the product came out a hair above 1000.
    return qint64(std::ceil(exact * (1.0 - 1e-12)));
}

} // namespace

QString targetKindName(TargetKind kind)
{
    switch (kind) {
    case TargetKind::Simulator:
        return QStringLiteral("sim");
    case TargetKind::LiveApi:
        return QStringLiteral("live");
    case TargetKind::Url:
        return QStringLiteral("url");
    }
    return QStringLiteral("sim");
}

QString loadModelName(LoadModel model)
{
    return model == LoadModel::Open ? QStringLiteral("open") : QStringLiteral("closed");
}

QString engineKindName(EngineKind kind)
{
    return kind == EngineKind::Pipeline ? QStringLiteral("pipeline") : QStringLiteral("raw");
}

std::optional<QString> BenchConfig::validate() const
{
    if (concurrency < 1 || concurrency > kMaxConcurrency)
        return QStringLiteral("Concurrency must be between 1 and %1 (it is %2).")
            .arg(kMaxConcurrency)
            .arg(concurrency);
    if (model == LoadModel::Open && !(ratePerSec > 0.0 && std::isfinite(ratePerSec)))
        return QStringLiteral("The open model needs a rate above 0 requests per second.");
    if (!duration && !requestCount)
        return QStringLiteral("Set a duration or a number of requests.");
    if (requestCount && *requestCount < 1)
        return QStringLiteral("The number of requests must be at least 1 (it is %1).").arg(*requestCount);
    if (!requestCount && duration->count() <= 0)
        return QStringLiteral("The duration must be above 0 ms (it is %1 ms).").arg(duration->count());
    if (warmup.count() < 0)
        return QStringLiteral("The warm-up cannot be negative (it is %1 ms).").arg(warmup.count());
    if (requestTimeout.count() <= 0)
        return QStringLiteral("The request timeout must be above 0 ms (it is %1 ms).")
            .arg(requestTimeout.count());
    if (threads < 0 || threads > kMaxThreads)
        return QStringLiteral("Threads must be between 0 (automatic) and %1 (it is %2).")
            .arg(kMaxThreads)
            .arg(threads);
    if (target == TargetKind::Url) {
        const QString scheme = url.scheme().toLower();
        if (!url.isValid() || (scheme != QLatin1String("http") && scheme != QLatin1String("https")))
            return QStringLiteral("The URL must start with http:// or https:// (it is \"%1\").")
                .arg(redacted(url.toString(QUrl::RemoveUserInfo)));
        if (url.host().isEmpty())
            return QStringLiteral("The URL has no host (it is \"%1\").")
                .arg(redacted(url.toString(QUrl::RemoveUserInfo)));
    } else if (!endpoint.startsWith(QLatin1Char('/'))) {
        return QStringLiteral("The endpoint must start with \"/\" (it is \"%1\").").arg(redacted(endpoint));
    }
    // The key would go to a server nobody vouched for: never with the real API.
    if (insecure && target == TargetKind::LiveApi)
        return QStringLiteral(
            "Skipping certificate checks is for test servers: the live API always verifies its certificate.");
    if (target == TargetKind::LiveApi && apiKey.trimmed().isEmpty())
        return QStringLiteral(
            "The live API needs an API key: set one in the settings or in OILPRICEAPI_KEY.");
    if (target == TargetKind::Simulator && faultProfile.trimmed().isEmpty())
        return QStringLiteral("The simulator needs a fault profile (\"healthy\" for none).");
    return std::nullopt;
}

qint64 BenchConfig::plannedRequests() const
{
    if (model == LoadModel::Closed) {
        // The closed model's pace is the server's: only a request count with no warm-up is known ahead.
        if (requestCount && warmup.count() == 0)
            return *requestCount;
        return -1;
    }
    if (!(ratePerSec > 0.0 && std::isfinite(ratePerSec)))
        return -1;
    const qint64 warm = requestsDueWithin(ratePerSec, warmup);
    if (requestCount)
        return warm + *requestCount;
    if (duration)
        return warm + requestsDueWithin(ratePerSec, *duration);
    return -1;
}

QJsonObject BenchConfig::toJson() const
{
    QJsonObject json;
    json.insert(QStringLiteral("target"), targetKindName(target));
    if (target == TargetKind::Url)
        json.insert(QStringLiteral("url"), redacted(url.toString(QUrl::RemoveUserInfo)));
    else
        json.insert(QStringLiteral("endpoint"), redacted(endpoint));
    json.insert(QStringLiteral("codes"), QJsonArray::fromStringList(codes));
    if (target == TargetKind::Simulator)
        json.insert(QStringLiteral("fault_profile"), redacted(faultProfile));
    json.insert(QStringLiteral("model"), loadModelName(model));
    json.insert(QStringLiteral("concurrency"), concurrency);
    json.insert(
        QStringLiteral("rate_per_sec"), model == LoadModel::Open ? QJsonValue(ratePerSec) : QJsonValue());
    json.insert(QStringLiteral("duration_ms"),
        duration && !requestCount ? QJsonValue(qint64(duration->count())) : QJsonValue());
    json.insert(QStringLiteral("request_count"), requestCount ? QJsonValue(*requestCount) : QJsonValue());
    json.insert(QStringLiteral("warmup_ms"), qint64(warmup.count()));
    json.insert(QStringLiteral("request_timeout_ms"), qint64(requestTimeout.count()));
    json.insert(QStringLiteral("engine"), engineKindName(engine));
    json.insert(QStringLiteral("threads"), threads);
    json.insert(QStringLiteral("record_each_request"), recordEachRequest);
    json.insert(QStringLiteral("insecure"), insecure);
    return json;
}

QString BenchConfig::redacted(const QString& text) const
{
    // "scheme://user:password@host": the user info goes, the rest of the URL stays readable.
    static const QRegularExpression userInfo(QStringLiteral(R"(([A-Za-z][A-Za-z0-9+.\-]*://)[^/?#@\s]*@)"));
    QString out = text;
    out.replace(userInfo, QStringLiteral("\\1"));
    const QString key = QString::fromUtf8(apiKey).trimmed();
    if (!key.isEmpty())
        out.replace(key, QStringLiteral("***"));
    return logging::redactSecrets(out);
}

} // namespace oilwatch::bench
