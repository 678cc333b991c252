#include "aboutdialog.h"

#include "appicon.h"
#include "oilwatch/version.h"

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace oilwatch::ui {

namespace {

QString link(const QString& url, const QString& text)
{
    return QStringLiteral("<a href=\"%1\">%2</a>").arg(url.toHtmlEscaped(), text.toHtmlEscaped());
}

QLabel* linkLabel(const QString& html, QWidget* parent)
{
    auto* label = new QLabel(html, parent);
    label->setTextFormat(Qt::RichText);
    label->setOpenExternalLinks(true);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextBrowserInteraction);
    return label;
}

} // namespace

QString AboutDialog::versionText()
{
    return QStringLiteral("OilWatch %1\nGit: %2\nQt: %3 (built with %4)")
        .arg(QLatin1String(kVersion), QLatin1String(kGitDescription), QLatin1String(qVersion()),
            QLatin1String(QT_VERSION_STR));
}

AboutDialog::AboutDialog(QWidget* parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("aboutDialog"));
    setWindowTitle(QStringLiteral("About OilWatch"));
    setWindowIcon(applicationIcon());

    auto* icon = new QLabel(this);
    icon->setObjectName(QStringLiteral("aboutIcon"));
    icon->setPixmap(applicationIcon().pixmap(96, 96));
    icon->setAlignment(Qt::AlignTop);

    auto* title = new QLabel(QStringLiteral("<h2>OilWatch %1</h2>").arg(QLatin1String(kVersion)), this);
    auto* summary = new QLabel(
        QStringLiteral("Live energy prices from OilPriceAPI through a resilient client, with a built-in "
                       "simulator."),
        this);
    summary->setWordWrap(true);
    // Selectable, so a bug report can quote it exactly.
    m_details = new QLabel(versionText(), this);
    m_details->setObjectName(QStringLiteral("aboutVersion"));
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);

    const QString homepage = QLatin1String(kHomepageUrl);
    auto* license = linkLabel(
        QStringLiteral("Released under the %1 license (%2). Qt is linked dynamically, under the LGPL-3.0 "
                       "(Qt Charts: GPL-3.0); the other libraries' notices are in %3.")
            .arg(QLatin1String(kLicense), link(homepage + QStringLiteral("/blob/main/LICENSE"), "LICENSE"),
                link(homepage + QStringLiteral("/blob/main/THIRD-PARTY-NOTICES.md"), "THIRD-PARTY-NOTICES")),
        this);
    license->setObjectName(QStringLiteral("aboutLicense"));
    auto* links = linkLabel(QStringLiteral("%1 · %2 · %3")
                                .arg(link(homepage, QStringLiteral("Project page")),
                                    link(QLatin1String(kIssuesUrl), QStringLiteral("Report a problem")),
                                    link(QStringLiteral("https://docs.oilpriceapi.com"),
                                        QStringLiteral("OilPriceAPI documentation"))),
        this);
    links->setObjectName(QStringLiteral("aboutLinks"));

    auto* text = new QVBoxLayout;
    text->addWidget(title);
    text->addWidget(summary);
    text->addWidget(m_details);
    text->addWidget(license);
    text->addWidget(links);
    text->addStretch(1);
    auto* row = new QHBoxLayout;
    row->addWidget(icon);
    row->addSpacing(12);
    row->addLayout(text, 1);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    QPushButton* copy = buttons->addButton(QStringLiteral("Copy version"), QDialogButtonBox::ActionRole);
    copy->setObjectName(QStringLiteral("aboutCopy"));
    connect(copy, &QPushButton::clicked, this, [] { QApplication::clipboard()->setText(versionText()); });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(row);
    layout->addWidget(buttons);
    setMinimumWidth(520);
}

} // namespace oilwatch::ui
