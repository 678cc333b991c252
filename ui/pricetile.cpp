#include "pricetile.h"

#include "badgelabel.h"
#include "displayformat.h"
#include "elidedlabel.h"
#include "theme.h"
#include "util/clock.h"
#include "validation/dataqualityissue.h"

#include <algorithm>
#include <cmath>

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QTextDocument>
#include <QVBoxLayout>

namespace oilwatch::ui {

namespace {

template <typename Label = QLabel>
Label* makeLabel(QWidget* parent, const QString& objectName, const QString& text = {})
{
    auto* label = new Label(parent);
    // Plain text, always: the API's text fields (source, unit) must never be read as markup.
    label->setTextFormat(Qt::PlainText);
    label->setText(text);
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

BadgeTone toneOf(PriceTile::Freshness freshness)
{
    switch (freshness) {
    case PriceTile::Freshness::Fresh:
        return BadgeTone::Good;
    case PriceTile::Freshness::Aging:
        return BadgeTone::Caution;
    case PriceTile::Freshness::Stale:
        return BadgeTone::Warning;
    case PriceTile::Freshness::Expired:
        return BadgeTone::Critical;
    case PriceTile::Freshness::None:
        break;
    }
    return BadgeTone::Neutral;
}

const QString kLastGoodMark = QStringLiteral("last good ");

bool sameObservation(const api::Quote& a, const api::Quote& b)
{
    return a.createdAt == b.createdAt && a.price == b.price;
}

} // namespace

QString freshnessText(PriceTile::Freshness freshness)
{
    switch (freshness) {
    case PriceTile::Freshness::None:
        return QStringLiteral("NO DATA");
    case PriceTile::Freshness::Fresh:
        return QStringLiteral("FRESH");
    case PriceTile::Freshness::Aging:
        return QStringLiteral("AGING");
    case PriceTile::Freshness::Stale:
        return QStringLiteral("STALE");
    case PriceTile::Freshness::Expired:
        return QStringLiteral("EXPIRED");
    }
    return {};
}

PriceTile::PriceTile(const QString& code, QWidget* parent)
    : QFrame(parent)
    , m_code(code)
{
    setObjectName(QStringLiteral("tile_") + code);
    setFrameShape(QFrame::StyledPanel);
    setBackgroundRole(QPalette::Base);
    setAutoFillBackground(true);
    // Width comes from the window's grid only (equal columns), never from the texts: prices and ages change
    // every second and must not move the tiles. The minimum keeps a four-digit price and a long name whole.
    setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);

    m_name = makeLabel(this, QStringLiteral("name"), displayName(code));
    scaleFont(m_name, 1.1, true);
    m_codeLabel = makeLabel(this, QStringLiteral("code"), code);
    scaleFont(m_codeLabel, 0.85, false);
    m_badge = new BadgeLabel(this);
    m_badge->setObjectName(QStringLiteral("badge"));
    m_badge->setTextFormat(Qt::PlainText);
    m_badge->reserveWidthFor({freshnessText(Freshness::None), freshnessText(Freshness::Fresh),
        freshnessText(Freshness::Aging), freshnessText(Freshness::Stale), freshnessText(Freshness::Expired)});
    m_quality = new BadgeLabel(this);
    m_quality->setObjectName(QStringLiteral("quality"));
    m_quality->setTextFormat(Qt::PlainText);
    m_quality->setText(QStringLiteral("SUSPECT"));
    m_quality->setTone(BadgeTone::Critical);
    m_quality->hide();
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
    m_note = makeLabel<ElidedLabel>(this, QStringLiteral("note"));
    scaleFont(m_note, 0.85, false);

    auto* codeRow = new QHBoxLayout;
    codeRow->addWidget(m_codeLabel);
    codeRow->addStretch(1);
    codeRow->addWidget(m_quality);
    codeRow->addWidget(m_badge);

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
    layout->addLayout(codeRow);
    layout->addSpacing(4);
    layout->addLayout(priceRow);
    layout->addWidget(m_change);
    layout->addSpacing(4);
    layout->addWidget(m_timestamp);
    layout->addLayout(footRow);
    layout->addWidget(m_note);

    showFreshness();

