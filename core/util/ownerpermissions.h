#pragma once

#include <QString>

namespace oilwatch::util {

// Makes a file or folder the user's alone: 0600 for a file, 0700 for a folder on Linux and macOS. On
// Windows it changes nothing: the app-data folder under the user's profile is already closed to other users
// by its inherited ACL, and Qt's permission bits cannot express more there. Returns false when the system
// refused.
bool restrictToOwner(const QString& path);

} // namespace oilwatch::util
