#pragma once

#include "bench/benchconfig.h"
#include "bench/benchresult.h"

#include <memory>

#include <QObject>

namespace oilwatch::bench {

// One benchmark run. The load is generated and measured on worker threads of its own; the signals arrive on
// the thread that created the run, so a window can connect to them directly and never blocks.
class BenchRun final : public QObject
{
    Q_OBJECT
public:
    explicit BenchRun(BenchConfig config, QObject* parent = nullptr);
    ~BenchRun() override; // stops and joins the workers

    const BenchConfig& config() const;
    bool isRunning() const;
    // Runs the load threads and the in-process simulator below the priority of the thread that created the
    // run, so that a window on it stays responsive while they keep every core busy. It costs the run
    // nothing measurable: the window's thread wants little CPU, only soon. Call before start().
    void setLowPriority(bool low);

    // Checks the config, starts the simulator when the target is Simulator, then the warm-up and the
    // measured phase. A config that does not validate ends with failed() and no request is sent.
    void start();
    // Cancels every request in flight at once; finished() follows with what was measured so far.
    void stop();

Q_SIGNALS:
    void progress(const oilwatch::bench::BenchProgress& progress);
    void finished(const oilwatch::bench::BenchResult& result);
    void failed(const QString& message); // the run could not start

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace oilwatch::bench
