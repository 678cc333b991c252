#pragma once

namespace oilwatch::util {

// How many nice steps a background thread runs below the thread that started it: the scheduler then gives
// a thread at normal priority about three times its weight, so a waking GUI thread gets a core soon even
// while background threads keep every core busy. Kept small: against other processes the background thread
// keeps most of its share.
inline constexpr int kBackgroundNiceSteps = 5;

// Lowers the calling thread's scheduling priority by kBackgroundNiceSteps, for threads that saturate the
// CPU beside a window (benchmark load, the in-process simulator). Threads it starts afterwards inherit the
// lower priority. On Linux this is the thread's own nice value (QThread priorities change nothing under
// the default scheduler there); elsewhere QThread::LowPriority. Returns false when the system refused.
bool lowerCurrentThreadPriority();

// The calling thread's nice value on Linux; 0 elsewhere. For tests.
int currentThreadNice();

} // namespace oilwatch::util
