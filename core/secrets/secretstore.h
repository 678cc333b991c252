#pragma once

#include <functional>
#include <optional>

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QString>

namespace oilwatch::secrets {

enum class SecretErrorKind
{
    NotFound, // nothing stored under that name: not a failure of the store
    NoKeychain, // no working keychain on this machine (no Secret Service, no D-Bus, no backend)
    AccessDenied, // the user or the OS refused
    Failed, // anything else; the message says what
};

struct SecretError
{
    SecretErrorKind kind = SecretErrorKind::Failed;
    QString message; // one line for a person; never contains the secret

    // Whether to tell the user that this machine has no usable keychain (and offer the alternatives).
    bool keychainUnavailable() const { return kind == SecretErrorKind::NoKeychain; }
};

// What a read gives: the secret, or why not.
struct SecretReadResult
{
    std::optional<QString> value;
    std::optional<SecretError> error; // set exactly when value is not
};

// Where secrets (the API key) live, instead of the settings file. Every operation is asynchronous because
// the OS keychain is: it may talk to a daemon over D-Bus, or ask the user to unlock it. The callback runs
// on the caller's thread, later (never inside the call), and not at all when `context` is gone by then.
class SecretStore
{
public:
    using ReadDone = std::function<void(const SecretReadResult& result)>;
    using WriteDone = std::function<void(const std::optional<SecretError>& error)>;

    virtual ~SecretStore() = default;

    virtual void read(const QString& name, QObject* context, ReadDone done) = 0;
    virtual void write(const QString& name, const QString& secret, QObject* context, WriteDone done) = 0;
    // Removing what is not there succeeds.
    virtual void remove(const QString& name, QObject* context, WriteDone done) = 0;
    // "the system keychain", "this session only": for messages.
    virtual QString description() const = 0;
};

// Secrets held in this process's memory. Two uses: the test fake (with `failWith` to act as a broken
// keychain), and the session-only store a user picks when no keychain works (the key is gone at exit).
class MemorySecretStore final : public SecretStore
{
public:
    explicit MemorySecretStore(QString description = QStringLiteral("this session only"));

    void read(const QString& name, QObject* context, ReadDone done) override;
    void write(const QString& name, const QString& secret, QObject* context, WriteDone done) override;
    void remove(const QString& name, QObject* context, WriteDone done) override;
    QString description() const override { return m_description; }

    // Every later operation fails with this (nullopt: works again).
    void failWith(std::optional<SecretError> error) { m_failure = std::move(error); }
    // Synchronous peek, for tests and for the session store's owner.
    std::optional<QString> peek(const QString& name) const;

private:
    QString m_description;
    QHash<QString, QString> m_secrets;
    std::optional<SecretError> m_failure;
};

// The name the API key is stored under, in every store.
inline const QString kApiKeyName = QStringLiteral("api-key");

// Waits on a local event loop for a read, at most `timeoutMs`; for the command line, which has nothing else
// to do meanwhile. A timeout reads as NoKeychain (a keychain that does not answer is not one we can use).
SecretReadResult readAndWait(SecretStore& store, const QString& name, int timeoutMs = 5'000);
std::optional<SecretError> writeAndWait(
    SecretStore& store, const QString& name, const QString& secret, int timeoutMs = 5'000);
std::optional<SecretError> removeAndWait(SecretStore& store, const QString& name, int timeoutMs = 5'000);

} // namespace oilwatch::secrets
