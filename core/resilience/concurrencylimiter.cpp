#include "resilience/concurrencylimiter.h"

#include <algorithm>

namespace oilwatch::resilience {

ConcurrencyPermit::ConcurrencyPermit(std::weak_ptr<detail::LimiterCore> core)
    : m_core(std::move(core))
{ }

ConcurrencyPermit::ConcurrencyPermit(ConcurrencyPermit&& other) noexcept
    : m_core(std::exchange(other.m_core, {}))
{ }

ConcurrencyPermit& ConcurrencyPermit::operator=(ConcurrencyPermit&& other) noexcept
{
    if (this != &other) {
        release();
        m_core = std::exchange(other.m_core, {});
    }
    return *this;
}

ConcurrencyPermit::~ConcurrencyPermit()
{
    release();
}

void ConcurrencyPermit::release()
{
    // Cleared before calling in, so a callback that releases this permit again from inside does nothing.
    const std::shared_ptr<detail::LimiterCore> core = std::exchange(m_core, {}).lock();
    if (core)
        core->release();
}

namespace detail {

LimiterCore::LimiterCore(ConcurrencyLimiterSettings settings)
    : m_settings(settings)
{ }

LimiterCore::~LimiterCore()
{
    for (Waiter& waiter : m_queue)
        QObject::disconnect(waiter.contextWatch);
}

AcquireTicket LimiterCore::acquire(std::function<void(ConcurrencyPermit)> onGranted)
{
    // Only grant directly when nobody waits: otherwise a newcomer would overtake the queue.
    if (m_inFlight < m_settings.maxInFlight && m_queue.empty()) {
        ++m_inFlight;
        onGranted(makePermit());
        return AcquireTicket {AcquireStatus::Granted, 0};
    }
    if (static_cast<int>(m_queue.size()) >= m_settings.maxQueued)
        return AcquireTicket {AcquireStatus::Overloaded, 0};
    const std::uint64_t id = m_nextId++;
    m_queue.push_back(Waiter {id, std::move(onGranted), {}});
    return AcquireTicket {AcquireStatus::Queued, id};
}

void LimiterCore::setContextWatch(std::uint64_t id, QMetaObject::Connection connection)
{
    for (Waiter& waiter : m_queue) {
        if (waiter.id == id) {
            waiter.contextWatch = std::move(connection);
            return;
        }
    }
    QObject::disconnect(connection);
}

bool LimiterCore::cancel(std::uint64_t id)
{
    const auto it
        = std::find_if(m_queue.begin(), m_queue.end(), [id](const Waiter& w) { return w.id == id; });
    if (it == m_queue.end())
        return false;
    QObject::disconnect(it->contextWatch);
    m_queue.erase(it);
    return true;
}

void LimiterCore::release()
{
    m_inFlight = std::max(0, m_inFlight - 1);
    grantWaiting();
}

void LimiterCore::grantWaiting()
{
    // A callback may release its permit at once, which calls back in here: the outer loop keeps granting,
    // so the stack stays flat and the order stays FIFO.
    if (m_granting)
        return;
    m_granting = true;
    const std::shared_ptr<LimiterCore> keepAlive = shared_from_this();
    while (m_inFlight < m_settings.maxInFlight && !m_queue.empty()) {
        Waiter waiter = std::move(m_queue.front());
        m_queue.pop_front();
        QObject::disconnect(waiter.contextWatch);
        ++m_inFlight;
        waiter.onGranted(makePermit());
    }
    m_granting = false;
}

} // namespace detail

ConcurrencyLimiter::ConcurrencyLimiter(ConcurrencyLimiterSettings settings, QObject* parent)
    : QObject(parent)
    , m_settings(settings)
    , m_core(std::make_shared<detail::LimiterCore>(settings))
{ }

ConcurrencyLimiter::~ConcurrencyLimiter() = default;

AcquireTicket ConcurrencyLimiter::acquire(QObject* context, std::function<void(ConcurrencyPermit)> onGranted)
{
    const AcquireTicket ticket = m_core->acquire(std::move(onGranted));
    if (ticket.status == AcquireStatus::Queued && context) {
        const std::uint64_t id = ticket.id;
        const std::weak_ptr<detail::LimiterCore> core = m_core;
        m_core->setContextWatch(id, connect(context, &QObject::destroyed, this, [core, id]() {
            if (const auto locked = core.lock())
                locked->cancel(id);
        }));
    }
    return ticket;
}

bool ConcurrencyLimiter::cancel(std::uint64_t ticketId)
{
    return m_core->cancel(ticketId);
}

int ConcurrencyLimiter::inFlight() const
{
    return m_core->inFlight();
}

int ConcurrencyLimiter::queued() const
{
    return m_core->queued();
}

ConcurrencyLimiterRegistry::ConcurrencyLimiterRegistry(ConcurrencyLimiterSettings settings)
    : HostRegistry(settings, [](const QString&, const ConcurrencyLimiterSettings& current) {
        return std::make_unique<ConcurrencyLimiter>(current);
    })
{ }

} // namespace oilwatch::resilience

namespace oilwatch::resilience {

namespace detail {

void LimiterCore::setSettings(const ConcurrencyLimiterSettings& settings)
{
    m_settings = settings;
    grantWaiting();
}

} // namespace detail

void ConcurrencyLimiter::setSettings(const ConcurrencyLimiterSettings& settings)
{
    m_settings = settings;
    m_core->setSettings(settings);
}

} // namespace oilwatch::resilience
