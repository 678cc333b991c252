#include "chartexport.h"

#include <QFileInfo>
#include <QLayout>
#include <QPainter>
#include <QPixmap>
#include <QSaveFile>
#include <QSvgGenerator>
#include <QWidget>

namespace oilwatch::ui {

QString chartImageFilter()
{
    return QStringLiteral("PNG image (*.png);;SVG image (*.svg)");
}

std::optional<QString> exportWidgetImage(QWidget& widget, const QString& path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix != QLatin1String("png") && suffix != QLatin1String("svg"))
        return QStringLiteral("Choose a file name ending in .png or .svg (not \"%1\").")
            .arg(QFileInfo(path).fileName());
    // A widget never shown has no layout yet.
    if (QLayout* layout = widget.layout())
        layout->activate();

    // Written to a temporary file and renamed: a failed export never leaves half a picture in its place.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return QStringLiteral("Cannot write %1: %2").arg(path, file.errorString());
    if (suffix == QLatin1String("png")) {
        if (!widget.grab().save(&file, "PNG"))
            return QStringLiteral("Cannot write the PNG image to %1").arg(path);
    } else {
        QSvgGenerator svg;
        svg.setOutputDevice(&file);
        svg.setSize(widget.size());
        svg.setViewBox(QRect(QPoint(0, 0), widget.size()));
        svg.setTitle(QStringLiteral("OilWatch price chart"));
        svg.setDescription(QStringLiteral("Exported from OilWatch"));
        QPainter painter;
        if (!painter.begin(&svg))
            return QStringLiteral("Cannot start the SVG image for %1").arg(path);
        widget.render(&painter);
        painter.end();
    }
    if (!file.commit())
        return QStringLiteral("Cannot write %1: %2").arg(path, file.errorString());
    return std::nullopt;
}

} // namespace oilwatch::ui
