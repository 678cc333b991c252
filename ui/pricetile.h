#pragma once

#include "api/apierror.h"
#include "api/quote.h"

#include <chrono>
#include <memory>
#include <optional>

#include <QDateTime>
#include <QFrame>

class QLabel;

namespace oilwatch::util {
class Clock;
}

namespace oilwatch::ui {

class BadgeLabel;

// One commodity at a glance: name, price, change since the previous value, the API's timestamp, how long
// ago the value was fetched, where it came from and a badge saying how far it can be trusted. Owns no
// timer: the window refreshes ages.
//
// Quality is shown apart from freshness: when the API's latest answer failed validation, a SUSPECT badge
// sits next to the freshness badge, the note says what was rejected and why, and the price shown is the last
// good value, its timestamp reading "last good as of …" (or "—" when there is none). Every text from the API
// (source, unit, the rules' messages quoting them) is shown as plain text, never as markup.
class PriceTile final : public QFrame
{
    Q_OBJECT
public:
    enum class Trend
    {
        None,
        Up,
        Down,
        Flat
    };

    // How far the value shown can be trusted, from best to worst (Grafana's OK / stale / error, plus the
    // step before stale: a poll is overdue but nothing has failed yet).
    enum class Freshness
    {
        None, // no value yet
        Fresh, // fetched within the last poll interval (live, or from cache while still fresh)
        Aging, // older than one poll interval: the next value is overdue
        Stale, // served from cache because the request failed
        Expired, // the request failed and the last value is too old to pass for current: shown greyed
    };

    // The value is only called aging once the poll that replaces it is overdue by more than this, so a
    // value replaced on time never flashes amber between the 1 s age refreshes.
    static constexpr std::chrono::milliseconds kAgingGrace {1000};

    explicit PriceTile(const QString& code, QWidget* parent = nullptr);

    QString code() const { return m_code; }
    bool hasQuote() const { return m_current.has_value(); }
    std::optional<api::Quote> quote() const { return m_current; }
    Trend trend() const { return m_trend; }
    Freshness freshness() const { return m_freshness; }

    void setPollInterval(std::chrono::milliseconds interval);
    std::chrono::milliseconds pollInterval() const { return m_pollInterval; }

    void setQuote(const api::Quote& quote, const api::FetchInfo& info, const util::Clock& clock);
    // An ApiError of kind CacheExpired for this code: the last value (the error's, or the one shown) stays,
    // greyed, next to the error, until a usable value arrives.
    void setExpired(const api::ApiError& error, const util::Clock& clock);
    // An ApiError of kind DataQuality for this code: its latest answer was rejected and there is no good
    // value to show instead. The tile turns suspect; a value it already shows stays, as before.
    void setRejected(const api::ApiError& error);
    void refreshAge(const util::Clock& clock);

    // How old the value on screen is, from when it was fetched; empty when there is none or its fetch time
    // is unknown.
    std::optional<qint64> valueAgeMs(const util::Clock& clock) const;
    QDateTime fetchedAt() const { return m_fetchedAt; }

    // The texts as shown, for tests and accessibility.
    QString nameText() const;
    QString priceText() const; // "$75.12 / barrel"
    QString changeText() const;
    QString timestampText() const;
    QString ageText() const;
    QString servedText() const;
    QString badgeText() const;
    QString noteText() const; // why a value is stale or expired; empty otherwise
    bool isGreyed() const { return m_freshness == Freshness::Expired; }
    // The latest answer was rejected by the validator (FetchInfo::suspect, ApiError::suspect).
    bool isSuspect() const { return m_suspect != nullptr; }
    QString qualityText() const; // "SUSPECT", or empty while the latest answer passed
    QString qualityToolTip() const; // the rules and the rejected value, as plain text

protected:
    void changeEvent(QEvent* event) override;

private:
    void showValue(const api::Quote& quote);
    void updateChange(const api::Quote& quote);
    Freshness assess(const util::Clock& clock) const;
    void showFreshness();
    void showQuality(const std::shared_ptr<const validation::Verdict>& suspect);
    void applyColours();

    QString m_code;
    std::optional<api::Quote> m_current;
    api::ServedFrom m_servedFrom = api::ServedFrom::Live;
    QDateTime m_fetchedAt;
    std::chrono::milliseconds m_pollInterval {60'000};
    std::optional<api::ApiError> m_expiredBy;
    std::shared_ptr<const validation::Verdict> m_suspect;
    QString m_qualityToolTip;
    Freshness m_freshness = Freshness::None;
    Trend m_trend = Trend::None;

    QLabel* m_name = nullptr;
    QLabel* m_codeLabel = nullptr;
    BadgeLabel* m_badge = nullptr;
    BadgeLabel* m_quality = nullptr;
    QLabel* m_price = nullptr;
    QLabel* m_unit = nullptr;
    QLabel* m_change = nullptr;
    QLabel* m_timestamp = nullptr;
    QLabel* m_age = nullptr;
    QLabel* m_served = nullptr;
    QLabel* m_note = nullptr;
};

QString freshnessText(PriceTile::Freshness freshness);

} // namespace oilwatch::ui
