#pragma once

#include <QLabel>

namespace oilwatch::ui {

// One line of text that gives way instead of clipping or wrapping: squeezed below its text's width it ends
// in "…" (keep the whole text in the tooltip), and it keeps its line's height even when empty, so showing or
// clearing a message never moves what is below it.
class ElidedLabel final : public QLabel
{
    Q_OBJECT
public:
    explicit ElidedLabel(QWidget* parent = nullptr);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;
};

} // namespace oilwatch::ui
