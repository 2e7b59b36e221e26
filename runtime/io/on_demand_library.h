// A shared library opened by dlopen on first use instead of by the dynamic loader at process
// start (runtime/io/postgres/libpq_on_demand.cc says why): libpq, libcurl and libcrypto, whose
// functions seg defines as calls through Symbol() (SEG_ON_DEMAND). A library or function that cannot be loaded ends the
// process with a message naming it and what needed it, as a missing library at start did before.
#pragma once
#include <dlfcn.h>

#include <cstdio>
#include <cstdlib>

namespace seg::rt {

class OnDemandLibrary {
 public:
  // `soname`: the library's major version (the ABI of the headers compiled against); `user`:
  // what needs it, for the message ("PostgreSQL").
  constexpr OnDemandLibrary(const char* soname, const char* user) : soname_(soname), user_(user) {}

  // The function `name` of the library (opened on the first call of any), as `Function`.
  template <typename Function> Function Symbol(const char* name) const {
    void* f = dlsym(Handle(), name);
    if (f == nullptr) CannotLoad(name);
    return reinterpret_cast<Function>(f);
  }

 private:
  // Each function is looked up once (its caller keeps it), and dlopen of a library already open
  // only counts a reference: no handle to keep here.
  void* Handle() const {
    void* handle = dlopen(soname_, RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) CannotLoad(nullptr);
    return handle;
  }

  // `function` null: the library itself.
  [[noreturn]] void CannotLoad(const char* function) const {
    const char* why = dlerror();
    if (function == nullptr) {
      std::fprintf(stderr, "seg: %s needs %s, which could not be loaded: %s\n", user_, soname_,
                   why != nullptr ? why : "not found");
    } else {
      std::fprintf(stderr, "seg: %s needs %s from %s, which does not have it: %s\n", user_, function, soname_,
                   why != nullptr ? why : "not found");
    }
    std::exit(1);
  }

  const char* soname_;
  const char* user_;
};

}  // namespace seg::rt

// Defines the library's function `name` (declared by its header) as a call to the library's own:
// its result, name, parameters and the arguments passed on. The library's function is looked up
// on the first call and kept (a function-local static: thread-safe).
#define SEG_ON_DEMAND(library, result, name, params, args)               \
  extern "C" result name params {                                        \
    static const auto real = (library).Symbol<decltype(&::name)>(#name); \
    return real args;                                                    \
  }
