#pragma once

#include "api/apierror.h"
#include "api/quote.h"

#include <QHash>
#include <QMainWindow>
#include <QStringList>
#include <QTimer>

class QAction;
class QLabel;
class QMenu;
class QTabWidget;

namespace oilwatch::util {
class Clock;
}

namespace oilwatch::resilience {
class ResilientTransport;
struct ResilienceSettings;
} // namespace oilwatch::resilience

namespace oilwatch::ui {

class BenchPanel;
class BreakerMonitor;
class BreakerStatusWidget;
class PriceChart;
class PriceTile;
class ResiliencePanel;

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

    // Shows the pipeline's state for `host` (as the breaker and limiter registries name it, no port) in the
    // status bar and adds the Resilience tab next to the chart. Through it the window reads breaker state and
    // limiter counts and uses the breaker's user controls; it never sends a request.
    void attachResilience(resilience::ResilientTransport& pipeline, const QString& host);
    // A problem with the stored settings: stays in the status bar, details in the tooltip.
    void showSettingsWarning(const QString& text, const QString& details = {});
    // View → Chart, View → Resilience and View → Benchmark.
    void showChart();
    void showResilience();
    void showBenchmark();
    BenchPanel* benchPanel() const { return m_benchPanel; }
    BreakerMonitor* breakerMonitor() const { return m_breakerMonitor; }
    BreakerStatusWidget* breakerStatus() const { return m_breakerStatus; }
    ResiliencePanel* resiliencePanel() const { return m_resiliencePanel; }
    QString settingsWarningText() const;

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
    void buildViewMenu();

    const util::Clock& m_clock;
    QHash<QString, PriceTile*> m_tiles;
    PriceChart* m_chart = nullptr;
    QLabel* m_banner = nullptr;
    QLabel* m_statusMode = nullptr;
    QLabel* m_statusLastSuccess = nullptr;
    QLabel* m_statusLastError = nullptr;
    QLabel* m_statusSettingsWarning = nullptr;
    QTabWidget* m_views = nullptr;
    BreakerMonitor* m_breakerMonitor = nullptr;
    BreakerStatusWidget* m_breakerStatus = nullptr;
    ResiliencePanel* m_resiliencePanel = nullptr;
    BenchPanel* m_benchPanel = nullptr;
    QMenu* m_viewMenu = nullptr;
    QTimer m_ageTimer;
};

} // namespace oilwatch::ui
