#pragma once

#include "alerts/alertevent.h"

#include <QList>

namespace oilwatch::alerts {

// Where the engine sends the transitions the user must be told about (see AlertEngine for which ones):
// the tray in the app, a RecordingNotifier in tests. Called synchronously on the engine's thread; must not
// block and must not throw.
class Notifier
{
public:
    virtual ~Notifier() = default;
    virtual void notify(const AlertEvent& event) = 0;
};

// A desktop notification's title and body for an event: "Alert firing: Brent high" and the message.
QString notificationTitle(const AlertEvent& event);
QString notificationBody(const AlertEvent& event);

// Keeps every event it is given: the fake for tests.
class RecordingNotifier final : public Notifier
{
public:
    void notify(const AlertEvent& event) override { m_sent.append(event); }
    const QList<AlertEvent>& sent() const { return m_sent; }
    void clear() { m_sent.clear(); }

private:
    QList<AlertEvent> m_sent;
};

} // namespace oilwatch::alerts
