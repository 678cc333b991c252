#include "preferencesdialog.h"

#include "resiliencesettingsform.h"
#include "theme.h"

#include <algorithm>

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QTabWidget>
#include <QVBoxLayout>

namespace oilwatch::ui {

namespace {

const QString kBaseUrl = QStringLiteral("api.base_url");
const QString kInterval = QStringLiteral("poll.interval_s");
const QString kBackend = QStringLiteral("cache.backend");
const QString kRedisUrl = QStringLiteral("cache.redis_url");
const QString kTheme = QStringLiteral("look.theme");

QLabel* messageLabel(QWidget* parent, const QString& name)
{
    auto* label = new QLabel(parent);
    label->setObjectName(name);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

// "/month" for a monthly counter, "/day" for a daily one; empty when the window does not say.
QString perWindow(const QString& window)
{
    if (window.startsWith(QLatin1String("month")))
        return QStringLiteral("/month");
    if (window.startsWith(QLatin1String("daily")) || window.startsWith(QLatin1String("day")))
        return QStringLiteral("/day");
    if (window.startsWith(QLatin1String("hour")))
        return QStringLiteral("/hour");
    return {};
}

QString keySourceText(secrets::KeySource source)
{
    switch (source) {
    case secrets::KeySource::Environment:
        return QStringLiteral("In use: the key from OILPRICEAPI_KEY (it wins over a stored one).");
    case secrets::KeySource::Keychain:
        return QStringLiteral("In use: the key stored in the system keychain.");
    case secrets::KeySource::Session:
        return QStringLiteral("In use: a key kept for this session only.");
    case secrets::KeySource::LegacySettingsFile:
        return QStringLiteral(
            "In use: a key stored in plain text in the settings file. Enter it here to move it "
            "into the keychain.");
    case secrets::KeySource::None:
        break;
    }
    return QStringLiteral("No key: OilWatch shows simulated prices.");
}

// The field with its message under it, in one form row: a hidden message takes no space.
// (Separate form rows for word-wrapped labels leave gaps: QFormLayout sizes them for a narrow width first.)
QWidget* withMessage(QWidget* field, QLabel* message, QLabel* note = nullptr)
{
    auto* box = new QWidget;
    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(field);
    layout->addWidget(message);
    if (note)
        layout->addWidget(note);
    return box;
}

} // namespace

PreferencesDialog::PreferencesDialog(settings::SettingsStore& store, PreferencesServices services,
    const resilience::ResilienceSettings& running, QWidget* parent)
    : QDialog(parent)
    , m_store(store)
    , m_services(std::move(services))
{
    setObjectName(QStringLiteral("preferencesDialog"));
    setWindowTitle(QStringLiteral("Preferences"));
    m_pages = new QTabWidget(this);
    m_pages->addTab(buildConnectionPage(), QStringLiteral("Connection"));
    m_pages->addTab(buildPollingPage(), QStringLiteral("Polling && cache"));
    m_pages->addTab(buildLookPage(), QStringLiteral("Look"));
    m_resilience = new ResilienceSettingsForm(running, this);
    m_resilience->setValues(m_store.resilience().settings);
    m_pages->addTab(m_resilience, QStringLiteral("Resilience"));
    // OK and Apply below save the form too: its own Apply would be a second button doing the same.
    if (auto* formApply = m_resilience->findChild<QPushButton*>(QStringLiteral("applySettings")))
        formApply->hide();

    m_buttons = new QDialogButtonBox(
        QDialogButtonBox::Ok | QDialogButtonBox::Apply | QDialogButtonBox::Cancel, this);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &PreferencesDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &PreferencesDialog::reject);
    connect(applyButton(), &QPushButton::clicked, this, &PreferencesDialog::apply);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_pages, 1);
    layout->addWidget(m_buttons);
    // Wide enough for the resilience form's three columns without a horizontal scroll bar.
    resize(1040, 600);
    validate();
}

