#pragma once

class QTableView;

namespace oilwatch::ui {

// A table the user reads but does not edit: whole-row selection, alternating rows without grid lines, one
// line per row at a fixed height (no per-row measuring however many rows arrive), no row numbers, the last
// column taking the free width.
void setUpReadOnlyTable(QTableView* view);

} // namespace oilwatch::ui
