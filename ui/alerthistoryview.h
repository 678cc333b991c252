#pragma once

#include <QWidget>

class QLabel;
class QPushButton;
class QTableView;

namespace oilwatch::ui {

class AlertHistoryModel;

// The alert history as a read-only table with a one-line note above it (e.g. that desktop notifications
// are not available, so this table is the only place alerts show up) and a Clear button. The model is
// the caller's: the view only shows it.
class AlertHistoryView final : public QWidget
{
    Q_OBJECT
public:
    explicit AlertHistoryView(AlertHistoryModel* model, QWidget* parent = nullptr);

    // Plain text; hidden when empty.
    void setNote(const QString& text);
    QString note() const;
    QTableView* table() const { return m_table; }
    // "No alert has fired yet." while the history is empty, "12 transitions" otherwise.
    QString summaryText() const;

private:
    void updateSummary();

    AlertHistoryModel* m_model;
    QLabel* m_note = nullptr;
    QLabel* m_summary = nullptr;
    QPushButton* m_clear = nullptr;
    QTableView* m_table = nullptr;
};

} // namespace oilwatch::ui
