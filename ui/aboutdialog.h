#pragma once

#include <QDialog>

class QLabel;

namespace oilwatch::ui {

// Help → About OilWatch: what a bug report needs (version, git commit, the Qt it runs on and was built
// with) and where the license, the notices and the project live.
class AboutDialog final : public QDialog
{
    Q_OBJECT
public:
    explicit AboutDialog(QWidget* parent = nullptr);

    // The version block as plain text, the same words the dialog shows; for tests and the clipboard.
    static QString versionText();

private:
    QLabel* m_details = nullptr;
};

} // namespace oilwatch::ui
