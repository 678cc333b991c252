#include "pricetile.h"

#include "displayformat.h"
#include "theme.h"
#include "util/clock.h"

#include <cmath>

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace oilwatch::ui {

namespace {

QLabel* makeLabel(QWidget* parent, const QString& objectName, const QString& text = {})
{
    auto* label = new QLabel(text, parent);
    label->setObjectName(objectName);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // The tile is drawn on Base, so its text uses the matching Text role rather than WindowText.
    label->setForegroundRole(QPalette::Text);
    return label;
}

void setTextColour(QLabel* label, const QColor& colour)
{
    QPalette p = label->palette();
    p.setColor(label->foregroundRole(), colour);
    label->setPalette(p);
}

void scaleFont(QLabel* label, double factor, bool bold)
{
    QFont f = label->font();
    f.setPointSizeF(f.pointSizeF() * factor);
    f.setBold(bold);
    label->setFont(f);
}

} // namespace

PriceTile::PriceTile(const QString& code, QWidget* parent)
    : QFrame(parent)
    , m_code(code)
{
    setObjectName(QStringLiteral("tile_") + code);
    setFrameShape(QFrame::StyledPanel);
    setBackgroundRole(QPalette::Base);
    setAutoFillBackground(true);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);

    m_name = makeLabel(this, QStringLiteral("name"), displayName(code));
    scaleFont(m_name, 1.1, true);
    m_codeLabel = makeLabel(this, QStringLiteral("code"), code);
    scaleFont(m_codeLabel, 0.85, false);
    m_price = makeLabel(this, QStringLiteral("price"), QStringLiteral("—"));
    scaleFont(m_price, 2.0, true);
    m_unit = makeLabel(this, QStringLiteral("unit"));
    m_change = makeLabel(this, QStringLiteral("change"), QStringLiteral("waiting for first value"));
    m_timestamp = makeLabel(this, QStringLiteral("timestamp"));
    scaleFont(m_timestamp, 0.85, false);
    m_age = makeLabel(this, QStringLiteral("age"));
    scaleFont(m_age, 0.85, false);
    m_served = makeLabel(this, QStringLiteral("served"));
    scaleFont(m_served, 0.85, false);
    m_served->setAlignment(Qt::AlignRight | Qt::AlignVCenter);

    auto* priceRow = new QHBoxLayout;
    priceRow->setSpacing(6);
    priceRow->addWidget(m_price);
    priceRow->addWidget(m_unit, 0, Qt::AlignBottom);
    priceRow->addStretch(1);

    auto* footRow = new QHBoxLayout;
    footRow->addWidget(m_age);
    footRow->addStretch(1);
    footRow->addWidget(m_served);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 10, 12, 10);
    layout->setSpacing(2);
    layout->addWidget(m_name);
    layout->addWidget(m_codeLabel);
    layout->addSpacing(4);
    layout->addLayout(priceRow);
    layout->addWidget(m_change);
    layout->addSpacing(4);
    layout->addWidget(m_timestamp);
    layout->addLayout(footRow);

    applyColours();
}

void PriceTile::setQuote(const api::Quote& quote, const api::FetchInfo& info, const util::Clock& clock)
{
    updateChange(quote);
    m_current = quote;
    m_servedFrom = info.servedFrom;
    m_receivedAt = quote.receivedAt.isValid() ? quote.receivedAt : clock.nowUtc();

    const QString currency = effectiveCurrency(quote.currency, quote.code.isEmpty() ? m_code : quote.code);
    m_price->setText(formatMoney(quote.price, currency, priceDecimals(quote.price)));
    const QString unit = formatUnit(quote.unit);
    m_unit->setText(unit.isEmpty() ? QString() : QStringLiteral("/ ") + unit);

    m_timestamp->setText(quote.createdAt.isValid() ? QStringLiteral("as of ")
                + quote.createdAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd hh:mm:ss"))
                                                   : QStringLiteral("no timestamp from API"));
    m_served->setText(QStringLiteral("served: ") + servedFromText(info.servedFrom));
    m_served->setToolTip(info.servedFrom == api::ServedFrom::Stale
            ? QStringLiteral("The API could not be reached; this is the last value we had.")
            : QString());
    refreshAge(clock);
    applyColours();
}

void PriceTile::updateChange(const api::Quote& quote)
{
    if (!m_current)
        return; // keep "waiting" text until a second value gives something to compare with
    // The same observation served again (from cache, or stale) is not a new value: keep the last change.
    if (quote.createdAt == m_current->createdAt && quote.price == m_current->price && m_trend != Trend::None)
        return;

    const double previous = m_current->price;
    const double delta = quote.price - previous;
    const int decimals = priceDecimals(std::max(std::abs(previous), std::abs(quote.price)));
    const double percent = previous != 0.0 ? delta / std::abs(previous) * 100.0 : 0.0;
    const QString amount = formatNumber(std::abs(delta), decimals);
    const QString pct = QString::number(std::abs(percent), 'f', 2);

    // Rounded to what is displayed: a change too small to show is reported as unchanged, not "+0.00".
    if (formatNumber(std::abs(delta), decimals) == formatNumber(0.0, decimals)) {
        m_trend = Trend::Flat;
        m_change->setText(QStringLiteral("● unchanged"));
    } else if (delta > 0) {
        m_trend = Trend::Up;
        m_change->setText(QStringLiteral("▲ up +%1 (+%2%)").arg(amount, pct));
    } else {
        m_trend = Trend::Down;
        m_change->setText(QStringLiteral("▼ down -%1 (-%2%)").arg(amount, pct));
    }
}

void PriceTile::refreshAge(const util::Clock& clock)
{
    if (!m_receivedAt.isValid()) {
        m_age->clear();
        return;
    }
    const qint64 seconds = std::max<qint64>(0, m_receivedAt.secsTo(clock.nowUtc()));
    m_age->setText(formatAge(seconds));
}

QString PriceTile::nameText() const
{
    return m_name->text();
}

QString PriceTile::priceText() const
{
    return m_unit->text().isEmpty() ? m_price->text() : m_price->text() + QLatin1Char(' ') + m_unit->text();
}

QString PriceTile::changeText() const
{
    return m_change->text();
}
QString PriceTile::timestampText() const
{
    return m_timestamp->text();
}
QString PriceTile::ageText() const
{
    return m_age->text();
}
QString PriceTile::servedText() const
{
    return m_served->text();
}

void PriceTile::changeEvent(QEvent* event)
{
    QFrame::changeEvent(event);
    // Palette changes also arrive while the constructor is still creating the labels.
    if (event->type() == QEvent::PaletteChange && m_served)
        applyColours();
}

void PriceTile::applyColours()
{
    const QPalette& p = palette();
    const QColor dim = dimTextColour(p, QPalette::Text, QPalette::Base);
    setTextColour(m_codeLabel, dim);
    setTextColour(m_unit, dim);
    setTextColour(m_timestamp, dim);
    setTextColour(m_age, dim);

    switch (m_trend) {
    case Trend::Up:
        setTextColour(m_change, upColour(p));
        break;
    case Trend::Down:
        setTextColour(m_change, downColour(p));
        break;
    case Trend::None:
    case Trend::Flat:
        setTextColour(m_change, dim);
        break;
    }
    setTextColour(m_served, m_servedFrom == api::ServedFrom::Stale ? warningColour(p) : dim);
}

} // namespace oilwatch::ui
