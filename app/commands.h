#pragma once

#include "app/commandline.h"

namespace oilwatch::app {

// Each runs one command to the end on the current Q(Core)Application and returns the process exit code.
int runFetch(const FetchOptions& options);
int runWatch(const WatchOptions& options);
int runCache(const CacheOptions& options);
int runHistory(const HistoryOptions& options);
int runQuarantine(const QuarantineOptions& options);
int runSim(const SimOptions& options);
int runBench(const BenchOptions& options);
int runGui(const GuiOptions& options);

// Log file under the app-data folder (user-only permissions); stderr too with --verbose.
void setUpLogging(bool verbose);

} // namespace oilwatch::app
