#include "aboutdialog.h"
#include "oilwatch/version.h"

#include <QClipboard>
#include <QLabel>
#include <QPushButton>
#include <QtTest>

using namespace oilwatch;

class TestAboutDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void showsWhatABugReportNeeds()
    {
        ui::AboutDialog dialog;
        const QString version = dialog.findChild<QLabel*>("aboutVersion")->text();
        QVERIFY(version.contains(QLatin1String(kVersion)));
        QVERIFY(version.contains(QLatin1String(kGitDescription)));
        QVERIFY(version.contains(QStringLiteral("Qt: %1").arg(QLatin1String(qVersion()))));
        QVERIFY(version.contains(QLatin1String(QT_VERSION_STR)));
        QCOMPARE(version, ui::AboutDialog::versionText());
    }

    void namesTheLicenseAndLinks()
    {
        ui::AboutDialog dialog;
        auto* license = dialog.findChild<QLabel*>("aboutLicense");
        QVERIFY(license->text().contains(QLatin1String(kLicense)));
        QVERIFY(license->text().contains("LGPL-3.0"));
        auto* links = dialog.findChild<QLabel*>("aboutLinks");
        QVERIFY(links->openExternalLinks());
        QVERIFY(links->text().contains(QLatin1String(kHomepageUrl)));
        QVERIFY(links->text().contains(QLatin1String(kIssuesUrl)));
    }

    void copiesTheVersionBlock()
    {
        ui::AboutDialog dialog;
        dialog.findChild<QPushButton*>("aboutCopy")->click();
        QCOMPARE(QGuiApplication::clipboard()->text(), ui::AboutDialog::versionText());
    }

    void drawsTheIcon()
    {
        ui::AboutDialog dialog;
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QVERIFY(!dialog.windowIcon().isNull());
        const QPixmap icon = dialog.findChild<QLabel*>("aboutIcon")->pixmap();
        QCOMPARE(icon.size(), QSize(96, 96));
        const QImage shot = dialog.grab().toImage();
        QVERIFY(!shot.isNull());
        // docs/screenshots.sh sets this to keep the picture for the user guide.
        const QString keep = qEnvironmentVariable("OILWATCH_ABOUT_SCREENSHOT");
        if (!keep.isEmpty())
            QVERIFY(shot.save(keep, "PNG"));
    }
};

QTEST_MAIN(TestAboutDialog)
#include "tst_aboutdialog.moc"
