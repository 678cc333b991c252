#include "secrets/keychainsecretstore.h"

#ifdef OILWATCH_HAVE_QTKEYCHAIN
#include <qt6keychain/keychain.h>
#else
#include <QTimer>
#endif

namespace oilwatch::secrets {

#ifdef OILWATCH_HAVE_QTKEYCHAIN

SecretError KeychainSecretStore::mapError(int keychainError, const QString& errorString)
{
    switch (static_cast<QKeychain::Error>(keychainError)) {
    case QKeychain::EntryNotFound:
        return {SecretErrorKind::NotFound, QStringLiteral("no secret stored")};
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        return {SecretErrorKind::AccessDenied,
            QStringLiteral("the keychain refused access: %1").arg(errorString)};
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
    // 0.13 reports a missing D-Bus session or Secret Service as OtherError: on every platform we ship, a
    // keychain that fails for "something else" is one we cannot use.
    case QKeychain::OtherError:
        return {SecretErrorKind::NoKeychain, QStringLiteral("no usable keychain: %1").arg(errorString)};
    case QKeychain::CouldNotDeleteEntry:
    case QKeychain::NoError:
        break;
    }
    return {SecretErrorKind::Failed, errorString};
}

KeychainSecretStore::KeychainSecretStore(QString service)
    : m_service(std::move(service))
{ }

namespace {

// The job deletes itself once finished (QtKeychain's default); `context` decides whether anyone still
// listens.
template <class Job> Job* makeJob(const QString& service, const QString& name)
{
    auto* job = new Job(service);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(name);
    return job;
}

} // namespace

void KeychainSecretStore::read(const QString& name, QObject* context, ReadDone done)
{
    auto* job = makeJob<QKeychain::ReadPasswordJob>(m_service, name);
    QObject::connect(
        job, &QKeychain::Job::finished, context, [done = std::move(done)](QKeychain::Job* finished) {
            SecretReadResult result;
            if (finished->error() == QKeychain::NoError)
                result.value = static_cast<QKeychain::ReadPasswordJob*>(finished)->textData();
            else
                result.error = mapError(finished->error(), finished->errorString());
            done(result);
        });
    job->start();
}

void KeychainSecretStore::write(const QString& name, const QString& secret, QObject* context, WriteDone done)
{
    auto* job = makeJob<QKeychain::WritePasswordJob>(m_service, name);
    job->setTextData(secret);
    QObject::connect(
        job, &QKeychain::Job::finished, context, [done = std::move(done)](QKeychain::Job* finished) {
            if (finished->error() == QKeychain::NoError)
                done(std::nullopt);
            else
                done(mapError(finished->error(), finished->errorString()));
        });
    job->start();
}

void KeychainSecretStore::remove(const QString& name, QObject* context, WriteDone done)
{
    auto* job = makeJob<QKeychain::DeletePasswordJob>(m_service, name);
    QObject::connect(
        job, &QKeychain::Job::finished, context, [done = std::move(done)](QKeychain::Job* finished) {
            const QKeychain::Error error = finished->error();
            if (error == QKeychain::NoError || error == QKeychain::EntryNotFound)
                done(std::nullopt);
            else
                done(mapError(error, finished->errorString()));
        });
    job->start();
}

#else // built without QtKeychain: every job answers "no keychain", later, as a real one would.

namespace {

SecretError notBuiltIn()
{
    return {SecretErrorKind::NoKeychain, QStringLiteral("no usable keychain: this build has no QtKeychain")};
}

} // namespace

SecretError KeychainSecretStore::mapError(int, const QString&)
{
    return notBuiltIn();
}

KeychainSecretStore::KeychainSecretStore(QString service)
    : m_service(std::move(service))
{ }

void KeychainSecretStore::read(const QString&, QObject* context, ReadDone done)
{
    QTimer::singleShot(0, context, [done = std::move(done)] { done({std::nullopt, notBuiltIn()}); });
}

void KeychainSecretStore::write(const QString&, const QString&, QObject* context, WriteDone done)
{
    QTimer::singleShot(0, context, [done = std::move(done)] { done(notBuiltIn()); });
}

void KeychainSecretStore::remove(const QString&, QObject* context, WriteDone done)
{
    QTimer::singleShot(0, context, [done = std::move(done)] { done(notBuiltIn()); });
}

#endif

} // namespace oilwatch::secrets
