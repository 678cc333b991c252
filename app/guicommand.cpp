#include "api/oilpriceapiclient.h"
#include "app/apisetup.h"
#include "app/apistack.h"
#include "app/commands.h"
#include "feed/pricefeed.h"
#include "mainwindow.h"
#include "telemetry/logging.h"

#include <QApplication>
#include <QMessageBox>
#include <QTextStream>
#include <QTimer>

namespace oilwatch::app {

namespace {

// Grabs the window after the given time of live updates, saves it and quits: for docs, CI and bug reports.
void scheduleScreenshot(QWidget& window, const GuiOptions& options, int& exitCode)
{
    const int delayMs = static_cast<int>(options.screenshotAfterSec * 1000.0);
    QTimer::singleShot(delayMs, &window, [&window, &exitCode, path = options.screenshotPath] {
        const QPixmap image = window.grab();
        if (image.isNull() || !image.save(path, "PNG")) {
            QTextStream(stderr) << "oilwatch: cannot write the screenshot to " << path << Qt::endl;
            exitCode = kExitFailure;
        } else {
            telemetry::logger("app")->info("screenshot saved to {}", path.toStdString());
        }
        QApplication::exit(exitCode);
    });
}

} // namespace

int runGui(const GuiOptions& options)
{
    setUpLogging(options.verbose);
    auto choice = chooseApi({options.demo, std::nullopt, 10'000});
    if (auto* error = std::get_if<api::ApiError>(&choice)) {
        QTextStream(stderr) << "oilwatch: " << error->describe() << Qt::endl;
        if (options.screenshotPath.isEmpty())
            QMessageBox::critical(nullptr, QStringLiteral("OilWatch"), error->describe());
        return error->exitCode();
    }
    ApiSetup setup = std::move(std::get<ApiSetup>(choice));
    telemetry::logger("app")->info("starting in {} mode against {}", setup.simulated ? "simulator" : "live",
        setup.config.hostLabel().toStdString());

    ApiStack stack(setup.config);
    api::OilPriceApiClient& client = stack.client();
    const auto interval
        = setup.simulated ? feed::PriceFeed::kSimulatorInterval : feed::PriceFeed::kLiveInterval;
    feed::PriceFeed feed(client, feed::PriceFeed::defaultCodes(), interval);

    ui::DataMode mode;
    mode.simulated = setup.simulated;
    mode.host = setup.config.hostLabel();
    ui::MainWindow window(feed.codes(), mode, util::SystemClock::instance());
    QObject::connect(&feed, &feed::PriceFeed::quoteReceived, &window, &ui::MainWindow::onQuote);
    QObject::connect(&feed, &feed::PriceFeed::pollFailed, &window, &ui::MainWindow::onPollFailed);
    window.show();
    feed.start();

    int exitCode = kExitOk;
    if (!options.screenshotPath.isEmpty())
        scheduleScreenshot(window, options, exitCode);
    const int loopCode = QApplication::exec();
    feed.stop();
    return exitCode != kExitOk ? exitCode : loopCode;
}

} // namespace oilwatch::app
