// MainWindow's watchlist and data-mode parts, apart from mainwindow.cpp: the codes shown change at run time
// (the watchlist), and the public demo is labelled as such.
#include "alertruleseditor.h"
#include "alertspanel.h"
#include "feed/watchlist.h"
#include "historychartview.h"
#include "mainwindow.h"
#include "pricechart.h"
#include "pricetile.h"
#include "watchlistboard.h"
#include "watchlistdialog.h"

#include <QLabel>
#include <QStatusBar>
#include <QToolButton>

namespace oilwatch::ui {

PriceTile* MainWindow::tile(const QString& code) const
{
    return m_board->tile(code);
}

void MainWindow::showDataMode(const DataMode& mode)
{
    if (!mode.publicDemo)
        return;
    // Short: the status bar also holds the breaker and the limiter, which must not be cut; the host is in
    // the tooltip.
    m_statusBar->setMode(QStringLiteral("Demo (limited)"),
        QStringLiteral("Real prices from the public demo API at %1, without a key: about "
                       "20 requests an hour, so they are polled every few minutes.")
            .arg(mode.host));
    m_banner->setTextFormat(Qt::RichText);
    m_banner->setText(
        QStringLiteral("Real prices from the public demo — demo (limited): a few updates an hour. "
                       "<a href=\"add-key\">Add an API key…</a> for live polling."));
    m_banner->setTextInteractionFlags(Qt::LinksAccessibleByMouse | Qt::LinksAccessibleByKeyboard);
    connect(m_banner, &QLabel::linkActivated, this, &MainWindow::addApiKeyRequested);
    m_banner->show();
    m_addKey = new QToolButton(this);
    m_addKey->setObjectName(QStringLiteral("addApiKey"));
    m_addKey->setText(QStringLiteral("Add API key…"));
    m_addKey->setAccessibleName(QStringLiteral("Add an API key"));
    m_addKey->setAutoRaise(true);
    connect(m_addKey, &QToolButton::clicked, this, &MainWindow::addApiKeyRequested);
    statusBar()->addPermanentWidget(m_addKey);
    m_board->setValueNote(QStringLiteral("demo (limited)"));
}

void MainWindow::attachWatchlist(feed::Watchlist& watchlist)
{
    if (m_watchlist)
        return; // one watchlist per window
    m_watchlist = &watchlist;
    m_board->attach(watchlist);
    connect(
        &watchlist, &feed::Watchlist::changed, this, [this](const QStringList& codes) { setCodes(codes); });
    connect(m_board, &WatchlistBoard::addRequested, this, &MainWindow::editWatchlist);
    setCodes(watchlist.codes());
}

void MainWindow::setCodes(const QStringList& codes)
{
    if (codes == m_codes && codes == m_board->codes())
        return;
    for (const QString& code : std::as_const(m_codes)) {
        if (codes.contains(code))
            continue;
        // Its series goes empty and unlabelled; its points are not kept for a code nobody watches.
        m_chart->clearCode(code);
        m_chart->setThresholdLines(code, {});
        m_series.forget(code);
    }
    for (const QString& code : codes) {
        if (!m_codes.contains(code))
            m_chart->setSeriesLabel(code, code);
    }
    m_codes = codes;
    m_board->setCodes(codes);
    // The time-range presets load the watched codes, not the ones the chart happened to see.
    m_chartView->setCodes(codes);
    // New alert rules are offered the codes watched now.
    if (m_alertsPanel)
        m_alertsPanel->editor()->setKnownCodes(codes);
    if (m_redrawThresholds)
        m_redrawThresholds();
    updateOldestAge();
}

WatchlistDialog* MainWindow::editWatchlist()
{
    if (!m_watchlist)
        return nullptr;
    if (!m_watchlistDialog) {
        m_watchlistDialog = new WatchlistDialog(*m_watchlist, m_catalogueNote, this);
        m_watchlistDialog->setAttribute(Qt::WA_DeleteOnClose);
    }
    m_watchlistDialog->show();
    m_watchlistDialog->raise();
    m_watchlistDialog->activateWindow();
    return m_watchlistDialog;
}

} // namespace oilwatch::ui
