#include "app/commands.h"
#include "app/signalwatcher.h"
#include "logging/logging.h"
#include "sim/simserver.h"

#include <QCoreApplication>
#include <QTextStream>

namespace oilwatch::app {

int runSim(const SimOptions& options)
{
    setUpLogging(options.verbose);
    sim::SimOptions simOptions;
    simOptions.port = options.port;
    simOptions.seed = options.seed;
    simOptions.pace = options.pace;
    simOptions.dailyQuota = options.quota;
    if (!options.key.isEmpty())
        simOptions.apiKey = options.key;
    sim::SimServer server(simOptions);
    sim::FaultSettings faults;
    faults.latencyMs = options.latencyMs;
    faults.forcedStatus = options.forcedStatus;
    faults.forcedBody = options.forcedBody;
    server.setFaults(faults);
    if (options.faultProfile)
        server.setFaultProfile(*options.faultProfile);

    // Watching before start: a SIGTERM that arrives while the model is built waits for the event loop,
    // instead of killing the process with the default action.
    SignalWatcher signals;
    QObject::connect(&signals, &SignalWatcher::terminationRequested, &server, [&server](int number) {
        logging::logger("sim")->info("signal {}: stopping", number);
        server.stop();
        QCoreApplication::exit(kExitOk);
    });
    QString error;
    if (!server.start(&error)) {
        QTextStream(stderr) << "oilwatch sim: cannot listen on 127.0.0.1:" << options.port << ": " << error
                            << Qt::endl;
        return kExitFailure;
    }
    // The first line is a contract with scripts and tests: they read the port from it.
    QTextStream out(stdout);
    out << "listening on 127.0.0.1:" << server.port() << Qt::endl;
    if (options.key.isEmpty())
        out << "accepting the demo key " << sim::kDemoKey << " (Authorization: Token " << sim::kDemoKey << ")"
            << Qt::endl;
    if (options.faultProfile)
        out << "fault profile " << options.faultProfile->name << " (switch: POST /_sim/profile?name=NAME)"
            << Qt::endl;
    logging::logger("sim")->info("simulator listening on 127.0.0.1:{}", server.port());

    const int code = QCoreApplication::exec();
    out << "stopped after " << server.requestCount() << " requests" << Qt::endl;
    return code;
}

} // namespace oilwatch::app
