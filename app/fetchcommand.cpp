#include "api/oilpriceapiclient.h"
#include "app/apisetup.h"
#include "app/apistack.h"
#include "app/commands.h"
#include "app/lineoutput.h"

#include <cstdio>

#include <QCoreApplication>
#include <QTextStream>

namespace oilwatch::app {

namespace {

int fail(const api::ApiError& error)
{
    QTextStream(stderr) << "oilwatch fetch: " << error.describe() << Qt::endl;
    return error.exitCode();
}

} // namespace

int runFetch(const FetchOptions& options)
{
    setUpLogging(options.verbose);
    auto choice = chooseApi({options.demo, options.baseUrl, options.timeoutMs});
    if (auto* error = std::get_if<api::ApiError>(&choice))
        return fail(*error);
    ApiSetup setup = std::move(std::get<ApiSetup>(choice));
    if (setup.simulated && !options.json)
        QTextStream(stderr) << "oilwatch fetch: no API key: simulated prices from the built-in simulator"
                            << Qt::endl;

    ApiStack stack(setup.config);
    api::OilPriceApiClient& client = stack.client();
    int exitCode = kExitOk;
    QObject context;
    client.latestMany(options.codes, &context,
        [&](const api::Result<QList<api::Quote>>& result, const api::FetchInfo& info) {
            if (!result) {
                exitCode = fail(result.error());
            } else {
                QTextStream out(stdout);
                for (const QString& code : options.codes) {
                    const auto it = std::find_if(result.value().begin(), result.value().end(),
                        [&code](const api::Quote& quote) { return quote.code == code; });
                    if (it == result.value().end()) {
                        exitCode = fail(api::ApiError::make(api::ErrorKind::BadResponse,
                            QStringLiteral("no price for %1 in the response").arg(code)));
                        continue;
                    }
                    if (options.json)
                        out << quoteJsonLine(*it, info) << '\n';
                    else
                        out << quoteTextLine(*it, info) << '\n';
                }
                out.flush();
            }
            QCoreApplication::exit(exitCode);
        });
    QCoreApplication::exec();
    return exitCode;
}

} // namespace oilwatch::app
