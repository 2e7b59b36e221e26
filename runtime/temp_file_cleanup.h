// Temporary files must not outlive the write they serve (a killed run once left a 5.9 GB
// "*.tmp.PID" behind). OutputFile (atomic_file.h) uses these two safety nets besides removing its
// temporary file itself on failure.
#pragma once

#include <string>

namespace seg::rt {

// Registers a temporary file to be removed if SIGINT, SIGTERM or SIGHUP arrives before
// ForgetOnInterrupt. While any file is registered seg handles those signals: it removes the files,
// then the signal does what it did before (ends the process with the signal's status, or runs the
// handler that was installed, e.g. the REPL's Ctrl-C); a signal that was ignored stays ignored.
// Returns a slot for ForgetOnInterrupt, or -1 when the path cannot be registered (too long, too
// many at once): the write still works, only that net is missing.
int RemoveOnInterrupt(const std::string& path);
void ForgetOnInterrupt(int slot);

// Removes "<target>.tmp.<pid>" files beside `target` whose process is gone (a SIGKILL, a crash, a
// power cut): only regular files owned by this user, and never one of a process that is alive.
void RemoveStaleTemporaries(const std::string& target);

// The name of this process's temporary file for `target`; RemoveStaleTemporaries knows the form.
std::string TemporaryPathFor(const std::string& target);

}  // namespace seg::rt
