// Origin ids: one per server, whatever spelling of its base URL; the simulator and "unknown" apart from any.
#include "api/clientconfig.h"
#include "api/origin.h"

#include <QTest>

using oilwatch::api::ClientConfig;
using oilwatch::api::Origin;

class TestOrigin : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void baseUrlsReduceToOneIdPerServer_data()
    {
        QTest::addColumn<QString>("baseUrl");
        QTest::addColumn<QString>("id");
        QTest::addRow("the live API") << "https://api.oilpriceapi.com"
                                      << "https://api.oilpriceapi.com";
        QTest::addRow("with /v1") << "https://api.oilpriceapi.com/v1"
                                  << "https://api.oilpriceapi.com";
        QTest::addRow("with /v1/") << "https://api.oilpriceapi.com/v1/"
                                   << "https://api.oilpriceapi.com";
        QTest::addRow("trailing slash") << "https://api.oilpriceapi.com/"
                                        << "https://api.oilpriceapi.com";
        QTest::addRow("upper case") << "HTTPS://API.OilPriceAPI.com"
                                    << "https://api.oilpriceapi.com";
        QTest::addRow("default port") << "https://api.oilpriceapi.com:443"
                                      << "https://api.oilpriceapi.com";
        QTest::addRow("other port") << "https://api.oilpriceapi.com:8443"
                                    << "https://api.oilpriceapi.com:8443";
        QTest::addRow("http default port") << "http://127.0.0.1:80"
                                           << "http://127.0.0.1";
        QTest::addRow("loopback port") << "http://127.0.0.1:18555"
                                       << "http://127.0.0.1:18555";
        QTest::addRow("path prefix") << "https://proxy.example.com/opa/v1"
                                     << "https://proxy.example.com/opa";
        QTest::addRow("credentials and query dropped") << "https://user:secret@proxy.example.com/opa?x=1"
                                                       << "https://proxy.example.com/opa";
    }
    void baseUrlsReduceToOneIdPerServer()
    {
        QFETCH(QString, baseUrl);
        QFETCH(QString, id);
        QCOMPARE(Origin::forBaseUrl(QUrl(baseUrl)).id(), id);
    }

    void schemesAndPortsAndPrefixesAreDifferentServers()
    {
        const Origin https = Origin::forBaseUrl(QUrl("https://h.example.com"));
        QVERIFY(https != Origin::forBaseUrl(QUrl("http://h.example.com")));
        QVERIFY(https != Origin::forBaseUrl(QUrl("https://h.example.com:8443")));
        QVERIFY(https != Origin::forBaseUrl(QUrl("https://h.example.com/staging")));
    }

    void parseTakesWhatUsersType_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("id"); // empty: refused
        QTest::addRow("sim") << "sim"
                             << "sim";
        QTest::addRow("unknown") << " unknown "
                                 << "unknown";
        QTest::addRow("url") << "http://127.0.0.1:8080/v1"
                             << "http://127.0.0.1:8080";
        QTest::addRow("ftp") << "ftp://example.com"
                             << "";
        QTest::addRow("no host") << "https://"
                                 << "";
        QTest::addRow("word") << "live"
                              << "";
        QTest::addRow("empty") << ""
                               << "";
        QTest::addRow("demo") << "https://api.oilpriceapi.com/v1#demo"
                              << "https://api.oilpriceapi.com#demo";
        QTest::addRow("demo of sim") << "sim#demo"
                                     << "";
        QTest::addRow("demo alone") << "#demo"
                                    << "";
    }
    void parseTakesWhatUsersType()
    {
        QFETCH(QString, text);
        QFETCH(QString, id);
        const auto origin = Origin::parse(text);
        QCOMPARE(origin.has_value(), !id.isEmpty());
        if (origin)
            QCOMPARE(origin->id(), id);
    }

    void theBuiltInSimulatorIsItsOwnOriginOnAnyPort()
    {
        ClientConfig config;
        config.baseUrl = QUrl("http://127.0.0.1:41234");
        QCOMPARE(config.origin().id(), QString("http://127.0.0.1:41234"));
        config.builtInSimulator = true;
        QVERIFY(config.origin().isSimulator());
        config.baseUrl = QUrl("http://127.0.0.1:50000");
        QCOMPARE(config.origin(), Origin::simulator());
    }

    // The public demo's prices are the server's with a marker: never served, cached or charted as a key's.
    void theDemoOfAServerIsAnotherOrigin()
    {
        ClientConfig config;
        config.baseUrl = ClientConfig::defaultBaseUrl();
        const Origin keyed = config.origin();
        config.publicDemo = true;
        config.apiKey.clear();
        QVERIFY(!config.validate()); // no key needed
        QVERIFY(config.origin().isDemo());
        QVERIFY(!keyed.isDemo());
        QVERIFY(config.origin() != keyed);
        QCOMPARE(config.origin().id(), keyed.id() + QStringLiteral("#demo"));
        QCOMPARE(config.origin(), Origin::demo(QUrl("https://API.oilpriceapi.com/v1/")));
        QCOMPARE(Origin::parse(config.origin().id()), std::optional(config.origin()));
    }

    void anUnstampedOriginIsUnknown()
    {
        QVERIFY(Origin().isUnknown());
        QVERIFY(!Origin::simulator().isUnknown());
        QCOMPARE(Origin::fromId("sim"), Origin::simulator());
    }
};

QTEST_GUILESS_MAIN(TestOrigin)
#include "tst_origin.moc"
