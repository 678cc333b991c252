#include "app/cachesetup.h"
#include "app/commands.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

namespace oilwatch::app {

namespace {

int fail(const api::ApiError& error)
{
    QTextStream(stderr) << "oilwatch cache: " << error.describe() << Qt::endl;
    return error.exitCode();
}

} // namespace

int runCache(const CacheOptions& options)
{
    setUpLogging(options.verbose);
    const QString dataDirectory = privateDataDirectory();
    if (dataDirectory.isEmpty()) {
        QTextStream(stderr) << "oilwatch cache: cannot create the app-data folder" << Qt::endl;
        return kExitFailure;
    }
    auto choice = chooseCache(dataDirectory, options.cacheUrl);
    if (auto* error = std::get_if<api::ApiError>(&choice))
        return fail(*error);
    auto made = makePriceCache(std::get<CacheChoice>(choice), util::SystemClock::instance());
    if (auto* error = std::get_if<api::ApiError>(&made))
        return fail(*error);
    CacheBackend& backend = std::get<CacheBackend>(made);

    QTextStream out(stdout);
    if (options.action == CacheOptions::Action::Clear) {
        const qint64 entries = backend.cache->stats().entries;
        backend.cache->clear();
        out << "cleared " << entries << " entr" << (entries == 1 ? "y" : "ies") << " from the "
            << backend.description << " cache" << Qt::endl;
        return kExitOk;
    }
    const cache::CacheStats stats = backend.cache->stats();
    const qint64 lookups = stats.hits + stats.misses;
    const double hitRatio = lookups > 0 ? double(stats.hits) / double(lookups) : 0.0;
    if (options.json) {
        out << QJsonDocument(QJsonObject {
                                 {QStringLiteral("type"), QStringLiteral("cache_stats")},
                                 {QStringLiteral("backend"), backend.description},
                                 {QStringLiteral("persistent"), backend.persistent},
                                 {QStringLiteral("entries"), stats.entries},
                                 {QStringLiteral("bytes"), stats.bytes},
                                 {QStringLiteral("hits"), stats.hits},
                                 {QStringLiteral("misses"), stats.misses},
                                 {QStringLiteral("hit_ratio"), hitRatio},
                             })
                   .toJson(QJsonDocument::Compact)
            << Qt::endl;
        return kExitOk;
    }
    out << "backend:   " << backend.description << '\n'
        << "entries:   " << stats.entries << '\n'
        << "bytes:     " << stats.bytes << '\n'
        << "hits:      " << stats.hits << '\n'
        << "misses:    " << stats.misses << '\n'
        << "hit ratio: " << QString::number(hitRatio * 100.0, 'f', 1) << " %" << Qt::endl;
    return kExitOk;
}

} // namespace oilwatch::app
