#pragma once

#include "resilience/hostregistry.h"

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>

#include <QMetaObject>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>

namespace oilwatch::resilience {

struct ConcurrencyLimiterSettings
{
    // Eight in flight per host: above QNAM's six HTTP/1.1 connections per host, so HTTP/1.1 is never starved,
    // while HTTP/2 (which Qt would multiplex without limit) cannot flood the API from one benchmark.
    int maxInFlight = 8;
    // 256 waiting: a poller never comes near it; a benchmark that outruns the host gets a fast, typed
    // "overloaded" instead of an ever-growing queue and ever-growing latencies.
    int maxQueued = 256;
};

namespace detail {
class LimiterCore;
}

// One slot of a ConcurrencyLimiter. Move-only; gives the slot back when released or destroyed. Safe to
// outlive the limiter (releasing then does nothing).
class ConcurrencyPermit
{
public:
    ConcurrencyPermit() = default;
    ConcurrencyPermit(ConcurrencyPermit&& other) noexcept;
    ConcurrencyPermit& operator=(ConcurrencyPermit&& other) noexcept;
    ConcurrencyPermit(const ConcurrencyPermit&) = delete;
    ConcurrencyPermit& operator=(const ConcurrencyPermit&) = delete;
    ~ConcurrencyPermit();

    void release();
    bool isValid() const { return !m_core.expired(); }

private:
    friend class detail::LimiterCore;
    explicit ConcurrencyPermit(std::weak_ptr<detail::LimiterCore> core);

    std::weak_ptr<detail::LimiterCore> m_core;
};

enum class AcquireStatus
{
    Granted, // the callback has already run, before acquire() returned
    Queued, // the callback runs when a slot frees up, unless cancelled first
    Overloaded, // the queue is full: the callback never runs
};

struct AcquireTicket
{
    AcquireStatus status = AcquireStatus::Overloaded;
    std::uint64_t id = 0; // for cancel(); 0 unless queued
};

// At most maxInFlight permits out at once; up to maxQueued callers wait, first come first served.
// Thread-affine: every call, and every callback, happens on the limiter's thread. Callbacks run
// synchronously, from acquire() when a slot is free and from the release that frees one otherwise.
class ConcurrencyLimiter final : public QObject
{
public:
    using Settings = ConcurrencyLimiterSettings; // for HostRegistry

    explicit ConcurrencyLimiter(ConcurrencyLimiterSettings settings = {}, QObject* parent = nullptr);
    ~ConcurrencyLimiter() override;

    // When `context` is destroyed while the caller waits, the wait is removed from the queue (it stops
    // counting towards maxQueued) and the callback never runs.
    AcquireTicket acquire(QObject* context, std::function<void(ConcurrencyPermit)> onGranted);
    // Removes a waiting caller; returns false when it is no longer waiting (granted or already gone).
    bool cancel(std::uint64_t ticketId);

    int inFlight() const;
    int queued() const;
    const ConcurrencyLimiterSettings& settings() const { return m_settings; }
    // New limits at run time: permits held stay valid; more room lets waiters in at once, less room
    // lets the calls in flight finish and admits no more until they are under the new limit.
    void setSettings(const ConcurrencyLimiterSettings& settings);

private:
    ConcurrencyLimiterSettings m_settings;
    std::shared_ptr<detail::LimiterCore> m_core;
};

namespace detail {

// The state permits point at. Separate from the QObject so a permit can outlive the limiter safely.
class LimiterCore : public std::enable_shared_from_this<LimiterCore>
{
public:
    struct Waiter
    {
        std::uint64_t id = 0;
        std::function<void(ConcurrencyPermit)> onGranted;
        QMetaObject::Connection contextWatch;
    };

    explicit LimiterCore(ConcurrencyLimiterSettings settings);
    ~LimiterCore();

    AcquireTicket acquire(std::function<void(ConcurrencyPermit)> onGranted);
    void setContextWatch(std::uint64_t id, QMetaObject::Connection connection);
    bool cancel(std::uint64_t id);
    void release();

    void setSettings(const ConcurrencyLimiterSettings& settings);
    int inFlight() const { return m_inFlight; }
    int queued() const { return static_cast<int>(m_queue.size()); }

private:
    void grantWaiting();
    ConcurrencyPermit makePermit() { return ConcurrencyPermit(weak_from_this()); }

    ConcurrencyLimiterSettings m_settings;
    std::deque<Waiter> m_queue;
    int m_inFlight = 0;
    std::uint64_t m_nextId = 1;
    bool m_granting = false;
};

} // namespace detail

// The limiters of all hosts (see HostRegistry for the contract).
class ConcurrencyLimiterRegistry : public HostRegistry<ConcurrencyLimiter>
{
public:
    explicit ConcurrencyLimiterRegistry(ConcurrencyLimiterSettings settings = {});
};

} // namespace oilwatch::resilience