    const QMargins margins = layout->contentsMargins();
    const int priceRowWidth = m_price->fontMetrics().horizontalAdvance(QStringLiteral("$2,650.10"))
        + priceRow->spacing() + m_unit->fontMetrics().horizontalAdvance(QStringLiteral("/ barrel"));
    const int footRowWidth = m_age->fontMetrics().horizontalAdvance(formatAge(119 * 60)) + footRow->spacing()
        + m_served->fontMetrics().horizontalAdvance(QStringLiteral("served: cache"));
    setMinimumWidth(std::max({m_name->sizeHint().width(), priceRowWidth, footRowWidth}) + margins.left()
        + margins.right());
}

void PriceTile::setPollInterval(std::chrono::milliseconds interval)
{
    m_pollInterval = std::max(interval, std::chrono::milliseconds {1});
}

void PriceTile::setQuote(const api::Quote& quote, const api::FetchInfo& info, const util::Clock& clock)
{
    updateChange(quote);
    m_current = quote;
    m_servedFrom = info.servedFrom;
    m_expiredBy.reset();
    // ageMs is the value's age when it was served, which is when it was received: what it had then plus the
    // time since gives the age now, counting up between polls.
    const QDateTime servedAt = quote.receivedAt.isValid() ? quote.receivedAt : clock.nowUtc();
    m_fetchedAt = servedAt.addMSecs(-std::max<qint64>(0, info.ageMs));

    showValue(quote);
    m_served->setText(QStringLiteral("served: ") + servedFromText(info.servedFrom));
    m_note->setText(info.servedFrom == api::ServedFrom::Stale
            ? QStringLiteral("Update failed — last known value")
            : QString());
    m_note->setToolTip(info.servedFrom == api::ServedFrom::Stale
            ? QStringLiteral("The API could not be reached; this is the last value we had, fetched %1.")
                  .arg(m_fetchedAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd hh:mm:ss")))
            : QString());
    m_served->setToolTip(m_note->toolTip());
    showQuality(info.suspect);
    refreshAge(clock);
    applyColours(); // the trend may have changed even where the freshness did not
}

void PriceTile::setExpired(const api::ApiError& error, const util::Clock& clock)
{
    if (error.lastValue) {
        const api::Quote& last = *error.lastValue;
        const bool known = m_current && sameObservation(*m_current, last);
        if (!known) {
            if (!m_current)
                m_change->setText(QStringLiteral("● no earlier value"));
            updateChange(last);
            m_current = last;
            showValue(last);
            m_fetchedAt = last.receivedAt;
        }
        if (error.lastValueAgeMs >= 0)
            m_fetchedAt = clock.nowUtc().addMSecs(-error.lastValueAgeMs);
    }
    m_expiredBy = error;
    m_served->setText(QStringLiteral("served: ") + servedFromText(api::ServedFrom::Cache));
    m_served->setToolTip(QString());
    m_note->setText(QStringLiteral("⚠ ") + (error.message.isEmpty() ? error.describe() : error.message));
    m_note->setToolTip(QStringLiteral("No current value: %1\nThe value shown is the last one we had, kept "
                                      "greyed for reference.")
                           .arg(error.describe()));
    showQuality(error.suspect);
    refreshAge(clock);
    applyColours();
}

void PriceTile::setRejected(const api::ApiError& error)
{
    showQuality(error.suspect);
    if (!m_suspect)
        m_note->setText(QStringLiteral("⚠ ") + error.message);
    applyColours();
}

void PriceTile::showQuality(const std::shared_ptr<const validation::Verdict>& suspect)
{
    m_suspect = suspect;
    // In the freshness badge's place: two badges left the code no room ("BRENT_CRU"), and "served: stale"
    // below still says where the value shown came from.
    m_quality->setVisible(suspect != nullptr);
    m_badge->setVisible(suspect == nullptr);
    // On the timestamp line, which has the tile's whole width: the value shown is the last good one. Taken
    // off first, so that it is there once, and only while the latest answer is suspect.
    if (m_timestamp->text().startsWith(kLastGoodMark))
        m_timestamp->setText(m_timestamp->text().mid(kLastGoodMark.size()));
    if (!suspect) {
        m_qualityToolTip.clear();
        m_quality->setToolTip(QString());
        return;
    }
    const api::Quote& rejected = suspect->quote;
    const QString currency
        = effectiveCurrency(rejected.currency, rejected.code.isEmpty() ? m_code : rejected.code);
    const QString rejectedPrice = formatMoney(rejected.price, currency, priceDecimals(rejected.price));
    QStringList rules;
    for (const validation::DataQualityIssue& issue : suspect->issues)
        rules << validation::ruleName(issue.rule);
    const bool lastGoodShown = m_current.has_value();
    m_note->setText(QStringLiteral("⚠ Suspect: %1 rejected (%2) — %3")
                        .arg(rejectedPrice, rules.join(QStringLiteral(", ")),
                            lastGoodShown ? QStringLiteral("last good value shown")
                                          : QStringLiteral("no good value yet")));
    if (lastGoodShown)
        m_timestamp->setText(kLastGoodMark + m_timestamp->text()); // "last good as of 2026-…"

    QStringList lines {QStringLiteral("The API's latest answer failed validation and is not shown as the "
                                      "price.")};
    lines << QStringLiteral("Rejected: %1 / %2, as of %3, source %4")
                 .arg(rejectedPrice, rejected.unit, rejected.createdAt.toUTC().toString(Qt::ISODate),
                     rejected.source);
    for (const validation::DataQualityIssue& issue : suspect->issues)
        lines << validation::ruleName(issue.rule) + QStringLiteral(": ") + issue.message;
    lines << (lastGoodShown ? QStringLiteral("The price shown is the last value that passed.")
                            : QStringLiteral("No value has passed yet."));
    m_qualityToolTip = lines.join(QLatin1Char('\n'));
    // A tooltip guesses rich text from its content: escaped into HTML, the API's text shows as written.
    const QString tip = Qt::convertFromPlainText(m_qualityToolTip, Qt::WhiteSpaceNormal);
    m_quality->setToolTip(tip);
    m_note->setToolTip(tip);
    m_served->setToolTip(tip);
}

QString PriceTile::qualityText() const
{
    return m_suspect ? m_quality->text() : QString();
}

QString PriceTile::qualityToolTip() const
{
    return m_qualityToolTip;
}

void PriceTile::showValue(const api::Quote& quote)
{
    const QString currency = effectiveCurrency(quote.currency, quote.code.isEmpty() ? m_code : quote.code);
    m_price->setText(formatMoney(quote.price, currency, priceDecimals(quote.price)));
    const QString unit = formatUnit(quote.unit);
    m_unit->setText(unit.isEmpty() ? QString() : QStringLiteral("/ ") + unit);

    m_timestamp->setText(quote.createdAt.isValid() ? QStringLiteral("as of ")
                + quote.createdAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd hh:mm:ss"))
                                                   : QStringLiteral("no timestamp from API"));
}

void PriceTile::updateChange(const api::Quote& quote)
{
    if (!m_current)
        return; // keep "waiting" text until a second value gives something to compare with
    // The same observation served again (from cache, or stale) is not a new value: keep the last change.
    if (sameObservation(quote, *m_current) && m_trend != Trend::None)
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

std::optional<qint64> PriceTile::valueAgeMs(const util::Clock& clock) const
{
    if (!m_current || !m_fetchedAt.isValid())
        return std::nullopt;
    return std::max<qint64>(0, m_fetchedAt.msecsTo(clock.nowUtc()));
}

PriceTile::Freshness PriceTile::assess(const util::Clock& clock) const
{
    if (m_expiredBy)
        return Freshness::Expired;
    if (!m_current)
        return Freshness::None;
    if (m_servedFrom == api::ServedFrom::Stale)
        return Freshness::Stale;
    const std::optional<qint64> age = valueAgeMs(clock);
    if (age && *age > (m_pollInterval + kAgingGrace).count())
        return Freshness::Aging;
    return Freshness::Fresh;
}

void PriceTile::refreshAge(const util::Clock& clock)
{
    const std::optional<qint64> age = valueAgeMs(clock);
    if (age)
        m_age->setText(formatAge(*age / 1000));
    else
        m_age->setText(m_current ? QStringLiteral("age unknown") : QString());

    const Freshness now = assess(clock);
    if (now != m_freshness) {
        m_freshness = now;
        showFreshness();
    }
}

void PriceTile::showFreshness()
{
    m_badge->setText(freshnessText(m_freshness));
    m_badge->setTone(toneOf(m_freshness));
    const qint64 intervalSec = std::max<qint64>(1, m_pollInterval.count() / 1000);
    switch (m_freshness) {
    case Freshness::None:
        m_badge->setToolTip(QStringLiteral("No value received yet."));
        break;
    case Freshness::Fresh:
        m_badge->setToolTip(
            QStringLiteral("Fetched within the last poll interval (%1).").arg(formatDuration(intervalSec)));
        break;
    case Freshness::Aging:
        m_badge->setToolTip(QStringLiteral("No new value for more than one poll interval (%1).")
                                .arg(formatDuration(intervalSec)));
        break;
    case Freshness::Stale:
        m_badge->setToolTip(
            QStringLiteral("The last request failed: this is the last value we had, served from cache."));
        break;
    case Freshness::Expired:
        m_badge->setToolTip(QStringLiteral("The last request failed and the last value is too old to pass "
                                           "for current: it is kept greyed for reference."));
        break;
    }
    applyColours();
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
QString PriceTile::badgeText() const
{
    return m_badge->text();
}
QString PriceTile::noteText() const
{
    return m_note->text();
}

void PriceTile::changeEvent(QEvent* event)
{
    QFrame::changeEvent(event);
    // Palette changes also arrive while the constructor is still creating the labels.
    if (event->type() == QEvent::PaletteChange && m_note)
        applyColours();
}

void PriceTile::applyColours()
{
    const QPalette& p = palette();
    const QColor text = p.color(QPalette::Text);
    const QColor dim = dimTextColour(p, QPalette::Text, QPalette::Base);
    const bool greyed = isGreyed();
    const QColor greyedText = greyedTextColour(p, QPalette::Text, QPalette::Base);
    setTextColour(m_codeLabel, dim);
    setTextColour(m_timestamp, dim);
    setTextColour(m_age, dim);
    setTextColour(m_price, greyed ? greyedText : (m_suspect ? dim : text));
    setTextColour(m_unit, greyed ? greyedText : dim);

    if (greyed) {
        setTextColour(m_change, greyedText);
    } else {
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
    }
    setTextColour(m_served, m_freshness == Freshness::Stale ? warningColour(p) : dim);
    setTextColour(m_note, greyed || m_suspect ? errorColour(p) : warningColour(p));
}

} // namespace oilwatch::ui