QLineEdit* PreferencesDialog::addTextField(
    QFormLayout* form, const QString& key, const QString& label, QLabel* note)
{
    auto* edit = new QLineEdit(m_store.get(key).value(), this);
    edit->setObjectName(key);
    edit->setToolTip(settings::SettingsStore::helpFor(key));
    edit->setAccessibleName(label);
    auto* error = messageLabel(this, key + QStringLiteral(".error"));
    error->setVisible(false);
    m_fields.insert(key, edit);
    m_errors.insert(key, error);
    form->addRow(label, withMessage(edit, error, note));
    connect(edit, &QLineEdit::textChanged, this, &PreferencesDialog::validate);
    return edit;
}

QWidget* PreferencesDialog::buildConnectionPage()
{
    auto* page = new QWidget(this);
    auto* form = new QFormLayout(page);

    m_key = new QLineEdit(this);
    m_key->setObjectName(QStringLiteral("apiKey"));
    m_key->setEchoMode(QLineEdit::Password);
    m_key->setPlaceholderText(QStringLiteral("Leave empty to keep the key in use"));
    m_key->setAccessibleName(QStringLiteral("API key"));
    m_keyStatus = messageLabel(this, QStringLiteral("keyStatus"));
    m_keyStatus->setText(keySourceText(m_services.keySource));
    form->addRow(QStringLiteral("API key"), withMessage(m_key, m_keyStatus));

    // Shown only when the keychain refused: no silent plain-text fallback, the user chooses.
    m_noKeychain = new QGroupBox(QStringLiteral("No keychain on this system"), this);
    m_noKeychain->setObjectName(QStringLiteral("noKeychain"));
    auto* choice = new QVBoxLayout(m_noKeychain);
    auto* why = messageLabel(m_noKeychain, QStringLiteral("noKeychainWhy"));
    choice->addWidget(why);
    auto* choiceButtons = new QHBoxLayout;
    m_useEnvironment = new QPushButton(QStringLiteral("Use the environment variable"), m_noKeychain);
    m_useEnvironment->setObjectName(QStringLiteral("useEnvironment"));
    m_keepForSession = new QPushButton(QStringLiteral("Keep for this session only"), m_noKeychain);
    m_keepForSession->setObjectName(QStringLiteral("keepForSession"));
    choiceButtons->addWidget(m_useEnvironment);
    choiceButtons->addWidget(m_keepForSession);
    choiceButtons->addStretch(1);
    choice->addLayout(choiceButtons);
    m_noKeychain->setVisible(false);
    form->addRow(m_noKeychain);
    connect(m_useEnvironment, &QPushButton::clicked, this, [this] {
        m_pendingKey.clear();
        m_key->clear();
        m_noKeychain->setVisible(false);
        m_keyStatus->setText(
            QStringLiteral("Not stored. Start OilWatch with the key in the environment, e.g. in ~/.profile:\n"
                           "export OILPRICEAPI_KEY=your-key"));
        if (m_closeWhenKeyStored)
            QDialog::accept();
    });
    connect(m_keepForSession, &QPushButton::clicked, this, [this] {
        const QString key = m_pendingKey;
        m_pendingKey.clear();
        m_noKeychain->setVisible(false);
        if (!m_services.session || key.isEmpty())
            return;
        m_services.session->write(secrets::kApiKeyName, key, this, [this, key](const auto& error) {
            if (!error)
                keyStored(key, secrets::KeySource::Session);
        });
    });

    auto* baseUrl = addTextField(form, kBaseUrl, QStringLiteral("Endpoint"));
    baseUrl->setPlaceholderText(QStringLiteral("https://api.oilpriceapi.com"));

    m_testConnection = new QPushButton(QStringLiteral("Test connection"), this);
    m_testConnection->setObjectName(QStringLiteral("testConnection"));
    m_testConnection->setEnabled(bool(m_services.testConnection));
    connect(m_testConnection, &QPushButton::clicked, this, &PreferencesDialog::testConnection);
    m_connectionResult = messageLabel(this, QStringLiteral("connectionResult"));
    form->addRow(QString(), withMessage(m_testConnection, m_connectionResult));
    return page;
}

