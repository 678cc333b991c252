#include "api/clientconfig.h"

#include <QTest>

using namespace oilwatch::api;

class TestClientConfig : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void validation_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("key");
        QTest::addColumn<int>("kind"); // -1: valid
        QTest::addRow("default https") << "https://api.oilpriceapi.com"
                                       << "opa_live_x" << -1;
        QTest::addRow("loopback http") << "http://127.0.0.1:8080"
                                       << "k" << -1;
        QTest::addRow("localhost http") << "http://localhost:8080/v1"
                                        << "k" << -1;
        QTest::addRow("ipv6 loopback http") << "http://[::1]:8080"
                                            << "k" << -1;
        QTest::addRow("remote http refused") << "http://api.oilpriceapi.com"
                                             << "k" << int(ErrorKind::Config);
        QTest::addRow("private range http refused") << "http://192.168.1.5:80"
                                                    << "k" << int(ErrorKind::Config);
        QTest::addRow("ftp refused") << "ftp://127.0.0.1"
                                     << "k" << int(ErrorKind::Config);
        QTest::addRow("relative refused") << "/v1"
                                          << "k" << int(ErrorKind::Config);
        QTest::addRow("no key") << "https://api.oilpriceapi.com"
                                << "" << int(ErrorKind::Auth);
        QTest::addRow("blank key") << "https://api.oilpriceapi.com"
                                   << "   " << int(ErrorKind::Auth);
    }
    void validation()
    {
        QFETCH(QString, url);
        QFETCH(QString, key);
        QFETCH(int, kind);
        ClientConfig config;
        config.baseUrl = QUrl(url);
        config.apiKey = key;
        const auto error = config.validate();
        QCOMPARE(error ? int(error->kind) : -1, kind);
    }

    void endpointWithOrWithoutV1_data()
    {
        QTest::addColumn<QString>("base");
        QTest::addColumn<QString>("expected");
        QTest::addRow("bare host") << "https://api.oilpriceapi.com"
                                   << "https://api.oilpriceapi.com/v1/prices/latest";
        QTest::addRow("with /v1") << "https://api.oilpriceapi.com/v1"
                                  << "https://api.oilpriceapi.com/v1/prices/latest";
        QTest::addRow("with /v1/") << "https://api.oilpriceapi.com/v1/"
                                   << "https://api.oilpriceapi.com/v1/prices/latest";
        QTest::addRow("proxy prefix") << "http://127.0.0.1:9/proxy"
                                      << "http://127.0.0.1:9/proxy/v1/prices/latest";
        QTest::addRow("user info dropped") << "https://u:p@h.example"
                                           << "https://h.example/v1/prices/latest";
    }
    void endpointWithOrWithoutV1()
    {
        QFETCH(QString, base);
        QFETCH(QString, expected);
        ClientConfig config;
        config.baseUrl = QUrl(base);
        QCOMPARE(config.endpoint("/v1/prices/latest").toString(), expected);
    }

    void hostLabel()
    {
        ClientConfig config;
        QCOMPARE(config.hostLabel(), QString("api.oilpriceapi.com"));
        config.baseUrl = QUrl("http://127.0.0.1:4321");
        QCOMPARE(config.hostLabel(), QString("127.0.0.1:4321"));
    }
};

QTEST_GUILESS_MAIN(TestClientConfig)
#include "tst_clientconfig.moc"
