#pragma once

// The commands' name for util::SignalWatcher, which holds the per-platform code.
#include "util/signalwatcher.h"

namespace oilwatch::app {
using util::SignalWatcher;
} // namespace oilwatch::app
