#include "alerthistoryview.h"

#include "alerthistorymodel.h"
#include "readonlytable.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace oilwatch::ui {

AlertHistoryView::AlertHistoryView(AlertHistoryModel* model, QWidget* parent)
    : QWidget(parent)
    , m_model(model)
    , m_note(new QLabel(this))
    , m_summary(new QLabel(this))
    , m_clear(new QPushButton(QStringLiteral("Clear history"), this))
    , m_table(new QTableView(this))
{
    m_note->setTextFormat(Qt::PlainText);
    m_note->setWordWrap(true);
    m_note->setVisible(false);
    m_summary->setTextFormat(Qt::PlainText);

    m_table->setObjectName(QStringLiteral("alertHistoryTable"));
    m_table->setModel(model);
    setUpReadOnlyTable(m_table);
    // Every column but the message is short; they are fitted to their contents whenever rows come in (a
    // ResizeToContents header is not refitted for rows added while its tab is hidden), the details take the
    // rest.
    const auto fitColumns = [this] {
        for (int column = 0; column < AlertHistoryModel::DetailsColumn; ++column)
            m_table->resizeColumnToContents(column);
    };
    connect(model, &QAbstractItemModel::rowsInserted, this, fitColumns);
    connect(model, &QAbstractItemModel::modelReset, this, fitColumns);
    fitColumns();

    auto* bar = new QHBoxLayout;
    bar->addWidget(m_summary, 1);
    bar->addWidget(m_clear);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_note);
    layout->addLayout(bar);
    layout->addWidget(m_table, 1);

    connect(m_clear, &QPushButton::clicked, model, &AlertHistoryModel::clear);
    connect(model, &QAbstractItemModel::rowsInserted, this, &AlertHistoryView::updateSummary);
    connect(model, &QAbstractItemModel::rowsRemoved, this, &AlertHistoryView::updateSummary);
    connect(model, &QAbstractItemModel::modelReset, this, &AlertHistoryView::updateSummary);
    updateSummary();
}

void AlertHistoryView::setNote(const QString& text)
{
    m_note->setText(text);
    m_note->setVisible(!text.isEmpty());
}

QString AlertHistoryView::note() const
{
    return m_note->text();
}

QString AlertHistoryView::summaryText() const
{
    return m_summary->text();
}

void AlertHistoryView::updateSummary()
{
    const int rows = m_model->rowCount();
    m_summary->setText(rows == 0
            ? QStringLiteral("No alert has fired yet.")
            : QStringLiteral("%1 transition%2, newest first").arg(rows).arg(rows == 1 ? "" : "s"));
    m_clear->setEnabled(rows > 0);
}

} // namespace oilwatch::ui
