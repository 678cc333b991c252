#pragma once

#include <chrono>

#include <QLocalServer>
#include <QObject>
#include <QString>

namespace oilwatch::util {

// One dashboard per user, as desktop users expect: a second launch finds the first through a local socket,
// asks it to come to the front and exits, instead of opening a second window that polls the same API on
// the same quota and writes the same files.
//
// The first launch listens; a later one connects, sends "activate" and waits for "ok". A socket left by a
// crashed instance answers nobody: it is removed and this launch becomes the first. The socket accepts
// only this user (QLocalServer::UserAccessOption).
class SingleInstance final : public QObject
{
    Q_OBJECT
public:
    enum class Role
    {
        Primary, // no other instance: this one listens and runs
        Secondary, // another instance answered and was asked to come to the front: this one should exit
        Alone, // neither listening nor reaching another worked: run, without single-instance behaviour
    };

    // How long a second launch waits for the first to answer: long enough for a busy GUI thread, short
    // enough that a hung instance does not leave the user waiting at a blank desktop.
    static constexpr std::chrono::milliseconds kDefaultTimeout {3'000};

    // The name for this user and app-data folder, so two users, or tests with throw-away HOMEs, never meet.
    static QString defaultName();

    explicit SingleInstance(QString name = defaultName(), QObject* parent = nullptr);

    // Decides the role. For a second launch it blocks for at most `timeout` on a local socket, before any
    // window exists; the first launch's side answers asynchronously on its event loop.
    Role claim(std::chrono::milliseconds timeout = kDefaultTimeout);
    QString name() const { return m_name; }
    // Why claim() returned Alone; empty otherwise.
    QString error() const { return m_error; }

Q_SIGNALS:
    // A second launch asked this (primary) instance to show its window.
    void activationRequested();

private:
    bool askRunningInstance(std::chrono::milliseconds timeout);
    void answer();

    QString m_name;
    QString m_error;
    QLocalServer m_server;
};

} // namespace oilwatch::util
