#include "theme.h"

#include <array>
#include <cmath>

#include <QWidget>

namespace oilwatch::ui {

namespace {

QColor blend(const QColor& text, const QColor& back, int textParts, int backParts)
{
    const int total = textParts + backParts;
    return QColor((textParts * text.red() + backParts * back.red()) / total,
        (textParts * text.green() + backParts * back.green()) / total,
        (textParts * text.blue() + backParts * back.blue()) / total);
}

double relativeLuminance(const QColor& colour)
{
    const auto linear = [](double channel) {
        return channel <= 0.03928 ? channel / 12.92 : std::pow((channel + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * linear(colour.redF()) + 0.7152 * linear(colour.greenF())
        + 0.0722 * linear(colour.blueF());
}

} // namespace

bool isDarkPalette(const QPalette& palette)
{
    return palette.color(QPalette::Window).lightness() < 128;
}

QColor upColour(const QPalette& palette)
{
    return isDarkPalette(palette) ? QColor(0x5c, 0xd6, 0x7f) : QColor(0x1b, 0x7f, 0x3b);
}

QColor downColour(const QPalette& palette)
{
    return isDarkPalette(palette) ? QColor(0xff, 0x7a, 0x70) : QColor(0xb3, 0x26, 0x1e);
}

QColor errorColour(const QPalette& palette)
{
    return downColour(palette);
}

QColor warningColour(const QPalette& palette)
{
    return isDarkPalette(palette) ? QColor(0xff, 0xc1, 0x4d) : QColor(0x9a, 0x5b, 0x00);
}

void setTextColour(QWidget* widget, const QColor& colour)
{
    QPalette p = widget->palette();
    p.setColor(QPalette::WindowText, colour);
    widget->setPalette(p);
}

QColor seriesColour(std::size_t index)
{
    static const std::array<QColor, kSeriesColourCount> colours = {
        QColor(0x1f, 0x77, 0xb4),
        QColor(0xff, 0x7f, 0x0e),
        QColor(0x2c, 0xa0, 0x2c),
        QColor(0xd6, 0x27, 0x28),
        QColor(0x94, 0x67, 0xbd),
        QColor(0x17, 0xbe, 0xcf),
        QColor(0xe3, 0x77, 0xc2),
        QColor(0xbc, 0xbd, 0x22),
    };
    return colours[index % colours.size()];
}

QColor dimTextColour(
    const QPalette& palette, QPalette::ColorRole textRole, QPalette::ColorRole backgroundRole)
{
    // Two thirds text, one third background keeps contrast well above WCAG's 4.5:1 for both palettes.
    return blend(palette.color(textRole), palette.color(backgroundRole), 2, 1);
}

QColor greyedTextColour(
    const QPalette& palette, QPalette::ColorRole textRole, QPalette::ColorRole backgroundRole)
{
    // Half way keeps about 4:1 on white and 5:1 on a dark base: enough for the large price it is used for.
    return blend(palette.color(textRole), palette.color(backgroundRole), 1, 1);
}

BadgeColours badgeColours(const QPalette& palette, BadgeTone tone)
{
    // Dark palettes get light fills with dark text, light palettes the reverse: the pill measures at least
    // 3:1 against the tile (WCAG's bar for shapes that carry meaning) and its text at least 4.5:1 against
    // the fill. On light palettes amber is darkened to ochre, since a bright amber pill all but vanishes on
    // white.
    struct Pair
    {
        BadgeColours light;
        BadgeColours dark;
    };
    const QColor white(0xff, 0xff, 0xff);
    static const std::array<Pair, 5> byTone = {{
        {{QColor(0x1b, 0x7f, 0x3b), white}, {QColor(0x5c, 0xd6, 0x7f), QColor(0x0b, 0x29, 0x12)}}, // Good
        {{QColor(0xa1, 0x62, 0x07), white}, {QColor(0xff, 0xc1, 0x4d), QColor(0x20, 0x1a, 0x00)}}, // Caution
        {{QColor(0xc2, 0x41, 0x0c), white}, {QColor(0xfb, 0x92, 0x3c), QColor(0x2a, 0x10, 0x00)}}, // Warning
        {{QColor(0xb3, 0x26, 0x1e), white}, {QColor(0xff, 0x7a, 0x70), QColor(0x2b, 0x03, 0x00)}}, // Critical
        {{QColor(0x5f, 0x63, 0x68), white}, {QColor(0x9a, 0xa0, 0xa6), QColor(0x11, 0x11, 0x11)}}, // Neutral
    }};
    const Pair& pair = byTone.at(static_cast<std::size_t>(tone));
    return isDarkPalette(palette) ? pair.dark : pair.light;
}

double contrastRatio(const QColor& a, const QColor& b)
{
    const double la = relativeLuminance(a);
    const double lb = relativeLuminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

} // namespace oilwatch::ui
