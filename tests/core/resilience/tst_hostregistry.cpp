// HostRegistry on a recording stand-in for a breaker or limiter: which hosts share an entry, when entries
// are made, and which entries a settings change reaches. Table-driven: each row is a script of calls.
#include "resilience/hostregistry.h"

#include <QTest>

using namespace oilwatch::resilience;

namespace {

// Records how it was made and every settings change it saw.
struct Entry
{
    using Settings = int;

    Entry(QString madeFor, int initial)
        : host(std::move(madeFor))
        , settings(initial)
    { }
    void setSettings(const int& value) { settings = value; }

    QString host;
    int settings;
};

} // namespace

class TestHostRegistry : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // A script: "host" asks forHost(host); "=N" calls setSettings(N). Then: how many entries were made, the
    // hosts in order, and each entry's settings, in the same order.
    void script_data()
    {
        QTest::addColumn<QStringList>("steps");
        QTest::addColumn<int>("made");
        QTest::addColumn<QStringList>("hosts");
        QTest::addColumn<QList<int>>("settings");

        QTest::addRow("nothing asked") << QStringList {} << 0 << QStringList {} << QList<int> {};
        QTest::addRow("one host, asked twice")
            << QStringList {"a.example", "a.example"} << 1 << QStringList {"a.example"} << QList<int> {1};
        QTest::addRow("case does not make a second entry")
            << QStringList {"API.Example", "api.example", "Api.EXAMPLE"} << 1 << QStringList {"api.example"}
            << QList<int> {1};
        QTest::addRow("hosts sorted, lower-case")
            << QStringList {"b.example", "A.example"} << 2 << QStringList {"a.example", "b.example"}
            << QList<int> {1, 1};
        QTest::addRow("settings reach entries made before")
            << QStringList {"a.example", "b.example", "=5"} << 2 << QStringList {"a.example", "b.example"}
            << QList<int> {5, 5};
        QTest::addRow("settings reach entries made later")
            << QStringList {"a.example", "=5", "b.example"} << 2 << QStringList {"a.example", "b.example"}
            << QList<int> {5, 5};
        QTest::addRow("last settings win")
            << QStringList {"=3", "a.example", "=7"} << 1 << QStringList {"a.example"} << QList<int> {7};
    }

    void script()
    {
        QFETCH(QStringList, steps);
        QFETCH(int, made);
        QFETCH(QStringList, hosts);
        QFETCH(QList<int>, settings);

        int madeCount = 0;
        HostRegistry<Entry> registry(1, [&madeCount](const QString& host, const int& current) {
            ++madeCount;
            return std::make_unique<Entry>(host, current);
        });
        for (const QString& step : steps) {
            if (step.startsWith(QLatin1Char('=')))
                registry.setSettings(step.mid(1).toInt());
            else
                QCOMPARE(registry.forHost(step).host, step.toLower());
        }
        QCOMPARE(madeCount, made);
        QCOMPARE(registry.hosts(), hosts);
        QList<int> seen;
        for (const QString& host : registry.hosts())
            seen << registry.find(host)->settings;
        QCOMPARE(seen, settings);
    }

    // The pipeline keeps the reference across an attempt: later hosts must not move earlier entries.
    void referencesStayValid()
    {
        HostRegistry<Entry> registry(0,
            [](const QString& host, const int& current) { return std::make_unique<Entry>(host, current); });
        Entry* first = &registry.forHost(QStringLiteral("m.example"));
        for (int i = 0; i < 100; ++i)
            registry.forHost(QStringLiteral("h%1.example").arg(i));
        QCOMPARE(&registry.forHost(QStringLiteral("M.EXAMPLE")), first);
    }

    void findDoesNotMake()
    {
        int madeCount = 0;
        HostRegistry<Entry> registry(0, [&madeCount](const QString& host, const int& current) {
            ++madeCount;
            return std::make_unique<Entry>(host, current);
        });
        QCOMPARE(registry.find(QStringLiteral("a.example")), nullptr);
        QCOMPARE(madeCount, 0);
        QVERIFY(registry.hosts().isEmpty());
        registry.forHost(QStringLiteral("a.example"));
        QVERIFY(registry.find(QStringLiteral("A.EXAMPLE")));
    }
};

QTEST_GUILESS_MAIN(TestHostRegistry)
#include "tst_hostregistry.moc"
