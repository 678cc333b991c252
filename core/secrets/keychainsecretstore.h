#pragma once

#include "secrets/secretstore.h"

namespace oilwatch::secrets {

// The OS keychain through QtKeychain: Secret Service or KWallet on Linux, the macOS Keychain, the Windows
// Credential Manager. Jobs run asynchronously; nothing here blocks.
//
// Headless Linux (no D-Bus session, no Secret Service; toolchain.md §5) fails every job with OtherError
// and messages such as "Cannot autolaunch D-Bus without X11 $DISPLAY": that is mapped to NoKeychain, so
// the caller offers the alternatives instead of showing a cryptic error. The insecure fallback stays off:
// it would write the key in plain text to a file, which is what the keychain is for avoiding.
class KeychainSecretStore final : public SecretStore
{
public:
    // `service`: the name entries are filed under in the keychain ("OilWatch").
    explicit KeychainSecretStore(QString service = QStringLiteral("OilWatch"));

    void read(const QString& name, QObject* context, ReadDone done) override;
    void write(const QString& name, const QString& secret, QObject* context, WriteDone done) override;
    void remove(const QString& name, QObject* context, WriteDone done) override;
    QString description() const override { return QStringLiteral("the system keychain"); }

    // QKeychain::Error (as an int, so this header needs no QtKeychain) and its text, to our error kinds.
    static SecretError mapError(int keychainError, const QString& errorString);

private:
    QString m_service;
};

} // namespace oilwatch::secrets
