// The std.* modules live inside seg (embedded at build time), not on the user's disk. To let
// an editor open one (go to definition of `rfm_segment`), each is written out, read-only, under
// the user's cache folder: $XDG_CACHE_HOME/seg/std, or ~/.cache/seg/std (the JIT's code cache
// sits beside it), or the temporary folder when neither exists.
#pragma once
#include <optional>
#include <string>

namespace seg::lsp {

// The file:// URI of the module's copy ("std.rfm"), written if missing or stale; nullopt when
// there is no such module or the copy cannot be written.
std::optional<std::string> StdModuleUri(const std::string& module);

// Whether `path` is one of those copies: opened on its own it lacks the inputs the importing
// file declares, so its "unknown name" errors would be noise and are not shown.
bool IsStdModuleCopy(const std::string& path);

// "std.rfm" for the compilation's source path of an imported module ("<std.rfm>"), else "".
std::string StdModuleOfSourcePath(const std::string& path);

}  // namespace seg::lsp
