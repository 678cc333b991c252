#include "secrets/secretstore.h"

#include <QEventLoop>
#include <QTimer>

namespace oilwatch::secrets {

namespace {

// Runs `work` from the event loop, as a real keychain would answer, and only while `context` lives.
void later(QObject* context, std::function<void()> work)
{
    QTimer::singleShot(0, context, std::move(work));
}

SecretError timedOut()
{
    return {SecretErrorKind::NoKeychain, QStringLiteral("the keychain did not answer in time")};
}

} // namespace

MemorySecretStore::MemorySecretStore(QString description)
    : m_description(std::move(description))
{ }

void MemorySecretStore::read(const QString& name, QObject* context, ReadDone done)
{
    SecretReadResult result;
    if (m_failure)
        result.error = m_failure;
    else if (m_secrets.contains(name))
        result.value = m_secrets.value(name);
    else
        result.error = SecretError {SecretErrorKind::NotFound, QStringLiteral("no secret stored")};
    later(context, [done = std::move(done), result] { done(result); });
}

void MemorySecretStore::write(const QString& name, const QString& secret, QObject* context, WriteDone done)
{
    const std::optional<SecretError> error = m_failure;
    if (!error)
        m_secrets.insert(name, secret);
    later(context, [done = std::move(done), error] { done(error); });
}

void MemorySecretStore::remove(const QString& name, QObject* context, WriteDone done)
{
    const std::optional<SecretError> error = m_failure;
    if (!error)
        m_secrets.remove(name);
    later(context, [done = std::move(done), error] { done(error); });
}

std::optional<QString> MemorySecretStore::peek(const QString& name) const
{
    if (!m_secrets.contains(name))
        return std::nullopt;
    return m_secrets.value(name);
}

SecretReadResult readAndWait(SecretStore& store, const QString& name, int timeoutMs)
{
    QEventLoop loop;
    SecretReadResult out {std::nullopt, timedOut()};
    store.read(name, &loop, [&](const SecretReadResult& result) {
        out = result;
        loop.quit();
    });
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    loop.exec();
    return out;
}

namespace {

std::optional<SecretError> waitForWrite(
    const std::function<void(QObject*, SecretStore::WriteDone)>& start, int timeoutMs)
{
    QEventLoop loop;
    std::optional<SecretError> out = timedOut();
    start(&loop, [&](const std::optional<SecretError>& error) {
        out = error;
        loop.quit();
    });
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    loop.exec();
    return out;
}

} // namespace

std::optional<SecretError> writeAndWait(
    SecretStore& store, const QString& name, const QString& secret, int timeoutMs)
{
    return waitForWrite(
        [&](QObject* context, SecretStore::WriteDone done) { store.write(name, secret, context, done); },
        timeoutMs);
}

std::optional<SecretError> removeAndWait(SecretStore& store, const QString& name, int timeoutMs)
{
    return waitForWrite(
        [&](QObject* context, SecretStore::WriteDone done) { store.remove(name, context, done); }, timeoutMs);
}

} // namespace oilwatch::secrets