QWidget* PreferencesDialog::buildPollingPage()
{
    auto* page = new QWidget(this);
    auto* form = new QFormLayout(page);
    m_cost = messageLabel(this, QStringLiteral("pollCost"));
    auto* interval = addTextField(form, kInterval, QStringLiteral("Poll every (seconds)"), m_cost);
    interval->setMaximumWidth(120);
    connect(interval, &QLineEdit::textChanged, this, &PreferencesDialog::showCost);

    auto* backend = new QComboBox(this);
    backend->setObjectName(kBackend);
    backend->setAccessibleName(QStringLiteral("Cache backend"));
    backend->addItem(QStringLiteral("Local (SQLite on this machine)"), QStringLiteral("local"));
    backend->addItem(QStringLiteral("Redis (shared)"), QStringLiteral("redis"));
    backend->setCurrentIndex(backend->findData(m_store.get(kBackend).value()));
    m_fields.insert(kBackend, backend);
    auto* backendError = messageLabel(this, kBackend + QStringLiteral(".error"));
    backendError->setVisible(false);
    m_errors.insert(kBackend, backendError);
    form->addRow(QStringLiteral("Cache"), withMessage(backend, backendError));
    connect(backend, &QComboBox::currentIndexChanged, this, &PreferencesDialog::validate);

    auto* redis = addTextField(form, kRedisUrl, QStringLiteral("Redis URL"));
    redis->setPlaceholderText(QStringLiteral("redis://cache.lan:6379/0"));
    m_testCache = new QPushButton(QStringLiteral("Test"), this);
    m_testCache->setObjectName(QStringLiteral("testCache"));
    connect(m_testCache, &QPushButton::clicked, this, &PreferencesDialog::testCache);
    m_cacheResult = messageLabel(this, QStringLiteral("cacheResult"));
    form->addRow(QString(), withMessage(m_testCache, m_cacheResult));
    showCost();
    return page;
}

QWidget* PreferencesDialog::buildLookPage()
{
    auto* page = new QWidget(this);
    auto* form = new QFormLayout(page);
    form->setFieldGrowthPolicy(QFormLayout::FieldsStayAtSizeHint);
    auto* theme = new QComboBox(this);
    theme->setObjectName(kTheme);
    theme->setAccessibleName(QStringLiteral("Theme"));
    theme->addItem(QStringLiteral("As the system"), QStringLiteral("system"));
    theme->addItem(QStringLiteral("Light"), QStringLiteral("light"));
    theme->addItem(QStringLiteral("Dark"), QStringLiteral("dark"));
    theme->setCurrentIndex(std::max(0, theme->findData(m_store.get(kTheme).value())));
    m_fields.insert(kTheme, theme);
    form->addRow(QStringLiteral("Theme"), theme);
    return page;
}

QString PreferencesDialog::text(const QString& key) const
{
    QWidget* widget = m_fields.value(key);
    if (auto* edit = qobject_cast<QLineEdit*>(widget))
        return edit->text().trimmed();
    if (auto* combo = qobject_cast<QComboBox*>(widget))
        return combo->currentData().toString();
    return {};
}

QString PreferencesDialog::errorFor(const QString& key) const
{
    QLabel* label = m_errors.value(key);
    return label && !label->isHidden() ? label->text() : QString();
}

QPushButton* PreferencesDialog::okButton() const
{
    return m_buttons->button(QDialogButtonBox::Ok);
}

QPushButton* PreferencesDialog::applyButton() const
{
    return m_buttons->button(QDialogButtonBox::Apply);
}

QString PreferencesDialog::connectionResult() const
{
    return m_connectionResult->text();
}

