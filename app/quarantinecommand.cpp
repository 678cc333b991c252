#include "app/apisetup.h"
#include "app/cachesetup.h"
#include "app/commands.h"
#include "app/lineoutput.h"
#include "storage/historystore.h"

#include <QCoreApplication>
#include <QTextStream>

namespace oilwatch::app {

int runQuarantine(const QuarantineOptions& options)
{
    setUpLogging(options.verbose);
    const QString dataDirectory = privateDataDirectory();
    if (dataDirectory.isEmpty()) {
        QTextStream(stderr) << "oilwatch quarantine: cannot create the app-data folder" << Qt::endl;
        return kExitFailure;
    }
    storage::HistoryStore store(
        dataDirectory + QStringLiteral("/history.sqlite"), util::SystemClock::instance());
    QObject context;
    store.open(&context, [](const storage::StorageResult<storage::OpenReport>& opened) {
        // A failed open answers the read below with its error: reported there, once.
        if (opened && opened.value().warning)
            QTextStream(stderr) << "oilwatch quarantine: " << opened.value().warning->message << Qt::endl;
    });
    const storage::OriginFilter origins
        = options.origins.value_or(storage::OriginFilter::only(originFor(ApiChoice {})));
    store.quarantined(origins, options.codes, options.limit, &context,
        [&](const storage::StorageResult<QList<storage::QuarantineRecord>>& records) {
            if (!records) {
                QTextStream(stderr) << "oilwatch quarantine: " << records.error().message << Qt::endl;
                QCoreApplication::exit(kExitFailure);
                return;
            }
            QTextStream out(stdout);
            if (records.value().isEmpty())
                QTextStream(stderr) << "oilwatch quarantine: no rejected quotes from "
                                    << (origins.isAll() ? QStringLiteral("any origin")
                                                        : origins.origin()->id())
                                    << " (--origin picks another server, or all)" << Qt::endl;
            else if (!options.json)
                out << quarantineHeaderLine() << '\n';
            for (const storage::QuarantineRecord& record : records.value())
                out << (options.json ? quarantineJsonLine(record) : quarantineTextLine(record).toUtf8())
                    << '\n';
            out.flush();
            QCoreApplication::exit(kExitOk);
        });
    return QCoreApplication::exec();
}

} // namespace oilwatch::app
