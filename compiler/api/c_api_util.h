// Helpers shared by the C entry points (c_api.cc, json_api.cc).
#pragma once
#include <exception>
#include <new>
#include <string>

#include "compiler/api/internal.h"
#include "seg/seg.h"

namespace seg::api {

// A malloc'ed copy for seg_free_string; null when out of memory.
char* CopyString(const std::string& text);
seg_status ToCStatus(v1::StatusCode code);
// Stores `message` in *error (when error is not null) and returns `status`.
seg_status Fail(seg_status status, const std::string& message, char** error);
seg_status Report(const v1::Status& status, char** error);
// Every error diagnostic as "file:line:col: error[CODE]: message", then the rendered snippets.
std::string CompileErrorText(const v1::CompileResult& compiled);

// Runs an entry point's body; no exception gets past it.
template <typename Body> seg_status Guard(char** error, Body&& body) noexcept {
  try {
    return body();
  } catch (const std::bad_alloc&) {
    if (error != nullptr) *error = nullptr;  // copying a message could fail the same way
    return SEG_INTERNAL_ERROR;
  } catch (const std::exception& e) {
    try {
      return Fail(SEG_INTERNAL_ERROR, std::string("internal error: ") + e.what(), error);
    } catch (...) {
      return SEG_INTERNAL_ERROR;
    }
  } catch (...) {
    return SEG_INTERNAL_ERROR;
  }
}

}  // namespace seg::api
