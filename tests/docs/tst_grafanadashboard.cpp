// docs/grafana/oilwatch.json, the dashboard teams import, checked against the program it charts: a real
// `oilwatch watch` polling a real `oilwatch sim` through a real redis-server, healthy and then down (so that
// retries, breaker changes and refusals exist), scraped over HTTP. Every metric a panel or a variable queries
// must be in that scrape, with every label the query selects or groups by: a renamed metric or label fails
// here, not on a team's wall screen. The file's own shape (an importable dashboard) is checked too.
#include "support/redisserver.h"

#include <csignal>
#include <memory>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

namespace {

// Series name → the label keys it carries, from the Prometheus text format.
using Scrape = QHash<QString, QSet<QString>>;

Scrape parseScrape(const QByteArray& text)
{
    Scrape series;
    static const QRegularExpression line(QStringLiteral("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([^}]*)\\})? "));
    static const QRegularExpression key(QStringLiteral("([a-zA-Z_][a-zA-Z0-9_]*)=\""));
    for (const QByteArray& raw : text.split('\n')) {
        const QRegularExpressionMatch m = line.match(QString::fromUtf8(raw));
        if (!m.hasMatch())
            continue;
        QSet<QString>& keys = series[m.captured(1)];
        for (auto k = key.globalMatch(m.captured(3)); k.hasNext();)
            keys.insert(k.next().captured(1));
    }
    return series;
}

QByteArray get(const QString& url)
{
    QNetworkAccessManager nam;
    std::unique_ptr<QNetworkReply> reply(nam.get(QNetworkRequest(QUrl(url))));
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    if (!reply->isFinished() && !finished.wait(5000))
        return {};
    return reply->error() == QNetworkReply::NoError ? reply->readAll() : QByteArray();
}

bool post(const QString& url, const QByteArray& body)
{
    QNetworkAccessManager nam;
    QNetworkRequest request {QUrl(url)};
    request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
    std::unique_ptr<QNetworkReply> reply(nam.post(request, body));
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    if (!reply->isFinished() && !finished.wait(5000))
        return false;
    return reply->error() == QNetworkReply::NoError;
}

quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

// Every query of the dashboard: the panels' targets and the variables' label_values().
QStringList queriesOf(const QJsonObject& dashboard)
{
    QStringList queries;
    for (const QJsonValue& panel : dashboard.value("panels").toArray())
        for (const QJsonValue& target : panel.toObject().value("targets").toArray())
            queries << target.toObject().value("expr").toString();
    for (const QJsonValue& variable : dashboard.value("templating").toObject().value("list").toArray())
        queries << variable.toObject().value("definition").toString();
    return queries;
}

// What `query` asks of the scrape that it does not have, one line each.
QStringList missingIn(const Scrape& scrape, const QString& query)
{
    static const QRegularExpression selector(QStringLiteral("(oilwatch_[a-z_]+)(\\{([^}]*)\\})?"));
    static const QRegularExpression key(QStringLiteral("([a-z_]+)\\s*(=~|!=|!~|=)"));
    static const QRegularExpression by(QStringLiteral("by \\(([^)]*)\\)"));
    static const QRegularExpression labelValues(
        QStringLiteral("label_values\\((oilwatch_[a-z_]+)[^,]*, (\\w+)\\)"));
    // Added by Prometheus at scrape time, not by the program.
    const QSet<QString> fromPrometheus {QStringLiteral("job"), QStringLiteral("instance")};
    QStringList missing;
    QSet<QString> labelsOfQuery;
    for (auto m = selector.globalMatch(query); m.hasNext();) {
        const QRegularExpressionMatch found = m.next();
        const QString name = found.captured(1);
        if (!scrape.contains(name)) {
            missing << QStringLiteral("no series %1").arg(name);
            continue;
        }
        labelsOfQuery += scrape.value(name);
        for (auto k = key.globalMatch(found.captured(3)); k.hasNext();) {
            const QString label = k.next().captured(1);
            if (!fromPrometheus.contains(label) && !scrape.value(name).contains(label))
                missing << QStringLiteral("%1 has no label %2").arg(name, label);
        }
    }
    for (auto m = by.globalMatch(query); m.hasNext();)
        for (const QString& label : m.next().captured(1).split(QLatin1Char(','))) {
            const QString trimmed = label.trimmed();
            if (!trimmed.isEmpty() && !labelsOfQuery.contains(trimmed))
                missing << QStringLiteral("grouped by %1, which no series of the query has").arg(trimmed);
        }
    for (auto m = labelValues.globalMatch(query); m.hasNext();) {
        const QRegularExpressionMatch found = m.next();
        if (!scrape.value(found.captured(1)).contains(found.captured(2))
            && !fromPrometheus.contains(found.captured(2)))
            missing << QStringLiteral("variable over %1 label %2, which it lacks")
                           .arg(found.captured(1), found.captured(2));
    }
    return missing;
}

QJsonObject loadDashboard()
{
    QFile file(QStringLiteral(OILWATCH_DASHBOARD_JSON));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

} // namespace

class TestGrafanaDashboard : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // Importable as it is: a Prometheus data source asked for on import, every panel on it, ids unique,
    // every panel inside Grafana's 24 columns.
    void isAnImportableDashboard()
    {
        const QJsonObject dashboard = loadDashboard();
        QVERIFY2(!dashboard.isEmpty(), "docs/grafana/oilwatch.json is missing or not JSON");
        QCOMPARE(dashboard.value("uid").toString(), QString("oilwatch"));
        const QJsonObject input = dashboard.value("__inputs").toArray().first().toObject();
        QCOMPARE(input.value("name").toString(), QString("DS_PROMETHEUS"));
        QCOMPARE(input.value("pluginId").toString(), QString("prometheus"));
        QSet<int> ids;
        int queried = 0;
        for (const QJsonValue& value : dashboard.value("panels").toArray()) {
            const QJsonObject panel = value.toObject();
            const int id = panel.value("id").toInt();
            QVERIFY2(!ids.contains(id), qPrintable(QString("panel id %1 twice").arg(id)));
            ids.insert(id);
            const QJsonObject grid = panel.value("gridPos").toObject();
            QVERIFY(grid.value("x").toInt() + grid.value("w").toInt() <= 24);
            if (panel.value("type").toString() == QLatin1String("row"))
                continue;
            QCOMPARE(
                panel.value("datasource").toObject().value("uid").toString(), QString("${DS_PROMETHEUS}"));
            QVERIFY2(
                !panel.value("targets").toArray().isEmpty(), qPrintable(panel.value("title").toString()));
            QVERIFY2(!panel.value("description").toString().isEmpty(),
                qPrintable(panel.value("title").toString()));
            ++queried;
        }
        QVERIFY(queried >= 10);
    }

