// oilwatch: one binary for the dashboard and the command line. This file only picks the application object
// and hands over to the command; everything else lives in core and ui.
#include "app/commandline.h"
#include "app/commands.h"
#include "oilwatch/version.h"

#include <memory>

#include <QApplication>
#include <QTextStream>

int main(int argc, char* argv[])
{
    using namespace oilwatch::app;
    QStringList arguments;
    for (int i = 1; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    const Command command = parseCommandLine(arguments);

    QCoreApplication::setOrganizationName(QStringLiteral("OilWatch"));
    QCoreApplication::setApplicationName(QStringLiteral("OilWatch"));
    QCoreApplication::setApplicationVersion(QString::fromLatin1(oilwatch::kVersion));

    if (const auto* error = std::get_if<UsageError>(&command)) {
        QTextStream(stderr) << "oilwatch: " << error->message << "\nRun 'oilwatch --help' for usage."
                            << Qt::endl;
        return kExitUsage;
    }
    if (const auto* help = std::get_if<HelpRequest>(&command)) {
        QTextStream(stdout) << help->text;
        return kExitOk;
    }
    if (std::holds_alternative<VersionRequest>(command)) {
        QTextStream(stdout) << "oilwatch " << oilwatch::kVersion << " (git " << oilwatch::kGitDescription
                            << ", Qt " << qVersion() << ", built with Qt " << QT_VERSION_STR << ")"
                            << Qt::endl;
        return kExitOk;
    }
    if (const auto* gui = std::get_if<GuiOptions>(&command)) {
        QApplication app(argc, argv);
        // Ties the window to the installed .desktop file: its icon and name on Wayland and in task bars.
        QGuiApplication::setDesktopFileName(QString::fromLatin1(oilwatch::kAppId));
        return runGui(*gui);
    }
    QCoreApplication app(argc, argv);
    if (const auto* fetch = std::get_if<FetchOptions>(&command))
        return runFetch(*fetch);
    if (const auto* watch = std::get_if<WatchOptions>(&command))
        return runWatch(*watch);
    if (const auto* cache = std::get_if<CacheOptions>(&command))
        return runCache(*cache);
    if (const auto* history = std::get_if<HistoryOptions>(&command))
        return runHistory(*history);
    if (const auto* quarantine = std::get_if<QuarantineOptions>(&command))
        return runQuarantine(*quarantine);
    if (const auto* exportOptions = std::get_if<ExportOptions>(&command))
        return runExport(*exportOptions);
    if (const auto* bench = std::get_if<BenchOptions>(&command))
        return runBench(*bench);
    if (const auto* config = std::get_if<ConfigOptions>(&command))
        return runConfig(*config);
    return runSim(std::get<SimOptions>(command));
}
