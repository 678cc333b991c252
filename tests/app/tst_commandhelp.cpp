// Every command answers `oilwatch help CMD` and `oilwatch CMD --help` with its own section, never with
// "Unknown option 'help'".
#include "app/commandhelp.h"
#include "app/commandline.h"

#include <QTest>

using namespace oilwatch::app;

class TestCommandHelp : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void eachCommandHasItsSection_data()
    {
        QTest::addColumn<QString>("command");
        for (const QString& command : commandsWithHelp())
            if (!command.isEmpty())
                QTest::newRow(qPrintable(command)) << command;
    }
    void eachCommandHasItsSection()
    {
        QFETCH(QString, command);
        const std::optional<QString> text = commandHelp(command);
        QVERIFY(text);
        QVERIFY2(text->contains(QStringLiteral("oilwatch ") + command), qPrintable(*text));
        QVERIFY(text->contains(QStringLiteral("Exit codes")));
        // One section only: no other command's usage line.
        for (const QString& other : commandsWithHelp())
            if (!other.isEmpty() && other != command && other != QLatin1String("help"))
                QVERIFY2(!text->contains(QStringLiteral("  oilwatch ") + other + QLatin1Char(' ')),
                    qPrintable(command + " shows " + other));
    }

    void helpCommandAndHelpFlagAgree_data() { eachCommandHasItsSection_data(); }
    void helpCommandAndHelpFlagAgree()
    {
        QFETCH(QString, command);
        const Command viaHelp = parseCommandLine({QStringLiteral("help"), command});
        const Command viaFlag = parseCommandLine({command, QStringLiteral("--help")});
        const Command viaShortFlag = parseCommandLine({command, QStringLiteral("X"), QStringLiteral("-h")});
        QVERIFY(std::holds_alternative<HelpRequest>(viaHelp));
        QVERIFY(std::holds_alternative<HelpRequest>(viaFlag));
        QVERIFY(std::holds_alternative<HelpRequest>(viaShortFlag));
        QCOMPARE(std::get<HelpRequest>(viaFlag).text, std::get<HelpRequest>(viaHelp).text);
        QCOMPARE(std::get<HelpRequest>(viaShortFlag).text, std::get<HelpRequest>(viaHelp).text);
    }

    void helpAloneListsEverything()
    {
        const Command help = parseCommandLine({QStringLiteral("help")});
        QVERIFY(std::holds_alternative<HelpRequest>(help));
        QCOMPARE(std::get<HelpRequest>(help).text, helpText());
        for (const QString& command : commandsWithHelp())
            QVERIFY(helpText().contains(QStringLiteral("oilwatch ") + command));
    }

    void helpOnAnUnknownCommandNamesTheKnownOnes()
    {
        const Command help = parseCommandLine({QStringLiteral("help"), QStringLiteral("fetc")});
        const auto* error = std::get_if<UsageError>(&help);
        QVERIFY(error);
        QVERIFY2(error->message.contains(QStringLiteral("'fetc'")), qPrintable(error->message));
        QVERIFY2(error->message.contains(QStringLiteral("fetch, watch")), qPrintable(error->message));
        QVERIFY(!commandHelp(QStringLiteral("fetc")));
    }

    void theCacheRuleMatchesTheCode()
    {
        // app/cachesetup.cpp serves a value from the cache for 3/4 of the poll interval.
        QVERIFY(
            commandHelp(QStringLiteral("fetch"))->contains(QStringLiteral("younger than 3/4 of the poll")));
    }
};

QTEST_GUILESS_MAIN(TestCommandHelp)
#include "tst_commandhelp.moc"
