// The endpoint handlers (core/sim/simendpoints.cpp), asked through the router as a client asks them.
#include "sim/simrouter.h"
#include "util/utc.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

Q_DECLARE_METATYPE(oilwatch::sim::HttpParseError)

using namespace oilwatch::sim;
using oilwatch::util::ManualClock;

namespace {

const QByteArray kKey = "test-key";
// 2026-03-10T10:30:15Z
const QDateTime kStart = QDateTime::fromSecsSinceEpoch(1'773'138'615, oilwatch::util::utc());

HttpRequest makeRequest(const QByteArray& target, const QByteArray& authorization = "Token " + kKey,
    const QByteArray& method = "GET")
{
    HttpRequest request;
    request.method = method;
    request.target = target;
    const qsizetype question = target.indexOf('?');
    request.path = question < 0 ? target : target.left(question);
    request.query = question < 0 ? QByteArray() : target.mid(question + 1);
    request.headers.emplace_back("Host", "127.0.0.1");
    if (!authorization.isNull())
        request.headers.emplace_back("Authorization", authorization);
    return request;
}

// What the server's injector decides for fault settings alone (no profile).
FaultDecision decisionOf(const FaultSettings& faults)
{
    FaultInjector injector;
    injector.setSettings(faults);
    return injector.decide(0);
}

const QJsonObject json(const SimResponse& response)
{
    QJsonParseError error {};
    const QJsonDocument document = QJsonDocument::fromJson(response.body, &error);
    if (error.error != QJsonParseError::NoError)
        qWarning() << "not JSON:" << response.body.left(200);
    return document.object();
}

} // namespace

class TestSimEndpoints : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void latestSingleCodeIsFlat();
    void latestFormatsCurrencies_data();
    void latestFormatsCurrencies();
    void latestCommaListIsKeyed();
    void latestWithoutCodeListsAll();
    void demoPricesNeedNoKey_data();
    void demoPricesNeedNoKey();
    void demoPricesHaveTheDocumentedShape();
    void demoUnknownCodeIsInvalidCode();
    void demoCommoditiesAreTheCatalogue();
    void latestMovesWithTheClock();
    void latestRepeatsDifferOnlyInTheirIds();
    void latestEtagFollowsTheBody();
    void latestFollowsTheModelWhateverMovedIt();
    void unknownCodeIsInvalidCode_data();
    void unknownCodeIsInvalidCode();
    void historicalNeedsByCode();
    void historicalWindows_data();
    void historicalWindows();
    void historicalPaginates();
    void historicalPerPageIsCapped();
    void historicalPagePastTheEnd();
    void historicalHonoursDates();
    void everyWindowHonoursARange_data();
    void everyWindowHonoursARange();
    void historicalReachesBackFiveYears();
    void historicalRejectsBadParameters_data();
    void historicalRejectsBadParameters();
    void historicalInterval();
    void historicalSeveralCodes();
    void commodities();
    void commodityDetail();

private:
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<PriceModel> m_model;
    std::unique_ptr<SimRouter> m_router;

    SimResponse get(const QByteArray& target, const FaultSettings& faults = {})
    {
        return m_router->handle(makeRequest(target), m_clock->nowUtc(), decisionOf(faults));
    }
    SimResponse getWith(const QByteArray& target, const FaultRule& rule)
    {
        FaultDecision decision;
        decision.rule = rule;
        return m_router->handle(makeRequest(target), m_clock->nowUtc(), decision);
    }
    static FaultRule ruleOf(FaultKind kind, int status = 500)
    {
        FaultRule rule;
        rule.kind = kind;
        rule.status = status;
        return rule;
    }
};

void TestSimEndpoints::init()
{
    m_clock = std::make_unique<ManualClock>(kStart);
    m_model = std::make_unique<PriceModel>(CommodityCatalog::builtin(), 42, *m_clock);
    m_router = std::make_unique<SimRouter>(*m_model, QString::fromLatin1(kKey), 42);
}

void TestSimEndpoints::cleanup()
{
    m_router.reset();
    m_model.reset();
    m_clock.reset();
}