QString PreferencesDialog::cacheResult() const
{
    return m_cacheResult->text();
}

QString PreferencesDialog::costText() const
{
    return m_cost->text();
}

QString PreferencesDialog::keyStatus() const
{
    return m_keyStatus->text();
}

void PreferencesDialog::validate()
{
    bool allValid = true;
    for (auto it = m_errors.constBegin(); it != m_errors.constEnd(); ++it) {
        const QString& key = it.key();
        std::optional<settings::SettingError> error;
        // An empty interval or Redis URL means "the default" / "none", as `config unset` does.
        if (!(text(key).isEmpty() && (key == kInterval || key == kRedisUrl)))
            error = settings::SettingsStore::check(key, text(key));
        if (!error && key == kBackend && text(kBackend) == QLatin1String("redis")
            && text(kRedisUrl).isEmpty())
            error = settings::SettingError {key, QStringLiteral("the Redis backend needs a Redis URL below")};
        it.value()->setText(error ? error->message : QString());
        it.value()->setVisible(bool(error));
        setTextColour(it.value(), errorColour(palette()));
        allValid = allValid && !error;
    }
    okButton()->setEnabled(allValid && !m_keyWriteInFlight);
    applyButton()->setEnabled(allValid && !m_keyWriteInFlight);
    m_testCache->setEnabled(
        bool(m_services.testCache) && !text(kRedisUrl).isEmpty() && errorFor(kRedisUrl).isEmpty());
}

QString PreferencesDialog::pollCost(qint64 intervalSeconds, int limit, const QString& window)
{
    const QLocale locale;
    const qint64 perDay = 86'400 / std::max<qint64>(1, intervalSeconds);
    QString cost
        = QStringLiteral("every %1 s = %2 requests/day (%3/month)")
              .arg(locale.toString(intervalSeconds), locale.toString(perDay), locale.toString(perDay * 30));
    if (limit > 0)
        cost += QStringLiteral(" of your plan's %1%2").arg(locale.toString(limit), perWindow(window));
    return cost;
}

void PreferencesDialog::showCost()
{
    const QString typed = text(kInterval);
    if (typed.isEmpty()) {
        m_cost->setText(
            QStringLiteral("Empty: every 60 s against the API, every 2 s against a simulator on this "
                           "machine. ")
            + pollCost(60, m_services.knownLimit, m_services.knownLimitWindow));
        return;
    }
    if (settings::SettingsStore::check(kInterval, typed)) {
        m_cost->clear();
        return;
    }
    m_cost->setText(pollCost(typed.toLongLong(), m_services.knownLimit, m_services.knownLimitWindow));
}

bool PreferencesDialog::apply()
{
    validate();
    if (!okButton()->isEnabled())
        return false;
    QStringList changed;
    // The resilience form saves itself, only when it differs from what is stored.
    if (m_resilience->formJson() != m_store.resilience().settings.toJson()) {
        if (!m_resilience->apply()) {
            m_pages->setCurrentWidget(m_resilience);
            return false;
        }
        changed << QStringLiteral("resilience");
    }
    // The Redis URL before the backend: the store refuses "redis" without a URL.
    for (const QString& key : {kBaseUrl, kInterval, kRedisUrl, kBackend, kTheme}) {
        const QString value = text(key);
        std::optional<settings::SettingError> error;
        if (value.isEmpty() && (key == kInterval || key == kRedisUrl)) {
            if (!m_store.isSet(key))
                continue;
            error = m_store.unset(key);
        } else if (value == m_store.get(key).value()) {
            continue; // unchanged (an untouched default stays unset, so a later default applies)
        } else {
            error = m_store.set(key, value);
        }
        if (error) {
            m_errors.value(key)->setText(error->message);
            m_errors.value(key)->setVisible(true);
            return false;
        }
        changed << key;
    }
    Q_EMIT applied(changed);
    const QString key = m_key->text().trimmed();
    if (!key.isEmpty())
        storeKey(key);
    return true;
}

