// The Redis entry codec on its own: what other machines and versions write must decode to exactly what they
// meant or to nothing (the round trip and rebase against a live Redis are in tst_rediscache).

#include "cache/redisentrycodec.h"
#include "util/clock.h"

#include <QTest>

using oilwatch::cache::CacheEntry;
using oilwatch::cache::RedisEntryCodec;

class TestRedisEntryCodec : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // Found by tests/fuzz/fuzz_redisentrycodec: a character beyond Latin-1 in a header value or the origin
    // came back as '?', a guessed validator sent with the next conditional request, where the codec
    // promises nullopt for anything unexpected.
    void textBeyondLatin1IsRefused_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<bool>("update");
        const QByteArray entry = R"("v":1,"body":"aGk=","fetchedAtUtc":"2026-01-01T00:00:00.000Z")";
        QTest::addRow("etag") << "{" + entry + R"(,"etag":"\u20ac1"})" << false;
        QTest::addRow("lastModified") << "{" + entry + R"(,"lastModified":"Mo\u0100"})" << false;
        QTest::addRow("origin") << R"({"origin":"host\u4e00","key":"k","entry":{)" + entry + "}}" << true;
        QTest::addRow("entry of an update")
            << R"({"origin":"h","key":"k","entry":{)" + entry + R"(,"etag":"\u20ac"}})" << true;
    }
    void textBeyondLatin1IsRefused()
    {
        QFETCH(QByteArray, json);
        QFETCH(bool, update);
        const oilwatch::util::ManualClock clock;
        if (update)
            QVERIFY(!RedisEntryCodec::decodeUpdate(json, clock));
        else
            QVERIFY(!RedisEntryCodec::decodeEntry(json, clock));
    }

    // Every byte of a validator survives the trip: Latin-1 is one character per byte.
    void everyByteOfAHeaderValueRoundTrips()
    {
        const oilwatch::util::ManualClock clock;
        QByteArray bytes;
        for (int b = 1; b < 256; ++b)
            bytes.append(char(b));
        CacheEntry entry = CacheEntry::fetchedNow(clock, "body", {}, bytes, "W/\"\xe9t\xe9\"");
        const auto decoded = RedisEntryCodec::decodeEntry(RedisEntryCodec::encodeEntry(entry), clock);
        QVERIFY(decoded);
        QCOMPARE(decoded->etag, bytes);
        QCOMPARE(decoded->lastModified, entry.lastModified);
        const auto update = RedisEntryCodec::decodeUpdate(
            RedisEntryCodec::encodeUpdate({QByteArray("host-\xff"), QStringLiteral("k"), entry}), clock);
        QVERIFY(update);
        QCOMPARE(update->origin, QByteArray("host-\xff"));
    }
};

QTEST_GUILESS_MAIN(TestRedisEntryCodec)
#include "tst_redisentrycodec.moc"