void TestSimEndpoints::latestSingleCodeIsFlat()
{
    const SimResponse response = get("/v1/prices/latest?by_code=BRENT_CRUDE_USD");
    QCOMPARE(response.status, 200);
    const QJsonObject body = json(response);
    QCOMPARE(body["status"].toString(), QStringLiteral("success"));
    const QJsonObject data = body["data"].toObject();
    QCOMPARE(data["code"].toString(), QStringLiteral("BRENT_CRUDE_USD"));
    QCOMPARE(data["currency"].toString(), QStringLiteral("USD"));
    QCOMPARE(data["unit"].toString(), QStringLiteral("barrel"));
    QCOMPARE(data["type"].toString(), QStringLiteral("spot_price"));
    QCOMPARE(data["source"].toString(), QStringLiteral("oilwatch.simulator"));
    QCOMPARE(data["metadata"]["source"].toString(), QStringLiteral("oilwatch.simulator"));
    QVERIFY(data["metadata"]["source_description"].toString().contains(u"simulat"));
    QCOMPARE(data["created_at"].toString(), QStringLiteral("2026-03-10T10:30:15.000Z"));
    const double price = data["price"].toDouble();
    QVERIFY(price > 60 && price < 90);
    QCOMPARE(data["formatted"].toString(), QStringLiteral("$") + QString::number(price, 'f', 2));
    QCOMPARE(m_model->latest(u"BRENT_CRUDE_USD").price, price);
}

void TestSimEndpoints::latestFormatsCurrencies_data()
{
    QTest::addColumn<QByteArray>("code");
    QTest::addColumn<QString>("prefix");
    QTest::addColumn<int>("decimals");
    QTest::addRow("USD") << QByteArray("WTI_USD") << QStringLiteral("$") << 2;
    QTest::addRow("EUR") << QByteArray("DUTCH_TTF_EUR") << QStringLiteral("\u20ac") << 2;
    QTest::addRow("GBP") << QByteArray("NATURAL_GAS_GBP") << QStringLiteral("\u00a3") << 4;
    QTest::addRow("FX") << QByteArray("EUR_USD") << QStringLiteral("$") << 4;
}

void TestSimEndpoints::latestFormatsCurrencies()
{
    QFETCH(QByteArray, code);
    QFETCH(QString, prefix);
    QFETCH(int, decimals);
    const QJsonObject data = json(get("/v1/prices/latest?by_code=" + code))["data"].toObject();
    const QString formatted = data["formatted"].toString();
    QVERIFY2(formatted.startsWith(prefix), qPrintable(formatted));
    QCOMPARE(formatted.mid(prefix.size()), QString::number(data["price"].toDouble(), 'f', decimals));
}

void TestSimEndpoints::latestCommaListIsKeyed()
{
    const SimResponse response = get("/v1/prices/latest?by_code=WTI_USD,%20brent_crude_usd,WTI_USD");
    QCOMPARE(response.status, 200);
    const QJsonObject data = json(response)["data"].toObject();
    QCOMPARE(data.keys(), QStringList({"BRENT_CRUDE_USD", "WTI_USD"}));
    QCOMPARE(data["WTI_USD"]["code"].toString(), QStringLiteral("WTI_USD"));
    QCOMPARE(data["BRENT_CRUDE_USD"]["unit"].toString(), QStringLiteral("barrel"));
    QVERIFY(data["BRENT_CRUDE_USD"]["price"].toDouble() > 0);
}

void TestSimEndpoints::latestWithoutCodeListsAll()
{
    const QJsonObject data = json(get("/v1/prices/latest"))["data"].toObject();
    QCOMPARE(data.size(), CommodityCatalog::builtin().size());
    for (const QString& code : CommodityCatalog::builtin().codes())
        QCOMPARE(data[code]["code"].toString(), code);
}

void TestSimEndpoints::demoPricesNeedNoKey_data()
{
    QTest::addColumn<QByteArray>("authorization");
    QTest::newRow("none") << QByteArray();
    QTest::newRow("a wrong key is ignored") << QByteArray("Token wrong");
    QTest::newRow("the key") << QByteArray("Token " + kKey);
}

void TestSimEndpoints::demoPricesNeedNoKey()
{
    QFETCH(QByteArray, authorization);
    const int quota = m_router->remainingQuota();
    for (const QByteArray& target :
        {QByteArray("/v1/demo/prices?codes=WTI_USD"), QByteArray("/v1/demo/prices"),
            QByteArray("/v1/demo/prices/latest"), QByteArray("/v1/demo/commodities")}) {
        const SimResponse response = m_router->handle(makeRequest(target, authorization), m_clock->nowUtc());
        QVERIFY2(response.status == 200, target.constData());
    }
    QCOMPARE(m_router->remainingQuota(), quota); // the demo does not spend a key's quota
}

