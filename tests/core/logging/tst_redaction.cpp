#include "logging/redaction.h"

#include <QTest>

using namespace oilwatch::logging;

class TestRedaction : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void cleanup() { clearRegisteredSecrets(); }

    void credentialShapes_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("expected");
        QTest::addRow("token header") << "Authorization: Token abc123secret"
                                      << "Authorization: Token ***";
        QTest::addRow("bearer header") << "authorization: bearer abc.def.ghi"
                                       << "authorization: bearer ***";
        QTest::addRow("live key") << "key opa_live_9f8e7d6c5b4a in text"
                                  << "key *** in text";
        QTest::addRow("test key") << "opa_test_abc-DEF_123,"
                                  << "***,";
        QTest::addRow("query token") << "wss://api.oilpriceapi.com/cable?token=s3cr3t&x=1"
                                     << "wss://api.oilpriceapi.com/cable?token=***&x=1";
        QTest::addRow("api_key param") << "GET /v1?api_key=zzz"
                                       << "GET /v1?api_key=***";
        QTest::addRow("json") << R"({"Authorization":"Token abc"})"
                              << R"({"Authorization":"Token ***"})";
        QTest::addRow("nothing to hide") << "Brent 75.12 USD"
                                         << "Brent 75.12 USD";
    }
    void credentialShapes()
    {
        QFETCH(QString, input);
        QFETCH(QString, expected);
        QCOMPARE(redactSecrets(input), expected);
    }

    void registeredSecretMaskedAnywhere()
    {
        registerSecret("plainsecretvalue42");
        QCOMPARE(redactSecrets("x=plainsecretvalue42;y"), QString("x=***;y"));
        QCOMPARE(redactSecrets("PLAINSECRETVALUE42"), QString("PLAINSECRETVALUE42")); // exact match only
    }

    void shortSecretsNotRegistered()
    {
        registerSecret("abc");
        QCOMPARE(redactSecrets("abc abc"), QString("abc abc"));
    }
};

QTEST_GUILESS_MAIN(TestRedaction)
#include "tst_redaction.moc"
