#include "resilience/concurrencylimiter.h"

#include <memory>
#include <vector>

#include <QTest>

using namespace oilwatch::resilience;

namespace {

// Collects granted permits by name, in grant order.
// Declare it before the limiter: a permit released while the limiter lives grants the next waiter, whose
// callback writes into this object, so it must not be half destroyed by then.
struct Grants
{
    std::function<void(ConcurrencyPermit)> to(const QString& name)
    {
        return [this, name](ConcurrencyPermit permit) {
            order << name;
            permits[name] = std::make_shared<ConcurrencyPermit>(std::move(permit));
        };
    }

    void release(const QString& name) { permits.at(name)->release(); }

    QStringList order;
    std::map<QString, std::shared_ptr<ConcurrencyPermit>> permits;
};

} // namespace

class TestConcurrencyLimiter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void defaults()
    {
        const ConcurrencyLimiterSettings settings;
        QCOMPARE(settings.maxInFlight, 8);
        QCOMPARE(settings.maxQueued, 256);
    }

    void admission_data()
    {
        QTest::addColumn<int>("maxInFlight");
        QTest::addColumn<int>("maxQueued");
        QTest::addColumn<int>("callers");
        QTest::addColumn<int>("granted");
        QTest::addColumn<int>("queued");
        QTest::addColumn<int>("overloaded");
        QTest::addRow("within the limit") << 2 << 3 << 2 << 2 << 0 << 0;
        QTest::addRow("queue filled") << 2 << 3 << 5 << 2 << 3 << 0;
        QTest::addRow("one too many") << 2 << 3 << 6 << 2 << 3 << 1;
        QTest::addRow("no queue") << 1 << 0 << 3 << 1 << 0 << 2;
        QTest::addRow("defaults") << 8 << 256 << 300 << 8 << 256 << 36;
    }

    void admission()
    {
        QFETCH(int, maxInFlight);
        QFETCH(int, maxQueued);
        QFETCH(int, callers);
        QFETCH(int, granted);
        QFETCH(int, queued);
        QFETCH(int, overloaded);
        Grants grants;
        ConcurrencyLimiter limiter({maxInFlight, maxQueued});
        QMap<AcquireStatus, int> statuses;
        for (int i = 0; i < callers; ++i) {
            const AcquireTicket ticket = limiter.acquire(nullptr, grants.to(QString::number(i)));
            ++statuses[ticket.status];
            QCOMPARE(ticket.id != 0, ticket.status == AcquireStatus::Queued);
        }
        QCOMPARE(statuses.value(AcquireStatus::Granted), granted);
        QCOMPARE(statuses.value(AcquireStatus::Queued), queued);
        QCOMPARE(statuses.value(AcquireStatus::Overloaded), overloaded);
        QCOMPARE(grants.order.size(), granted); // granted callbacks ran inside acquire(), the others not yet
        QCOMPARE(limiter.inFlight(), granted);
        QCOMPARE(limiter.queued(), queued);
    }

    void firstInFirstOut()
    {
        Grants grants;
        ConcurrencyLimiter limiter({1, 10});
        for (const char* name : {"a", "b", "c", "d"})
            limiter.acquire(nullptr, grants.to(QLatin1String(name)));
        QCOMPARE(grants.order, QStringList {"a"});
        grants.release("a");
        QCOMPARE(grants.order, (QStringList {"a", "b"}));
        grants.release("b");
        grants.release("c");
        QCOMPARE(grants.order, (QStringList {"a", "b", "c", "d"}));
        QCOMPARE(limiter.inFlight(), 1);
        grants.release("d");
        QCOMPARE(limiter.inFlight(), 0);
    }

    void newcomerWaitsBehindTheQueueEvenFromACallback()
    {
        Grants grants;
        ConcurrencyLimiter limiter({2, 10});
        limiter.acquire(nullptr, grants.to("x"));
        limiter.acquire(nullptr, grants.to("y"));
        // "a" gives its permit back at once and asks again ("a2") while "b" is still waiting.
        limiter.acquire(nullptr, [&](ConcurrencyPermit permit) {
            grants.order << "a";
            permit.release();
            limiter.acquire(nullptr, grants.to("a2"));
        });
        limiter.acquire(nullptr, grants.to("b"));
        grants.release("x");
        QCOMPARE(grants.order, (QStringList {"x", "y", "a", "b"}));
        grants.release("y");
        QCOMPARE(grants.order, (QStringList {"x", "y", "a", "b", "a2"}));
        QCOMPARE(limiter.inFlight(), 2);
        QCOMPARE(limiter.queued(), 0);
    }

    void callbacksReleasingAtOnceDoNotRecurse()
    {
        Grants grants;
        ConcurrencyLimiter limiter({1, 1000});
        limiter.acquire(nullptr, grants.to("first"));
        int ran = 0;
        for (int i = 0; i < 1000; ++i)
            limiter.acquire(nullptr, [&](ConcurrencyPermit) { ++ran; }); // the permit dies with the callback
        grants.release("first");
        QCOMPARE(ran, 1000);
        QCOMPARE(limiter.inFlight(), 0);
        QCOMPARE(limiter.queued(), 0);
    }

    void cancelRemovesAWaiter()
    {
        Grants grants;
        ConcurrencyLimiter limiter({1, 2});
        limiter.acquire(nullptr, grants.to("a"));
        const AcquireTicket b = limiter.acquire(nullptr, grants.to("b"));
        limiter.acquire(nullptr, grants.to("c"));
        QCOMPARE(limiter.acquire(nullptr, grants.to("d")).status, AcquireStatus::Overloaded);
        QVERIFY(limiter.cancel(b.id));
        QVERIFY(!limiter.cancel(b.id));
        QCOMPARE(limiter.queued(), 1);
        QCOMPARE(limiter.acquire(nullptr, grants.to("e")).status, AcquireStatus::Queued); // room again
        grants.release("a");
        grants.release("c");
        QCOMPARE(grants.order, (QStringList {"a", "c", "e"}));
    }

    void cancelAfterGrantIsRefused()
    {
        Grants grants;
        ConcurrencyLimiter limiter({1, 2});
        limiter.acquire(nullptr, grants.to("a"));
        const AcquireTicket b = limiter.acquire(nullptr, grants.to("b"));
        grants.release("a");
        QVERIFY(!limiter.cancel(b.id));
        QCOMPARE(limiter.inFlight(), 1);
    }

    void deadContextLeavesTheQueue()
    {
        Grants grants;
        ConcurrencyLimiter limiter({1, 2});
        limiter.acquire(nullptr, grants.to("a"));
        auto context = std::make_unique<QObject>();
        QObject keeper;
        const AcquireTicket dying = limiter.acquire(context.get(), grants.to("dying"));
        limiter.acquire(&keeper, grants.to("kept"));
        QCOMPARE(limiter.queued(), 2);
        context.reset();
        QCOMPARE(limiter.queued(), 1);
        QVERIFY(!limiter.cancel(dying.id));
        QCOMPARE(limiter.acquire(nullptr, grants.to("late")).status, AcquireStatus::Queued);
        grants.release("a");
        grants.release("kept");
        QCOMPARE(grants.order, (QStringList {"a", "kept", "late"}));
    }

    void grantedContextDeathDoesNothing()
    {
        Grants grants;
        ConcurrencyLimiter limiter({1, 2});
        auto context = std::make_unique<QObject>();
        limiter.acquire(nullptr, grants.to("a"));
        limiter.acquire(context.get(), grants.to("b"));
        grants.release("a");
        QCOMPARE(grants.order, (QStringList {"a", "b"}));
        context.reset(); // its watch was dropped when it was granted
        QCOMPARE(limiter.inFlight(), 1);
        QCOMPARE(limiter.queued(), 0);
    }

    void permitIsRaiiAndMoveOnly()
    {
        ConcurrencyLimiter limiter({2, 0});
        std::vector<ConcurrencyPermit> held;
        const auto keep = [&held](ConcurrencyPermit permit) { held.push_back(std::move(permit)); };
        limiter.acquire(nullptr, keep);
        limiter.acquire(nullptr, keep);
        QCOMPARE(limiter.inFlight(), 2);
        QVERIFY(held[0].isValid());

        ConcurrencyPermit moved = std::move(held[0]);
        QVERIFY(!held[0].isValid());
        QVERIFY(moved.isValid());
        QCOMPARE(limiter.inFlight(), 2);

        moved = std::move(held[1]); // assignment releases what `moved` held
        QCOMPARE(limiter.inFlight(), 1);
        moved.release();
        moved.release();
        QCOMPARE(limiter.inFlight(), 0);
        held.clear(); // empty permits release nothing
        QCOMPARE(limiter.inFlight(), 0);
    }

    void permitMayOutliveTheLimiter()
    {
        ConcurrencyPermit kept;
        {
            ConcurrencyLimiter limiter({1, 1});
            limiter.acquire(nullptr, [&kept](ConcurrencyPermit permit) { kept = std::move(permit); });
            limiter.acquire(
                nullptr, [](ConcurrencyPermit) { QFAIL("must not be granted after destruction"); });
        }
        QVERIFY(!kept.isValid());
        kept.release(); // nothing to do, nothing to crash
    }

    void registryIsPerHost()
    {
        Grants grants;
        ConcurrencyLimiterRegistry registry({1, 0});
        ConcurrencyLimiter& a = registry.forHost(QStringLiteral("A.example"));
        QCOMPARE(&registry.forHost(QStringLiteral("a.example")), &a);
        ConcurrencyLimiter& b = registry.forHost(QStringLiteral("b.example"));
        QCOMPARE(a.acquire(nullptr, grants.to("a")).status, AcquireStatus::Granted);
        QCOMPARE(a.acquire(nullptr, grants.to("a2")).status, AcquireStatus::Overloaded);
        QCOMPARE(b.acquire(nullptr, grants.to("b")).status, AcquireStatus::Granted);
        QCOMPARE(registry.hosts(), (QStringList {"a.example", "b.example"}));
    }
};

QTEST_GUILESS_MAIN(TestConcurrencyLimiter)
#include "tst_concurrencylimiter.moc"
