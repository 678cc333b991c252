#pragma once

// The prometheus-cpp types the public telemetry headers name, declared here so that no public header pulls in
// prometheus-cpp: it is linked privately to oilwatch_core, and its headers are not on a user's include path.
namespace prometheus {
class Collectable;
class Counter;
class Exposer;
class Gauge;
class Histogram;
class Registry;
template <typename T> class Family;
} // namespace prometheus
