#pragma once

#include <functional>

#include <QObject>

struct redisAsyncContext;
class QSocketNotifier;

namespace oilwatch::cache {

// Drives one hiredis asynchronous context from the Qt event loop. hiredis says through its ev hooks when it
// wants to read or write; two QSocketNotifiers on the context's socket call back into hiredis. Written for
// hiredis 0.14 (Debian 12) without its adapters/qt.h, and only uses hooks that hiredis 1.x keeps.
//
// Lifetime: hiredis calls the cleanup hook when it frees the context. From then on the adapter never calls
// hiredis again, runs `onContextFreed`, and deletes itself later from the event loop (not at once: the
// cleanup hook may run inside one of its own notifier slots, and hiredis may still read ac->data afterwards).
class RedisQtAdapter final : public QObject
{
    Q_OBJECT
public:
    // Installs the hooks and sets context->data to the adapter. `user` is an opaque pointer for the owner's
    // hiredis callbacks (see user()). `onContextFreed` runs inside hiredis while the context is still
    // readable, so it must not call hiredis; it does not run once forgetUser() was called.
    static RedisQtAdapter* attach(
        redisAsyncContext* context, void* user, std::function<void()> onContextFreed, QObject* parent);
    // The adapter of a context attached above, or nullptr.
    static RedisQtAdapter* of(const redisAsyncContext* context);

    // Set to nullptr by an owner that is going away, so late hiredis callbacks find nobody to tell.
    void* user() const { return m_user; }
    void forgetUser() { m_user = nullptr; }
    bool contextAlive() const { return m_context != nullptr; }

private:
    RedisQtAdapter(
        redisAsyncContext* context, void* user, std::function<void()> onContextFreed, QObject* parent);

    static void addRead(void* self);
    static void delRead(void* self);
    static void addWrite(void* self);
    static void delWrite(void* self);
    static void cleanup(void* self);

    redisAsyncContext* m_context;
    void* m_user;
    std::function<void()> m_onContextFreed;
    QSocketNotifier* m_read;
    QSocketNotifier* m_write;
};

} // namespace oilwatch::cache