void PreferencesDialog::accept()
{
    if (!apply())
        return;
    if (m_keyWriteInFlight || m_noKeychain->isVisible()) {
        m_closeWhenKeyStored = true; // closes once the key is stored or the user chose
        return;
    }
    QDialog::accept();
}

void PreferencesDialog::storeKey(const QString& key)
{
    if (!m_services.keychain) {
        m_pendingKey = key;
        m_noKeychain->findChild<QLabel*>(QStringLiteral("noKeychainWhy"))
            ->setText(
                QStringLiteral("No keychain is available, and OilWatch never writes the key to a file."));
        m_noKeychain->setVisible(true);
        return;
    }
    m_keyWriteInFlight = true;
    validate();
    m_keyStatus->setText(QStringLiteral("Saving the key in %1…").arg(m_services.keychain->description()));
    m_services.keychain->write(secrets::kApiKeyName, key, this, [this, key](const auto& error) {
        m_keyWriteInFlight = false;
        validate();
        if (!error) {
            keyStored(key, secrets::KeySource::Keychain);
            return;
        }
        if (error->keychainUnavailable()) {
            m_pendingKey = key;
            m_noKeychain->findChild<QLabel*>(QStringLiteral("noKeychainWhy"))
                ->setText(
                    QStringLiteral("The key cannot be stored safely: %1. OilWatch never writes it to a file; "
                                   "choose how to give it the key:")
                        .arg(error->message));
            m_noKeychain->setVisible(true);
            m_keyStatus->setText(keySourceText(m_services.keySource));
            return;
        }
        m_keyStatus->setText(QStringLiteral("The key was not saved: %1").arg(error->message));
        m_closeWhenKeyStored = false;
    });
}

void PreferencesDialog::keyStored(const QString& key, secrets::KeySource source)
{
    m_key->clear();
    m_services.keySource = source;
    m_keyStatus->setText(keySourceText(source));
    Q_EMIT apiKeyChanged(key, source);
    if (m_closeWhenKeyStored)
        QDialog::accept();
}

void PreferencesDialog::testConnection()
{
    if (!m_services.testConnection)
        return;
    m_testConnection->setEnabled(false);
    m_connectionResult->setText(QStringLiteral("Testing…"));
    const QUrl url(text(kBaseUrl), QUrl::StrictMode);
    m_services.testConnection(m_key->text().trimmed(), url, this, [this](const ConnectionTestResult& result) {
        m_testConnection->setEnabled(true);
        QString shown = (result.ok ? QStringLiteral("OK: ") : QStringLiteral("Failed: ")) + result.message;
        const QLocale locale;
        if (result.limit > 0)
            shown += QStringLiteral("\nPlan: %1 requests%2, %3 left")
                         .arg(locale.toString(result.limit), perWindow(result.window),
                             result.remaining >= 0 ? locale.toString(result.remaining) : QStringLiteral("?"));
        m_connectionResult->setText(shown);
        setTextColour(
            m_connectionResult, result.ok ? palette().color(QPalette::WindowText) : errorColour(palette()));
        if (result.limit > 0) {
            m_services.knownLimit = result.limit;
            m_services.knownLimitWindow = result.window;
            showCost();
        }
    });
}

void PreferencesDialog::testCache()
{
    if (!m_services.testCache)
        return;
    m_testCache->setEnabled(false);
    m_cacheResult->setText(QStringLiteral("Testing…"));
    m_services.testCache(
        QUrl(text(kRedisUrl), QUrl::StrictMode), this, [this](const CacheTestResult& result) {
            validate();
            m_cacheResult->setText(
                (result.ok ? QStringLiteral("OK: ") : QStringLiteral("Failed: ")) + result.message);
            setTextColour(
                m_cacheResult, result.ok ? palette().color(QPalette::WindowText) : errorColour(palette()));
        });
}

} // namespace oilwatch::ui
