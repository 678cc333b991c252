#include "app/apisetup.h"
#include "app/cachesetup.h"
#include "app/commands.h"
#include "app/lineoutput.h"
#include "storage/historystore.h"

#include <QCoreApplication>
#include <QTextStream>
#include <QTimeZone>

namespace oilwatch::app {

int runHistory(const HistoryOptions& options)
{
    setUpLogging(options.verbose);
    const QString dataDirectory = privateDataDirectory();
    if (dataDirectory.isEmpty()) {
        QTextStream(stderr) << "oilwatch history: cannot create the app-data folder" << Qt::endl;
        return kExitFailure;
    }
    const util::Clock& clock = util::SystemClock::instance();
    storage::HistoryStore store(dataDirectory + QStringLiteral("/history.sqlite"), clock);
    int exitCode = kExitOk;
    QObject context;
    store.open(&context, [&](const storage::StorageResult<storage::OpenReport>& opened) {
        if (!opened) {
            QTextStream(stderr) << "oilwatch history: " << opened.error().message << Qt::endl;
            exitCode = kExitFailure;
            QCoreApplication::exit(exitCode);
            return;
        }
        if (opened.value().warning)
            QTextStream(stderr) << "oilwatch history: " << opened.value().warning->message << Qt::endl;
    });
    // --to names a whole day: everything created on it is in.
    const QDateTime from = options.from.isValid() ? options.from.startOfDay(QTimeZone::utc()) : QDateTime();
    const QDateTime to = options.to.isValid() ? options.to.endOfDay(QTimeZone::utc()) : QDateTime();
    const storage::OriginFilter origins
        = options.origins.value_or(storage::OriginFilter::only(originFor(ApiChoice {})));
    const QString whose = origins.isAll() ? QStringLiteral("any origin") : origins.origin()->id();
    store.query(origins, options.code, from, to, &context,
        [&](const storage::StorageResult<QList<api::Quote>>& series) {
            if (!series) {
                if (exitCode == kExitOk)
                    QTextStream(stderr) << "oilwatch history: " << series.error().message << Qt::endl;
                QCoreApplication::exit(kExitFailure);
                return;
            }
            QTextStream out(stdout);
            if (series.value().isEmpty())
                QTextStream(stderr)
                    << "oilwatch history: nothing stored for " << options.code << " from " << whose
                    << " in that range (the dashboard and watch store every price they receive; --origin "
                       "picks another server, or all)"
                    << Qt::endl;
            else if (!options.json)
                out << historyHeaderLine() << '\n';
            for (const api::Quote& quote : series.value())
                out << (options.json ? historyJsonLine(quote) : historyTextLine(quote).toUtf8()) << '\n';
            out.flush();
            QCoreApplication::exit(kExitOk);
        });
    return QCoreApplication::exec();
}

} // namespace oilwatch::app