void TestSimEndpoints::demoPricesHaveTheDocumentedShape()
{
    const SimResponse response = m_router->handle(
        makeRequest("/v1/demo/prices?codes=WTI_USD,BRENT_CRUDE_USD", QByteArray()), m_clock->nowUtc());
    QCOMPARE(response.status, 200);
    const QJsonObject body = json(response);
    QCOMPARE(body.value("status").toString(), QStringLiteral("success"));
    const QJsonObject data = body.value("data").toObject();
    const QJsonArray prices = data.value("prices").toArray();
    QCOMPARE(prices.size(), 2);
    QStringList codes;
    for (const QJsonValue& value : prices) {
        const QJsonObject price = value.toObject();
        codes << price.value("code").toString();
        for (const char* field : {"code", "name", "currency", "unit", "updated_at", "source"})
            QVERIFY2(price.value(field).isString() && !price.value(field).toString().isEmpty(), field);
        QVERIFY(price.value("price").toDouble() > 0);
        QVERIFY(price.value("change_24h").isDouble());
        QVERIFY(QDateTime::fromString(price.value("updated_at").toString(), Qt::ISODateWithMs).isValid());
    }
    QCOMPARE(codes, (QStringList {"WTI_USD", "BRENT_CRUDE_USD"}));
    // change_24h: against the oldest record of the last day.
    const int wti = CommodityCatalog::builtin().indexOf(u"WTI_USD");
    const qint64 now = m_clock->nowUtc().toSecsSinceEpoch();
    const auto day = m_model->recordsBetween(wti, now - 86'400, now);
    QVERIFY(day.size() > 24);
    QCOMPARE(prices.at(0)["change_24h"].toDouble(),
        QByteArray::number(prices.at(0)["price"].toDouble() - day.back().price, 'f', 2).toDouble());
    const QJsonObject meta = data.value("meta").toObject();
    QCOMPARE(meta.value("demo_mode").toBool(), true);
    QCOMPARE(meta.value("rate_limit").toString(), QStringLiteral("20 requests per hour"));
    // Without codes: every code of the catalogue.
    const SimResponse all = m_router->handle(makeRequest("/v1/demo/prices", QByteArray()), m_clock->nowUtc());
    QCOMPARE(json(all).value("data").toObject().value("prices").toArray().size(),
        CommodityCatalog::builtin().size());
}

void TestSimEndpoints::demoUnknownCodeIsInvalidCode()
{
    const SimResponse response
        = m_router->handle(makeRequest("/v1/demo/prices?codes=BRENNT", QByteArray()), m_clock->nowUtc());
    QCOMPARE(response.status, 400);
    QCOMPARE(
        json(response).value("data").toObject().value("error").toString(), QStringLiteral("invalid_code"));
}

void TestSimEndpoints::demoCommoditiesAreTheCatalogue()
{
    const SimResponse response
        = m_router->handle(makeRequest("/v1/demo/commodities", QByteArray()), m_clock->nowUtc());
    QCOMPARE(response.status, 200);
    const QJsonArray list = json(response).value("data").toObject().value("commodities").toArray();
    QCOMPARE(list.size(), CommodityCatalog::builtin().size());
    QVERIFY(!list.first().toObject().value("name").toString().isEmpty());
}

void TestSimEndpoints::latestMovesWithTheClock()
{
    const QJsonObject before = json(get("/v1/prices/latest?by_code=NATURAL_GAS_USD"))["data"].toObject();
    m_clock->advanceMs(90'000);
    const QJsonObject after = json(get("/v1/prices/latest?by_code=NATURAL_GAS_USD"))["data"].toObject();
    QCOMPARE(after["created_at"].toString(), QStringLiteral("2026-03-10T10:31:45.000Z"));
    QVERIFY(before["created_at"] != after["created_at"]);
}

void TestSimEndpoints::latestRepeatsDifferOnlyInTheirIds()
{
    const QByteArray target = "/v1/prices/latest?by_code=BRENT_CRUDE_USD";
    const SimResponse first = get(target);
    const SimResponse second = get(target);
    QCOMPARE(second.body, first.body);
    QVERIFY(second.header("X-Request-Id") != first.header("X-Request-Id"));
    QCOMPARE(
        second.header("X-RateLimit-Remaining").toInt(), first.header("X-RateLimit-Remaining").toInt() - 1);
    m_clock->advanceMs(1000);
    const QJsonObject later = json(get(target))["data"].toObject();
    QCOMPARE(later["created_at"].toString(), QStringLiteral("2026-03-10T10:30:16.000Z"));
}

void TestSimEndpoints::latestEtagFollowsTheBody()
{
    const QByteArray brent = "/v1/prices/latest?by_code=BRENT_CRUDE_USD";
    const SimResponse first = get(brent);
    QVERIFY2(first.header("ETag").startsWith("W/\""), first.header("ETag").constData());
    QCOMPARE(get(brent).header("ETag"), first.header("ETag")); // same body, same tag
    QVERIFY(get("/v1/prices/latest?by_code=WTI_USD").header("ETag") != first.header("ETag"));
    m_clock->advanceMs(1000);
    const SimResponse later = get(brent);
    QVERIFY(later.body != first.body);
    QVERIFY(later.header("ETag") != first.header("ETag"));
    QVERIFY(get("/v1/commodities").header("ETag").isEmpty()); // only where the API's latest answers
}

void TestSimEndpoints::latestFollowsTheModelWhateverMovedIt()
{
    // Whatever answer the router gives must be the model's latest point at that moment: not one it held on
    // to from before another route, or a later second, moved the walk.
    const auto check = [this](const QByteArray& code) {
        const QJsonObject data = json(get("/v1/prices/latest?by_code=" + code))["data"].toObject();
        const int index = m_model->catalog().indexOf(QString::fromLatin1(code));
        const PricePoint point = m_model->latestAt(index, m_clock->nowUtc().toSecsSinceEpoch());
        QCOMPARE(data["created_at"].toString(),
            QDateTime::fromSecsSinceEpoch(point.epochSec, oilwatch::util::utc()).toString(Qt::ISODateWithMs));
        QCOMPARE(data["price"].toDouble(), point.price);
    };
    check("WTI_USD");
    check("WTI_USD");
    m_clock->advanceMs(5000);
    QCOMPARE(get("/v1/prices/past_day?by_code=WTI_USD&per_page=1").status, 200); // moves WTI only
    m_clock->advanceMs(-5000); // the walk never goes back: WTI stays 5 s ahead
    check("WTI_USD");
    check("WTI_USD");
    check("GOLD_USD");
    m_clock->advanceMs(3000);
    check("WTI_USD");
    check("GOLD_USD");
}

void TestSimEndpoints::unknownCodeIsInvalidCode_data()
{
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QStringList>("invalid");
    QTest::addColumn<QString>("firstSuggestion");
    QTest::addRow("latest typo") << QByteArray("/v1/prices/latest?by_code=BRENNT") << QStringList {"BRENNT"}
                                 << "BRENT_CRUDE_USD";
    QTest::addRow("latest in a list")
        << QByteArray("/v1/prices/latest?by_code=WTI_USD,GOLD_UST") << QStringList {"GOLD_UST"} << "GOLD_USD";
    QTest::addRow("historical") << QByteArray("/v1/prices/past_day?by_code=WTI") << QStringList {"WTI"}
                                << "WTI_USD";
    QTest::addRow("nonsense") << QByteArray("/v1/prices/latest?by_code=ZZZZZZZZ") << QStringList {"ZZZZZZZZ"}
                              << QString();
}

void TestSimEndpoints::unknownCodeIsInvalidCode()
{
    QFETCH(QByteArray, target);
    QFETCH(QStringList, invalid);
    QFETCH(QString, firstSuggestion);
    const SimResponse response = get(target);
    QCOMPARE(response.status, 400);
    const QJsonObject body = json(response);
    QCOMPARE(body["status"].toString(), QStringLiteral("fail"));
    const QJsonObject data = body["data"].toObject();
    QCOMPARE(data["error"].toString(), QStringLiteral("invalid_code"));
    QVERIFY(data["message"].toString().startsWith(u"Unknown code"));
    QCOMPARE(data["invalid_codes"].toVariant().toStringList(), invalid);
    const QStringList suggestions = data["suggestions"].toVariant().toStringList();
    QVERIFY(data["suggestions"].isArray());
    QVERIFY(suggestions.size() <= 3);
    if (firstSuggestion.isEmpty())
        QVERIFY(suggestions.isEmpty());
    else
        QCOMPARE(suggestions.value(0), firstSuggestion);
}

void TestSimEndpoints::historicalNeedsByCode()
{
    for (const QByteArray& target :
        {QByteArray("/v1/prices/past_week"), QByteArray("/v1/prices/past_week?by_code=")}) {
        const SimResponse response = get(target);
        QCOMPARE(response.status, 400);
        QCOMPARE(json(response)["error"]["code"].toString(), QStringLiteral("MISSING_PARAMETER"));
    }
}

void TestSimEndpoints::historicalWindows_data()
{
    QTest::addColumn<QByteArray>("period");
    QTest::addColumn<int>("days");
    QTest::addRow("day") << QByteArray("past_day") << 1;
    QTest::addRow("week") << QByteArray("past_week") << 7;
    QTest::addRow("month") << QByteArray("past_month") << 30;
    QTest::addRow("year") << QByteArray("past_year") << 365;
}

void TestSimEndpoints::historicalWindows()
{
    QFETCH(QByteArray, period);
    QFETCH(int, days);
    const SimResponse response = get("/v1/prices/" + period + "?by_code=WTI_USD");
    QCOMPARE(response.status, 200);
    const qint64 now = m_clock->nowUtc().toSecsSinceEpoch();
    const int index = CommodityCatalog::builtin().indexOf(u"WTI_USD");
    const qsizetype expected = m_model->countBetween(index, now - days * 86'400, now);
    // Hourly history before the model was created, then a record per minute: 10:01 .. 10:30.
    QCOMPARE(expected, days * 24 + 30);
    QCOMPARE(response.header("X-Total").toLongLong(), expected);
    const QJsonObject body = json(response);
    QCOMPARE(body["meta"]["total"].toInteger(), expected);
    const QJsonArray prices = body["data"]["prices"].toArray();
    QCOMPARE(prices.size(), std::min<qsizetype>(100, expected));
    QDateTime previous = m_clock->nowUtc().addSecs(1);
    for (const QJsonValue& value : prices) {
        const QJsonObject record = value.toObject();
        QCOMPARE(record["code"].toString(), QStringLiteral("WTI_USD"));
        QCOMPARE(record["type"].toString(), QStringLiteral("spot_price"));
        QCOMPARE(record["unit"].toString(), QStringLiteral("barrel"));
        QCOMPARE(record["currency"].toString(), QStringLiteral("USD"));
        QCOMPARE(record["source"].toString(), QStringLiteral("oilwatch.simulator"));
        QVERIFY(record["formatted"].toString().startsWith(u'$'));
        const QDateTime at = QDateTime::fromString(record["created_at"].toString(), Qt::ISODateWithMs);
        QVERIFY(at.isValid());
        QVERIFY(at < previous); // newest first
        QVERIFY(at >= m_clock->nowUtc().addDays(-days));
        previous = at;
    }
}

void TestSimEndpoints::historicalPaginates()
{
    const SimResponse first = get("/v1/prices/past_day?by_code=GOLD_USD&per_page=20");
    const SimResponse second = get("/v1/prices/past_day?by_code=GOLD_USD&per_page=20&page=2");
    const SimResponse last = get("/v1/prices/past_day?by_code=GOLD_USD&per_page=20&page=3");
    // 24 hourly points + 30 minute records = 54 = 20 + 20 + 14
    const QJsonObject meta1 = json(first)["meta"].toObject();
    QCOMPARE(meta1["page"].toInt(), 1);
    QCOMPARE(meta1["per_page"].toInt(), 20);
    QCOMPARE(meta1["total"].toInt(), 54);
    QCOMPARE(meta1["total_pages"].toInt(), 3);
    QCOMPARE(meta1["has_next"].toBool(), true);
    QCOMPARE(meta1["has_prev"].toBool(), false);
    QCOMPARE(first.header("X-Total"), QByteArray("54"));
    QCOMPARE(first.header("X-Total-Pages"), QByteArray("3"));
    QCOMPARE(first.header("X-Page"), QByteArray("1"));
    QCOMPARE(first.header("X-Per-Page"), QByteArray("20"));
    QCOMPARE(first.header("X-Has-Next"), QByteArray("true"));
    QCOMPARE(json(second)["meta"]["has_prev"].toBool(), true);
    QCOMPARE(last.header("X-Has-Next"), QByteArray("false"));
    QCOMPARE(json(last)["data"]["prices"].toArray().size(), 14);

    // The pages join without a gap or an overlap.
    const QJsonArray p1 = json(first)["data"]["prices"].toArray();
    const QJsonArray p2 = json(second)["data"]["prices"].toArray();
    const QDateTime end1 = QDateTime::fromString(p1.last()["created_at"].toString(), Qt::ISODateWithMs);
    const QDateTime start2 = QDateTime::fromString(p2.first()["created_at"].toString(), Qt::ISODateWithMs);
    QVERIFY(start2 < end1);
    const auto all = m_model->recordsBetween(CommodityCatalog::builtin().indexOf(u"GOLD_USD"),
        m_clock->nowUtc().toSecsSinceEpoch() - 86'400, m_clock->nowUtc().toSecsSinceEpoch());
    QCOMPARE(start2.toSecsSinceEpoch(), all[20].epochSec);
    QCOMPARE(p2.first()["price"].toDouble(), all[20].price);
}

void TestSimEndpoints::historicalPerPageIsCapped()
{
    const SimResponse response = get("/v1/prices/past_month?by_code=WTI_USD&per_page=1000");
    QCOMPARE(response.status, 200);
    QCOMPARE(response.header("X-Per-Page"), QByteArray("100"));
    QCOMPARE(json(response)["data"]["prices"].toArray().size(), 100);
    QCOMPARE(json(response)["meta"]["per_page"].toInt(), 100);
}

void TestSimEndpoints::historicalPagePastTheEnd()
{
    const SimResponse response = get("/v1/prices/past_day?by_code=WTI_USD&page=99");
    QCOMPARE(response.status, 200);
    const QJsonObject body = json(response);
    QVERIFY(body["data"]["prices"].isArray());
    QCOMPARE(body["data"]["prices"].toArray().size(), 0);
    QCOMPARE(body["meta"]["has_next"].toBool(), false);
    QCOMPARE(body["meta"]["page"].toInt(), 99);
    QCOMPARE(response.header("X-Has-Next"), QByteArray("false"));
}

void TestSimEndpoints::historicalHonoursDates()
{
    const SimResponse response
        = get("/v1/prices/past_year?by_code=BRENT_CRUDE_USD&start_date=2026-02-01&end_date=2026-02-02");
    QCOMPARE(response.status, 200);
    QCOMPARE(response.header("X-Total"), QByteArray("48")); // two whole days of hourly points
    const QJsonArray prices = json(response)["data"]["prices"].toArray();
    QCOMPARE(prices.first()["created_at"].toString(), QStringLiteral("2026-02-02T23:00:00.000Z"));
    QCOMPARE(prices.last()["created_at"].toString(), QStringLiteral("2026-02-01T00:00:00.000Z"));

    // The dates win over the window: past_week answers February too, the very same answer (issue 13: it
    // used to answer nothing).
    QCOMPARE(
        get("/v1/prices/past_week?by_code=BRENT_CRUDE_USD&start_date=2026-02-01&end_date=2026-02-02").body,
        response.body);
    // Only a start date: from then until now.
    QCOMPARE(get("/v1/prices/past_year?by_code=BRENT_CRUDE_USD&start_date=2026-03-10").header("X-Total"),
        QByteArray("41")); // 00:00 .. 10:00 hourly + 30 minute records
    QCOMPARE(get("/v1/prices/past_day?by_code=BRENT_CRUDE_USD&start_date=2026-03-01").header("X-Total"),
        QByteArray("257")); // 9 × 24 + 11 hourly points (to 10:00) + 30 minute records
    // Only an end date: the window's length before its end.
    const SimResponse week = get("/v1/prices/past_week?by_code=BRENT_CRUDE_USD&end_date=2026-02-14");
    QCOMPARE(week.header("X-Total"), QByteArray::number(7 * 24));
    QCOMPARE(
        json(week)["data"]["prices"][0]["created_at"].toString(), QStringLiteral("2026-02-14T23:00:00.000Z"));
}

// Issue 13: past_day, past_week and past_month cut a January range to their last 1/7/30 days and answered
// nothing. Every window answers the range asked, raw (January is in the hourly tier) and by day, paginated at
// 100 rows with the pagination headers of contract §2.4.
void TestSimEndpoints::everyWindowHonoursARange_data()
{
    QTest::addColumn<QByteArray>("period");
    QTest::addRow("day") << QByteArray("past_day");
    QTest::addRow("week") << QByteArray("past_week");
    QTest::addRow("month") << QByteArray("past_month");
    QTest::addRow("year") << QByteArray("past_year");
}

void TestSimEndpoints::everyWindowHonoursARange()
{
    QFETCH(QByteArray, period);
    const QByteArray january
        = "/v1/prices/" + period + "?by_code=WTI_USD&start_date=2026-01-01&end_date=2026-01-31";
    const SimResponse daily = get(january + "&interval=daily");
    QCOMPARE(daily.status, 200);
    QCOMPARE(daily.header("X-Total"), QByteArray("31"));
    const QJsonArray days = json(daily)["data"]["prices"].toArray();
    QCOMPARE(days.size(), 31);
    QCOMPARE(days.first()["created_at"].toString(), QStringLiteral("2026-01-31T23:00:00.000Z"));
    QCOMPARE(days.last()["created_at"].toString(), QStringLiteral("2026-01-01T23:00:00.000Z"));

    // Raw: every hourly point of January, 744 of them over eight pages that join without gap or overlap.
    QList<QDateTime> times;
    for (int page = 1; page <= 8; ++page) {
        const SimResponse response = get(january + "&page=" + QByteArray::number(page));
        QCOMPARE(response.status, 200);
        QCOMPARE(response.header("X-Total"), QByteArray("744"));
        QCOMPARE(response.header("X-Total-Pages"), QByteArray("8"));
        QCOMPARE(response.header("X-Page"), QByteArray::number(page));
        QCOMPARE(response.header("X-Per-Page"), QByteArray("100"));
        QCOMPARE(response.header("X-Has-Next"), page < 8 ? QByteArray("true") : QByteArray("false"));
        const QJsonObject meta = json(response)["meta"].toObject();
        QCOMPARE(meta["has_next"].toBool(), page < 8);
        QCOMPARE(meta["has_prev"].toBool(), page > 1);
        for (const QJsonValue& record : json(response)["data"]["prices"].toArray())
            times.append(QDateTime::fromString(record["created_at"].toString(), Qt::ISODateWithMs));
    }
    QCOMPARE(times.size(), 744);
    QCOMPARE(times.first(), QDateTime(QDate(2026, 1, 31), QTime(23, 0), oilwatch::util::utc()));
    QCOMPARE(times.last(), QDateTime(QDate(2026, 1, 1), QTime(0, 0), oilwatch::util::utc()));
    for (qsizetype i = 1; i < times.size(); ++i)
        QCOMPARE(times[i - 1].toSecsSinceEpoch() - times[i].toSecsSinceEpoch(), qint64(3600));
}

// Five years of daily points: a range four years back is served a point a day, newest first.
void TestSimEndpoints::historicalReachesBackFiveYears()
{
    const SimResponse june
        = get("/v1/prices/past_year?by_code=GOLD_USD&start_date=2022-06-01&end_date=2022-06-30");
    QCOMPARE(june.status, 200);
    QCOMPARE(june.header("X-Total"), QByteArray("30"));
    const QJsonArray prices = json(june)["data"]["prices"].toArray();
    QCOMPARE(prices.first()["created_at"].toString(), QStringLiteral("2022-06-30T00:00:00.000Z"));
    QCOMPARE(prices.last()["created_at"].toString(), QStringLiteral("2022-06-01T00:00:00.000Z"));
    QVERIFY(prices.first()["price"].toDouble() > 0.0);
    // Five whole years back from today (2026-03-10): 2021-03-10 is there, by month too.
    const SimResponse fiveYears
        = get("/v1/prices/past_year?by_code=GOLD_USD&start_date=2021-03-10&end_date=2021-03-10");
    QCOMPARE(fiveYears.header("X-Total"), QByteArray("1"));
    const SimResponse monthly
        = get("/v1/prices/past_year?by_code=GOLD_USD&start_date=2021-03-10&interval=monthly&per_page=100");
    QCOMPARE(monthly.header("X-Total"), QByteArray("61")); // 2021-03 .. 2026-03
}

void TestSimEndpoints::historicalRejectsBadParameters_data()
{
    QTest::addColumn<QByteArray>("query");
    QTest::addColumn<QString>("field");
    QTest::addRow("start format") << QByteArray("start_date=2026/02/01") << "start_date";
    QTest::addRow("start not a date") << QByteArray("start_date=2026-02-30") << "start_date";
    QTest::addRow("end format") << QByteArray("end_date=20260201") << "end_date";
    QTest::addRow("start after end") << QByteArray("start_date=2026-02-03&end_date=2026-02-01")
                                     << "start_date";
    QTest::addRow("page zero") << QByteArray("page=0") << "page";
    QTest::addRow("page text") << QByteArray("page=two") << "page";
    QTest::addRow("per_page negative") << QByteArray("per_page=-5") << "per_page";
    QTest::addRow("interval") << QByteArray("interval=fortnightly") << "interval";
}

void TestSimEndpoints::historicalRejectsBadParameters()
{
    QFETCH(QByteArray, query);
    QFETCH(QString, field);
    const SimResponse response = get("/v1/prices/past_year?by_code=WTI_USD&" + query);
    QCOMPARE(response.status, 422);
    const QJsonObject body = json(response);
    QCOMPARE(body["status"].toString(), QStringLiteral("error"));
    QCOMPARE(body["error"]["code"].toString(), QStringLiteral("VALIDATION_ERROR"));
    QCOMPARE(body["error"]["field"].toString(), field);
    QVERIFY(!body["error"]["message"].toString().isEmpty());
}

void TestSimEndpoints::historicalInterval()
{
    const SimResponse daily = get("/v1/prices/past_week?by_code=WTI_USD&interval=daily");
    QCOMPARE(daily.status, 200);
    // Seven days back from 10:30 touch eight calendar days; one record (the newest) per day.
    QCOMPARE(daily.header("X-Total"), QByteArray("8"));
    const QJsonArray prices = json(daily)["data"]["prices"].toArray();
    QCOMPARE(prices.first()["created_at"].toString(), QStringLiteral("2026-03-10T10:30:00.000Z"));
    QCOMPARE(prices.at(1)["created_at"].toString(), QStringLiteral("2026-03-09T23:00:00.000Z"));
    // 09T11:00 .. 10T10:00; the minute records of 10:xx share the 10:00 bucket.
    QCOMPARE(get("/v1/prices/past_day?by_code=WTI_USD&interval=1h").header("X-Total"), QByteArray("24"));
}

void TestSimEndpoints::historicalSeveralCodes()
{
    const SimResponse response = get("/v1/prices/past_day?by_code=WTI_USD,BRENT_CRUDE_USD&per_page=100");
    QCOMPARE(response.status, 200);
    QCOMPARE(response.header("X-Total"), QByteArray("108"));
    const QJsonArray prices = json(response)["data"]["prices"].toArray();
    QCOMPARE(prices.at(0)["code"].toString(), QStringLiteral("WTI_USD"));
    QCOMPARE(prices.at(1)["code"].toString(), QStringLiteral("BRENT_CRUDE_USD"));
    QCOMPARE(prices.at(0)["created_at"], prices.at(1)["created_at"]);
}

void TestSimEndpoints::commodities()
{
    const SimResponse response = get("/v1/commodities");
    QCOMPARE(response.status, 200);
    const QJsonObject body = json(response);
    QCOMPARE(body["status"].toString(), QStringLiteral("success"));
    const QJsonArray list = body["data"]["commodities"].toArray();
    QCOMPARE(list.size(), CommodityCatalog::builtin().size());
    QCOMPARE(body["data"]["metadata"]["total"].toInt(), list.size());
    const QJsonObject brent = list.first().toObject();
    for (const char* field : {"code", "name", "category", "unit", "currency", "description"})
        QVERIFY2(!brent[QLatin1String(field)].toString().isEmpty(), field);
    QCOMPARE(brent["active"].toBool(), true);

    const QJsonObject gas = json(get("/v1/commodities?category=natural%20gas"));
    QCOMPARE(gas["data"]["metadata"]["total"].toInt(), 3);
    const QJsonObject categories = json(get("/v1/commodities/categories"))["data"].toObject();
    QVERIFY(categories["Crude Oil"]["commodities"].toArray().contains(QStringLiteral("WTI_USD")));
}

void TestSimEndpoints::commodityDetail()
{
    const SimResponse response = get("/v1/commodities/GOLD_USD");
    QCOMPARE(response.status, 200);
    const QJsonObject data = json(response)["data"].toObject();
    QCOMPARE(data["code"].toString(), QStringLiteral("GOLD_USD"));
    QCOMPARE(data["unit"].toString(), QStringLiteral("troy oz"));
    QVERIFY(data["current_price"]["value"].toDouble() > 1000);

    const SimResponse missing = get("/v1/commodities/NOPE");
    QCOMPARE(missing.status, 404);
    QCOMPARE(json(missing)["error"]["code"].toString(), QStringLiteral("COMMODITY_NOT_FOUND"));
}

QTEST_GUILESS_MAIN(TestSimEndpoints)
#include "tst_simendpoints.moc"
