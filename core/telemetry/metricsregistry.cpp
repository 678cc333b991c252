#include "telemetry/metricsregistry.h"

#include <mutex>
#include <prometheus/collectable.h>
#include <prometheus/metric_family.h>
#include <prometheus/registry.h>
#include <vector>

namespace oilwatch::telemetry {

// One collectable for the endpoint, so that a recorder added after the endpoint started is scraped too.
class MetricsRegistry::Combined final : public prometheus::Collectable
{
public:
    prometheus::Registry registry;

    void add(std::shared_ptr<prometheus::Collectable> collectable)
    {
        std::lock_guard lock(m_mutex);
        m_extra.push_back(std::move(collectable));
    }

    std::vector<prometheus::MetricFamily> Collect() const override
    {
        std::vector<prometheus::MetricFamily> families = registry.Collect();
        std::lock_guard lock(m_mutex);
        for (const auto& extra : m_extra) {
            std::vector<prometheus::MetricFamily> more = extra->Collect();
            families.insert(
                families.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
        }
        return families;
    }

private:
    mutable std::mutex m_mutex;
    std::vector<std::shared_ptr<prometheus::Collectable>> m_extra;
};

MetricsRegistry::MetricsRegistry()
    : m_combined(std::make_shared<Combined>())
{ }

MetricsRegistry::~MetricsRegistry() = default;

prometheus::Registry& MetricsRegistry::registry()
{
    return m_combined->registry;
}

void MetricsRegistry::addCollectable(std::shared_ptr<prometheus::Collectable> collectable)
{
    m_combined->add(std::move(collectable));
}

std::weak_ptr<prometheus::Collectable> MetricsRegistry::exposed() const
{
    return m_combined;
}

} // namespace oilwatch::telemetry
