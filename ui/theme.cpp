#include "theme.h"

#include <array>

#include <QWidget>

namespace oilwatch::ui {

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
    const QColor text = palette.color(textRole);
    const QColor back = palette.color(backgroundRole);
    // Two thirds text, one third background keeps contrast well above WCAG's 4.5:1 for both palettes.
    return QColor((2 * text.red() + back.red()) / 3, (2 * text.green() + back.green()) / 3,
        (2 * text.blue() + back.blue()) / 3);
}

} // namespace oilwatch::ui
