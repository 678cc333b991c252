#pragma once

#include "api/apierror.h"
#include "api/quote.h"

#include <QHash>
#include <QMainWindow>
#include <QStringList>
#include <QTimer>

class QLabel;

namespace oilwatch::util {
class Clock;
}

namespace oilwatch::ui {

class PriceChart;
class PriceTile;

// Where the data comes from, so the window can say so plainly.
struct DataMode
{
    bool simulated = false;
    QString host; // e.g. "api.oilpriceapi.com"; shown in the status bar in live mode
};

// The main window. It only consumes signals (PriceFeed::quoteReceived / pollFailed): it never sends a
// request and never blocks.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
public:
    MainWindow(
        const QStringList& codes, const DataMode& mode, const util::Clock& clock, QWidget* parent = nullptr);

    // For tests and the app.
    PriceTile* tile(const QString& code) const { return m_tiles.value(code); }
    PriceChart* chart() const { return m_chart; }
    QString modeText() const;
    QString lastSuccessText() const;
    QString lastErrorText() const;
    bool isSimulatedBannerShown() const;

public Q_SLOTS:
    void onQuote(const oilwatch::api::Quote& quote, const oilwatch::api::FetchInfo& info);
    void onPollFailed(const oilwatch::api::ApiError& error);
    // Re-renders every "updated N s ago"; driven by a one-second timer, callable from tests.
    void refreshAges();

protected:
    void changeEvent(QEvent* event) override;

private:
    QLabel* buildBanner();
    QWidget* buildTiles(const QStringList& codes);
    void buildStatusBar(const DataMode& mode);
    void applyColours();

    const util::Clock& m_clock;
    QHash<QString, PriceTile*> m_tiles;
    PriceChart* m_chart = nullptr;
    QLabel* m_banner = nullptr;
    QLabel* m_statusMode = nullptr;
    QLabel* m_statusLastSuccess = nullptr;
    QLabel* m_statusLastError = nullptr;
    QTimer m_ageTimer;
};

} // namespace oilwatch::ui
