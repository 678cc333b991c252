#include "cache/redisqtadapter.h"

#include <hiredis/async.h>

#include <QSocketNotifier>

namespace oilwatch::cache {

RedisQtAdapter* RedisQtAdapter::attach(
    redisAsyncContext* context, void* user, std::function<void()> onContextFreed, QObject* parent)
{
    auto* adapter = new RedisQtAdapter(context, user, std::move(onContextFreed), parent);
    context->data = adapter;
    context->ev.data = adapter;
    context->ev.addRead = &RedisQtAdapter::addRead;
    context->ev.delRead = &RedisQtAdapter::delRead;
    context->ev.addWrite = &RedisQtAdapter::addWrite;
    context->ev.delWrite = &RedisQtAdapter::delWrite;
    context->ev.cleanup = &RedisQtAdapter::cleanup;
    return adapter;
}

RedisQtAdapter* RedisQtAdapter::of(const redisAsyncContext* context)
{
    return context ? static_cast<RedisQtAdapter*>(context->data) : nullptr;
}

RedisQtAdapter::RedisQtAdapter(
    redisAsyncContext* context, void* user, std::function<void()> onContextFreed, QObject* parent)
    : QObject(parent)
    , m_context(context)
    , m_user(user)
    , m_onContextFreed(std::move(onContextFreed))
    , m_read(new QSocketNotifier(context->c.fd, QSocketNotifier::Read, this))
    , m_write(new QSocketNotifier(context->c.fd, QSocketNotifier::Write, this))
{
    m_read->setEnabled(false);
    m_write->setEnabled(false);
    connect(m_read, &QSocketNotifier::activated, this, [this] {
        if (m_context)
            redisAsyncHandleRead(m_context);
    });
    connect(m_write, &QSocketNotifier::activated, this, [this] {
        if (m_context)
            redisAsyncHandleWrite(m_context);
    });
}

void RedisQtAdapter::addRead(void* self)
{
    static_cast<RedisQtAdapter*>(self)->m_read->setEnabled(true);
}

void RedisQtAdapter::delRead(void* self)
{
    static_cast<RedisQtAdapter*>(self)->m_read->setEnabled(false);
}

void RedisQtAdapter::addWrite(void* self)
{
    static_cast<RedisQtAdapter*>(self)->m_write->setEnabled(true);
}

void RedisQtAdapter::delWrite(void* self)
{
    static_cast<RedisQtAdapter*>(self)->m_write->setEnabled(false);
}

void RedisQtAdapter::cleanup(void* self)
{
    auto* adapter = static_cast<RedisQtAdapter*>(self);
    if (!adapter->m_context)
        return;
    adapter->m_context->ev.cleanup = nullptr;
    adapter->m_context = nullptr;
    adapter->m_read->setEnabled(false);
    adapter->m_write->setEnabled(false);
    if (adapter->m_user && adapter->m_onContextFreed)
        adapter->m_onContextFreed();
    adapter->deleteLater();
}

} // namespace oilwatch::cache
