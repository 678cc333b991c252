#pragma once

#include <memory>

#include <QObject>
#include <QSocketNotifier>

namespace oilwatch::app {

// Turns SIGINT and SIGTERM into a Qt signal on the event loop (the self-pipe pattern): a signal handler may
// only write a byte; everything else happens in terminationRequested's slots.
class SignalWatcher final : public QObject
{
    Q_OBJECT
public:
    explicit SignalWatcher(QObject* parent = nullptr);
    ~SignalWatcher() override;

Q_SIGNALS:
    void terminationRequested(int signalNumber);

private:
    std::unique_ptr<QSocketNotifier> m_notifier;
};

} // namespace oilwatch::app
