#pragma once

#include "api/quote.h"

#include <optional>

#include <QDateTime>
#include <QFrame>

class QLabel;

namespace oilwatch::util {
class Clock;
}

namespace oilwatch::ui {

// One commodity at a glance: name, price, change since the previous value, the API's timestamp, how long
// ago we heard of it and whether it came live, from cache or stale. Owns no timer: the window refreshes ages.
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

    explicit PriceTile(const QString& code, QWidget* parent = nullptr);

    QString code() const { return m_code; }
    bool hasQuote() const { return m_current.has_value(); }
    std::optional<api::Quote> quote() const { return m_current; }
    Trend trend() const { return m_trend; }

    void setQuote(const api::Quote& quote, const api::FetchInfo& info, const util::Clock& clock);
    void refreshAge(const util::Clock& clock);

    // The texts as shown, for tests and accessibility.
    QString nameText() const;
    QString priceText() const; // "$75.12 / barrel"
    QString changeText() const;
    QString timestampText() const;
    QString ageText() const;
    QString servedText() const;

protected:
    void changeEvent(QEvent* event) override;

private:
    void updateChange(const api::Quote& quote);
    void applyColours();

    QString m_code;
    std::optional<api::Quote> m_current;
    api::ServedFrom m_servedFrom = api::ServedFrom::Live;
    QDateTime m_receivedAt;
    Trend m_trend = Trend::None;

    QLabel* m_name = nullptr;
    QLabel* m_codeLabel = nullptr;
    QLabel* m_price = nullptr;
    QLabel* m_unit = nullptr;
    QLabel* m_change = nullptr;
    QLabel* m_timestamp = nullptr;
    QLabel* m_age = nullptr;
    QLabel* m_served = nullptr;
};

} // namespace oilwatch::ui
