#pragma once

#include <QString>

namespace oilwatch::logging {

// Registers a secret (the API key) so that every later redactSecrets() call masks it wherever it appears.
void registerSecret(const QString& secret);
void clearRegisteredSecrets();

// Masks registered secrets and anything shaped like a credential: "Token x", "Bearer x", opa_live_/opa_test_
// keys, and token=/api_key=/key= query parameters. Used on every log line, error message and excerpt.
QString redactSecrets(QString text);

} // namespace oilwatch::logging
