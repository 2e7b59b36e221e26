#include "compiler/lsp/std_module_files.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "compiler/lsp/protocol.h"
#include "stdlib/stdlib_modules.h"

namespace seg::lsp {

namespace fs = std::filesystem;

namespace {

fs::path StdFolder() {
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg != nullptr && *xdg != '\0')
    return fs::path(xdg) / "seg" / "std";
  if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0')
    return fs::path(home) / ".cache" / "seg" / "std";
  std::error_code ignored;
  return fs::temp_directory_path(ignored) / "seg-std";
}

bool HasText(const fs::path& path, std::string_view text) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream current;
  current << in.rdbuf();
  return current.str() == text;
}

}  // namespace

std::optional<std::string> StdModuleUri(const std::string& module) {
  std::optional<stdlib::Module> found = stdlib::Find(module);
  if (!found) return std::nullopt;
  fs::path folder = StdFolder();
  fs::path path = folder / (module + ".seg");
  if (!HasText(path, found->text)) {
    std::error_code error;
    fs::create_directories(folder, error);
    // Written under a temporary name and renamed, so an editor never opens half a file.
    fs::path partial = folder / (module + ".seg.partial");
    fs::permissions(path, fs::perms::owner_write, fs::perm_options::add, error);
    {
      std::ofstream out(partial, std::ios::binary | std::ios::trunc);
      out << found->text;
      if (!out.flush()) return std::nullopt;
    }
    fs::rename(partial, path, error);
    if (error) return std::nullopt;
    // Read-only: an edit there would change nothing seg runs.
    fs::permissions(path, fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read, error);
  }
  return UriFromPath(fs::absolute(path).string());
}

bool IsStdModuleCopy(const std::string& path) {
  fs::path file(path);
  std::string name = file.filename().string();
  if (name.size() < 5 || name.compare(name.size() - 4, 4, ".seg") != 0) return false;
  std::error_code error;
  return stdlib::Find(name.substr(0, name.size() - 4)) && fs::equivalent(file.parent_path(), StdFolder(), error);
}

std::string StdModuleOfSourcePath(const std::string& path) {
  if (path.size() < 3 || path.front() != '<' || path.back() != '>') return "";
  return path.substr(1, path.size() - 2);
}

}  // namespace seg::lsp
