#pragma once

#include "validation/catalogueentry.h"
#include "validation/validationsettings.h"

#include <optional>
#include <vector>

#include <QString>

namespace oilwatch::validation {

// One row of the built-in table: a range wide enough for every price the market has printed, with headroom,
// in the unit and currency the simulator and the API use for the code. `source` says where it comes from.
struct RangeRow
{
    QString code;
    PriceRange range;
    QString source;
};

enum class RangeOrigin
{
    Settings,
    Catalogue,
    BuiltinTable,
};
QString rangeOriginName(RangeOrigin origin); // "settings" | "catalogue" | "builtin"

struct ChosenRange
{
    PriceRange range;
    RangeOrigin origin = RangeOrigin::BuiltinTable;
};

class PlausibleRanges
{
public:
    static const std::vector<RangeRow>& builtinTable();
    static const RangeRow* builtinRow(const QString& code);

    // Settings override, else the catalogue's limits, else the built-in row; nullopt when none knows the
    // code (the range rule is then skipped, never guessed).
    static std::optional<ChosenRange> choose(
        const QString& code, const CatalogueEntry* entry, const ValidationSettings& settings);
};

} // namespace oilwatch::validation
