#pragma once

#include <functional>
#include <map>
#include <memory>

#include <QString>
#include <QStringList>

namespace oilwatch::resilience {

// One T per host, made on first use, all with the same settings: the pipeline keeps a circuit breaker and a
// concurrency limiter per host this way (CircuitBreakerRegistry, ConcurrencyLimiterRegistry).
//
// Contract:
// - Host names are compared case-insensitively, as DNS compares them, and kept lower-case: "API.example"
//   and "api.example" share one breaker, so a capitalised base URL cannot double a host's allowance.
// - An entry lives as long as the registry: the references forHost() returns stay valid, because the
//   pipeline holds them across an attempt. Nothing is ever evicted; the hosts are the few the app talks to.
// - setSettings() reaches every entry made so far (through T::setSettings) and every one made later, so a
//   change of settings never leaves two hosts on different rules.
// T names its settings type as T::Settings and has setSettings(const Settings&); `make` builds a T for a
// (lower-case) host with the current settings.
template <class T> class HostRegistry
{
public:
    using Settings = typename T::Settings;
    using Factory = std::function<std::unique_ptr<T>(const QString& host, const Settings& settings)>;

    HostRegistry(Settings settings, Factory make)
        : m_settings(std::move(settings))
        , m_make(std::move(make))
    { }

    T& forHost(const QString& host)
    {
        const QString key = host.toLower();
        auto it = m_entries.find(key);
        if (it == m_entries.end())
            it = m_entries.emplace(key, m_make(key, m_settings)).first;
        return *it->second;
    }

    // Without making one: nullptr for a host not asked for yet.
    T* find(const QString& host) const
    {
        const auto it = m_entries.find(host.toLower());
        return it == m_entries.end() ? nullptr : it->second.get();
    }

    // Lower-case, sorted.
    QStringList hosts() const
    {
        QStringList out;
        for (const auto& entry : m_entries)
            out << entry.first;
        return out;
    }

    const Settings& settings() const { return m_settings; }

    void setSettings(const Settings& settings)
    {
        m_settings = settings;
        for (auto& entry : m_entries)
            entry.second->setSettings(settings);
    }

private:
    Settings m_settings;
    Factory m_make;
    std::map<QString, std::unique_ptr<T>> m_entries;
};

} // namespace oilwatch::resilience
