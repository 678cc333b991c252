#include "zoomstack.h"

namespace oilwatch::ui {

void ZoomStack::push(const Entry& left)
{
    if (m_entries.size() >= kMaxDepth)
        m_entries.erase(m_entries.begin());
    m_entries.push_back(left);
}

ZoomStack::Entry ZoomStack::pop()
{
    Q_ASSERT(!m_entries.empty());
    if (m_entries.empty())
        return std::nullopt;
    Entry back = m_entries.back();
    m_entries.pop_back();
    return back;
}

} // namespace oilwatch::ui