    void everyQueryFindsItsMetricsInARealScrape()
    {
        const QJsonObject dashboard = loadDashboard();
        QVERIFY(!dashboard.isEmpty());
        oilwatch::testing::RedisServer redis;
        QVERIFY2(redis.start(), qPrintable(redis.error()));
        QTemporaryDir home;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("HOME", home.path());
        env.insert("XDG_DATA_HOME", home.filePath("data"));
        env.insert("XDG_CONFIG_HOME", home.filePath("config"));
        env.insert("OILPRICEAPI_KEY", "");

        QProcess sim;
        sim.setProcessEnvironment(env);
        sim.start(OILWATCH_BINARY, {"sim", "--port", "0"});
        QVERIFY(sim.waitForReadyRead(10'000));
        const QString simUrl = "http://" + QString::fromUtf8(sim.readLine()).trimmed().section(' ', 2);

        const QString metrics = QStringLiteral("127.0.0.1:%1").arg(freePort());
        QProcess watch;
        watch.setProcessEnvironment(env);
        watch.start(OILWATCH_BINARY,
            {"watch", "BRENT_CRUDE_USD", "WTI_USD", "--base-url", simUrl, "--interval", "1", "--cache-url",
                redis.url(), "--metrics-listen", metrics});
        QVERIFY(watch.waitForStarted());
        const QString scrapeUrl = "http://" + metrics + "/metrics";
        // Healthy first: live prices, the cache and the shared cache; then down, for retries, the breaker
        // opening and requests refused while it is open.
        QTRY_VERIFY_WITH_TIMEOUT(parseScrape(get(scrapeUrl)).contains("oilwatch_quote_age_seconds"), 30'000);
        QVERIFY(
            post(simUrl + "/_sim/profile", R"({"name":"down","faults":[{"kind":"status","status":503}]})"));
        QTRY_VERIFY_WITH_TIMEOUT(parseScrape(get(scrapeUrl)).contains("oilwatch_rejections_total"), 60'000);
        const Scrape scrape = parseScrape(get(scrapeUrl));
        ::kill(pid_t(watch.processId()), SIGTERM);
        ::kill(pid_t(sim.processId()), SIGTERM);
        watch.waitForFinished(10'000);
        sim.waitForFinished(10'000);

        QStringList missing;
        for (const QString& query : queriesOf(dashboard))
            for (const QString& gap : missingIn(scrape, query))
                missing << gap + QStringLiteral("\n    in ") + query;
        QVERIFY2(missing.isEmpty(), qPrintable(missing.join('\n')));
    }

    // The checker itself: a query over a metric or label the scrape lacks is reported.
    void aQueryOverAnAbsentMetricOrLabelIsReported()
    {
        const Scrape scrape = parseScrape("oilwatch_retries_total{host=\"h\",cause=\"timeout\"} 3\n");
        QVERIFY(missingIn(scrape, R"(sum by (cause) (rate(oilwatch_retries_total{host=~"$host"}[5m])))")
                    .isEmpty());
        QCOMPARE(missingIn(scrape, "rate(oilwatch_retry_total[5m])").size(), 1);
        QCOMPARE(missingIn(scrape, R"(oilwatch_retries_total{reason="x"})").size(), 1);
        QCOMPARE(missingIn(scrape, "sum by (reason) (oilwatch_retries_total)").size(), 1);
        QCOMPARE(missingIn(scrape, "label_values(oilwatch_retries_total, code)").size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestGrafanaDashboard)
#include "tst_grafanadashboard.moc"
