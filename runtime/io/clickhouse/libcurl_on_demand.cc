// libcurl, opened when seg first talks to ClickHouse rather than when any seg process starts: see
// runtime/io/postgres/libpq_on_demand.cc for why (libcurl alone brings 32 libraries, 4 ms of CPU
// before main() of every process) and how. Each libcurl function seg calls is defined here as a
// call to the same function of libcurl.so.4, opened by dlopen on the first call; compiled with
// hidden visibility (CMakeLists.txt), so these definitions are seg's own.
//
// A libcurl function seg starts calling must be added below (the link fails until it is).
#define CURL_DISABLE_TYPECHECK  // curl_easy_setopt and curl_easy_getinfo are defined below, not macros
#include <curl/curl.h>

#include <cstdarg>

#include "runtime/io/on_demand_library.h"

namespace {

// The shared library's major version: the ABI of the curl.h compiled against (libcurl4).
constexpr seg::rt::OnDemandLibrary kLibcurl("libcurl.so.4", "ClickHouse");

}  // namespace

SEG_ON_DEMAND(kLibcurl, CURLcode, curl_global_init, (long flags), (flags))
SEG_ON_DEMAND(kLibcurl, CURL*, curl_easy_init, (void), ())
SEG_ON_DEMAND(kLibcurl, CURLcode, curl_easy_perform, (CURL * curl), (curl))
SEG_ON_DEMAND(kLibcurl, void, curl_easy_reset, (CURL * curl), (curl))
SEG_ON_DEMAND(kLibcurl, void, curl_easy_cleanup, (CURL * curl), (curl))
SEG_ON_DEMAND(kLibcurl, const char*, curl_easy_strerror, (CURLcode code), (code))
SEG_ON_DEMAND(kLibcurl, char*, curl_easy_escape, (CURL * curl, const char* string, int length), (curl, string, length))
SEG_ON_DEMAND(kLibcurl, void, curl_free, (void* p), (p))
SEG_ON_DEMAND(kLibcurl, struct curl_slist*, curl_slist_append, (struct curl_slist * list, const char* data),
              (list, data))
SEG_ON_DEMAND(kLibcurl, void, curl_slist_free_all, (struct curl_slist * list), (list))

// The two variadic functions take one argument after the option, whose type the option's number
// says (curl.h's CURLOPTTYPE_ ranges): a long, a pointer (object, function or blob), or a
// curl_off_t. A CURLINFO's argument is always a pointer.
extern "C" CURLcode curl_easy_setopt(CURL* curl, CURLoption option, ...) {
  static const auto real = kLibcurl.Symbol<CURLcode (*)(CURL*, CURLoption, ...)>("curl_easy_setopt");
  va_list args;
  va_start(args, option);
  CURLcode code;
  if (option < CURLOPTTYPE_OBJECTPOINT) {
    code = real(curl, option, va_arg(args, long));
  } else if (option >= CURLOPTTYPE_OFF_T && option < CURLOPTTYPE_BLOB) {
    code = real(curl, option, va_arg(args, curl_off_t));
  } else {
    code = real(curl, option, va_arg(args, void*));
  }
  va_end(args);
  return code;
}

extern "C" CURLcode curl_easy_getinfo(CURL* curl, CURLINFO info, ...) {
  static const auto real = kLibcurl.Symbol<CURLcode (*)(CURL*, CURLINFO, ...)>("curl_easy_getinfo");
  va_list args;
  va_start(args, info);
  CURLcode code = real(curl, info, va_arg(args, void*));
  va_end(args);
  return code;
}
