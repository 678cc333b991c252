#pragma once

#include <vector>

#include <QString>
#include <QStringList>
#include <QStringView>

namespace oilwatch::sim {

struct CommodityInfo
{
    QString code;
    QString name;
    QString category;
    QString unit;
    QString currency; // USD, EUR or GBP
    QString description;
    double startPrice = 0.0; // typical level the simulated walk starts from and reverts to
    double annualVolatility = 0.0; // of log returns; drives the size of every simulated tick
    int decimals = 2; // prices are rounded to this many places
};

// The codes the simulator serves (contract §4), with realistic levels and volatilities.
class CommodityCatalog
{
public:
    CommodityCatalog(); // the built-in catalogue
    explicit CommodityCatalog(std::vector<CommodityInfo> commodities);

    static const CommodityCatalog& builtin();

    const std::vector<CommodityInfo>& all() const { return m_commodities; }
    qsizetype size() const { return qsizetype(m_commodities.size()); }
    // Exact, case-sensitive match (codes are upper case); nullptr when unknown.
    const CommodityInfo* find(QStringView code) const;
    int indexOf(QStringView code) const; // -1 when unknown
    QStringList codes() const;

    // Up to maxCount known codes that look like the unknown one, best first: the API answers an unknown code
    // with such suggestions ("BRENNT" -> BRENT_CRUDE_USD).
    QStringList suggestions(QStringView unknownCode, int maxCount = 3) const;

private:
    std::vector<CommodityInfo> m_commodities;
};

} // namespace oilwatch::sim
