// The C interface over the C++ one. Every entry point runs its body inside Guard, which turns
// any exception (out of memory, a bug) into SEG_INTERNAL_ERROR: C callers cannot unwind C++.
#include <cstdlib>
#include <cstring>
#include <new>

#include "compiler/api/c_api_util.h"
#include "seg/seg.h"

struct seg_program {
  std::shared_ptr<const seg::Program> program;
};
struct seg_inputs {
  seg::Inputs inputs;
};
struct seg_result {
  seg::Result result;
  std::vector<std::string> keys;
};

namespace seg::api {

char* CopyString(const std::string& text) {
  char* out = static_cast<char*>(std::malloc(text.size() + 1));
  if (out == nullptr) return nullptr;
  std::memcpy(out, text.c_str(), text.size() + 1);
  return out;
}

seg_status ToCStatus(v1::StatusCode code) {
  switch (code) {
    case v1::StatusCode::kOk: return SEG_OK;
    case v1::StatusCode::kInvalidArgument: return SEG_INVALID_ARGUMENT;
    case v1::StatusCode::kCompileError: return SEG_COMPILE_ERROR;
    case v1::StatusCode::kBindError: return SEG_BIND_ERROR;
    case v1::StatusCode::kIoError: return SEG_IO_ERROR;
    case v1::StatusCode::kRunError: return SEG_RUN_ERROR;
    case v1::StatusCode::kInternal: return SEG_INTERNAL_ERROR;
  }
  return SEG_INTERNAL_ERROR;
}

seg_status Fail(seg_status status, const std::string& message, char** error) {
  if (error != nullptr) *error = CopyString(message);
  return status;
}

seg_status Report(const v1::Status& status, char** error) {
  if (status.ok()) return SEG_OK;
  return Fail(ToCStatus(status.code), status.message, error);
}

std::string CompileErrorText(const v1::CompileResult& compiled) {
  std::string out;
  for (const v1::Diagnostic& d : compiled.diagnostics) {
    if (d.severity == v1::Severity::kError) out += d.ToString() + "\n";
  }
  return out + compiled.rendered;
}

}  // namespace seg::api

using seg::api::Fail;
using seg::api::Guard;
using seg::api::Report;

namespace {

seg::CompileOptions ToOptions(const seg_compile_options* options) {
  seg::CompileOptions out;
  if (options == nullptr) return out;
  out.warnings_as_errors = options->warnings_as_errors != 0;
  for (size_t i = 0; i < options->disabled_warning_count; ++i) {
    if (options->disabled_warnings != nullptr && options->disabled_warnings[i] != nullptr) {
      out.disabled_warnings.emplace_back(options->disabled_warnings[i]);
    }
  }
  return out;
}

seg_status FinishCompile(seg::CompileResult compiled, const seg_compile_options* options, seg_program** out,
                         char** error) {
  if (options != nullptr && options->on_diagnostic != nullptr) {
    for (const seg::v1::Diagnostic& d : compiled.diagnostics) {
      seg_diagnostic c{d.code.c_str(),    d.name.c_str(), static_cast<seg_severity>(static_cast<int>(d.severity)),
                       d.message.c_str(), d.file.c_str(), d.line,
                       d.column,          d.end_line,     d.end_column,
                       d.help.c_str()};
      options->on_diagnostic(options->user_data, &c);
    }
  }
  if (!compiled.ok()) return Fail(SEG_COMPILE_ERROR, seg::api::CompileErrorText(compiled), error);
  *out = new seg_program{compiled.program};
  return SEG_OK;
}

}  // namespace

namespace {
const seg::InputInfo* InputAt(const seg_program* program, size_t input) {
  if (program == nullptr || input >= program->program->inputs().size()) return nullptr;
  return &program->program->inputs()[input];
}
const seg::ColumnInfo* ColumnAt(const seg_program* program, size_t input, size_t column) {
  const seg::InputInfo* in = InputAt(program, input);
  return in == nullptr || column >= in->columns.size() ? nullptr : &in->columns[column];
}
const seg::ClassificationInfo* ClassificationAt(const seg_program* program, size_t classification) {
  if (program == nullptr || classification >= program->program->classifications().size()) return nullptr;
  return &program->program->classifications()[classification];
}
}  // namespace

extern "C" {

const char* seg_status_name(seg_status status) {
  return seg::StatusCodeName(static_cast<seg::StatusCode>(static_cast<int>(status)));
}

void seg_free_string(char* text) { std::free(text); }

seg_status seg_compile(const char* program_text, const char* file_name, const seg_compile_options* options,
                       seg_program** out, char** error) {
  return Guard(error, [&] {
    if (out == nullptr) return Fail(SEG_INVALID_ARGUMENT, "seg_compile: out is NULL", error);
    *out = nullptr;
    if (program_text == nullptr) return Fail(SEG_INVALID_ARGUMENT, "seg_compile: program_text is NULL", error);
    return FinishCompile(seg::Compile(program_text, file_name != nullptr ? file_name : "<program>", ToOptions(options)),
                         options, out, error);
  });
}

seg_status seg_compile_file(const char* path, const seg_compile_options* options, seg_program** out, char** error) {
  return Guard(error, [&] {
    if (out == nullptr) return Fail(SEG_INVALID_ARGUMENT, "seg_compile_file: out is NULL", error);
    *out = nullptr;
    if (path == nullptr) return Fail(SEG_INVALID_ARGUMENT, "seg_compile_file: path is NULL", error);
    return FinishCompile(seg::CompileFile(path, ToOptions(options)), options, out, error);
  });
}

void seg_program_free(seg_program* program) { delete program; }

size_t seg_program_input_count(const seg_program* program) {
  return program == nullptr ? 0 : program->program->inputs().size();
}

const char* seg_program_input_name(const seg_program* program, size_t input) {
  const seg::InputInfo* in = InputAt(program, input);
  return in == nullptr ? nullptr : in->name.c_str();
}

int seg_program_input_is_event(const seg_program* program, size_t input) {
  const seg::InputInfo* in = InputAt(program, input);
  return in != nullptr && in->is_event;
}

size_t seg_program_column_count(const seg_program* program, size_t input) {
  const seg::InputInfo* in = InputAt(program, input);
  return in == nullptr ? 0 : in->columns.size();
}

const char* seg_program_column_name(const seg_program* program, size_t input, size_t column) {
  const seg::ColumnInfo* c = ColumnAt(program, input, column);
  return c == nullptr ? nullptr : c->name.c_str();
}

seg_type seg_program_column_type(const seg_program* program, size_t input, size_t column) {
  const seg::ColumnInfo* c = ColumnAt(program, input, column);
  return c == nullptr ? SEG_TEXT : static_cast<seg_type>(static_cast<int>(c->type));
}

size_t seg_program_classification_count(const seg_program* program) {
  return program == nullptr ? 0 : program->program->classifications().size();
}

const char* seg_program_classification_name(const seg_program* program, size_t classification) {
  const seg::ClassificationInfo* c = ClassificationAt(program, classification);
  return c == nullptr ? nullptr : c->name.c_str();
}

size_t seg_program_bucket_count(const seg_program* program, size_t classification) {
  const seg::ClassificationInfo* c = ClassificationAt(program, classification);
  return c == nullptr ? 0 : c->buckets.size();
}

const char* seg_program_bucket_label(const seg_program* program, size_t classification, size_t bucket) {
  const seg::ClassificationInfo* c = ClassificationAt(program, classification);
  return c == nullptr || bucket >= c->buckets.size() ? nullptr : c->buckets[bucket].c_str();
}

seg_status seg_inputs_new(const seg_program* program, seg_inputs** out) {
  return Guard(nullptr, [&] {
    if (out == nullptr || program == nullptr) return SEG_INVALID_ARGUMENT;
    *out = new seg_inputs{seg::Inputs(program->program)};
    return SEG_OK;
  });
}

void seg_inputs_free(seg_inputs* inputs) { delete inputs; }

seg_status seg_inputs_bind_file(seg_inputs* inputs, const char* input, const char* path, char delimiter,
                                int skip_bad_rows, char** error) {
  return Guard(error, [&] {
    if (inputs == nullptr || input == nullptr || path == nullptr) {
      return Fail(SEG_INVALID_ARGUMENT, "seg_inputs_bind_file: inputs, input and path must not be NULL", error);
    }
    seg::LoadOptions options;
    if (delimiter != 0) options.delimiter = delimiter;
    options.skip_bad_rows = skip_bad_rows != 0;
    return Report(inputs->inputs.BindFile(input, path, options), error);
  });
}

seg_status seg_inputs_bind_columns(seg_inputs* inputs, const char* input, const seg_column* columns,
                                   size_t column_count, char** error) {
  return Guard(error, [&] {
    if (inputs == nullptr || input == nullptr || (columns == nullptr && column_count > 0)) {
      return Fail(SEG_INVALID_ARGUMENT, "seg_inputs_bind_columns: NULL argument", error);
    }
    std::vector<seg::ColumnView> views;
    for (size_t i = 0; i < column_count; ++i) {
      const seg_column& c = columns[i];
      if (c.name == nullptr || c.type < SEG_BOOL || c.type > SEG_ID) {
        return Fail(SEG_INVALID_ARGUMENT,
                    "seg_inputs_bind_columns: column " + std::to_string(i) + " has no name or an unknown type", error);
      }
      views.push_back({c.name, static_cast<seg::ValueType>(static_cast<int>(c.type)), c.values, c.validity, c.length,
                       c.offsets, c.scale});
    }
    return Report(inputs->inputs.BindColumns(input, views), error);
  });
}

seg_status seg_inputs_bind_arrow(seg_inputs* inputs, const char* input, struct ArrowSchema* schema,
                                 struct ArrowArray* array, char** error) {
  return Guard(error, [&] {
    if (inputs == nullptr || input == nullptr) {
      // The structs are still ours to release, as on every other path.
      if (array != nullptr && array->release != nullptr) array->release(array);
      if (schema != nullptr && schema->release != nullptr) schema->release(schema);
      return Fail(SEG_INVALID_ARGUMENT, "seg_inputs_bind_arrow: inputs and input must not be NULL", error);
    }
    return Report(inputs->inputs.BindArrow(input, schema, array), error);
  });
}

seg_status seg_run(const seg_program* program, const seg_inputs* inputs, const seg_run_options* options,
                   seg_result** out, char** error) {
  return Guard(error, [&] {
    if (out == nullptr) return Fail(SEG_INVALID_ARGUMENT, "seg_run: out is NULL", error);
    *out = nullptr;
    if (program == nullptr || inputs == nullptr)
      return Fail(SEG_INVALID_ARGUMENT, "seg_run: NULL program or inputs", error);
    seg::RunOptions run;
    if (options != nullptr) {
      if (options->as_of != nullptr) run.as_of = options->as_of;
      for (size_t i = 0; i < options->param_count; ++i) {
        std::string a = options->params != nullptr && options->params[i] != nullptr ? options->params[i] : "";
        size_t eq = a.find('=');
        if (eq == std::string::npos)
          return Fail(SEG_INVALID_ARGUMENT, "seg_run: a param is not name=value: '" + a + "'", error);
        run.params.emplace_back(a.substr(0, eq), a.substr(eq + 1));
      }
      for (size_t i = 0; i < options->let_count; ++i) {
        if (options->lets == nullptr || options->lets[i] == nullptr)
          return Fail(SEG_INVALID_ARGUMENT, "seg_run: NULL let", error);
        run.lets.emplace_back(options->lets[i]);
      }
      run.threads = options->threads;
    }
    auto result = std::make_unique<seg_result>();
    if (seg_status s = Report(program->program->Run(inputs->inputs, run, &result->result), error); s != SEG_OK)
      return s;
    for (size_t r = 0; r < result->result.num_customers(); ++r) result->keys.push_back(result->result.Key(r));
    *out = result.release();
    return SEG_OK;
  });
}

void seg_result_free(seg_result* result) { delete result; }

size_t seg_result_customer_count(const seg_result* result) {
  return result == nullptr ? 0 : result->result.num_customers();
}

size_t seg_result_column_count(const seg_result* result) {
  return result == nullptr ? 0 : result->result.columns().size();
}

const char* seg_result_column_name(const seg_result* result, size_t column) {
  if (result == nullptr || column >= result->result.columns().size()) return nullptr;
  return result->result.columns()[column].name.c_str();
}

const char* seg_result_key(const seg_result* result, size_t row) {
  if (result == nullptr || row >= result->keys.size()) return nullptr;
  return result->keys[row].c_str();
}

const char* seg_result_bucket(const seg_result* result, const char* classification, size_t row) {
  if (result == nullptr || classification == nullptr) return nullptr;
  const seg::OutputColumn* c = result->result.Find(classification);
  if (c == nullptr || c->kind != seg::OutputKind::kClassification || row >= c->size() || !c->IsValid(row)) {
    return nullptr;
  }
  return c->labels[static_cast<size_t>(c->Int(row))].c_str();
}

seg_status seg_result_value(const seg_result* result, const char* column, size_t row, char* buffer, size_t capacity,
                            size_t* needed) {
  return Guard(nullptr, [&] {
    if (result == nullptr || column == nullptr || (buffer == nullptr && capacity > 0)) return SEG_INVALID_ARGUMENT;
    const seg::OutputColumn* c = result->result.Find(column);
    if (c == nullptr || row >= c->size()) return SEG_INVALID_ARGUMENT;
    std::string text = c->Format(row);
    if (needed != nullptr) *needed = text.size();
    if (capacity > 0) {
      size_t n = std::min(text.size(), capacity - 1);
      std::memcpy(buffer, text.data(), n);
      buffer[n] = '\0';
    }
    return SEG_OK;
  });
}

seg_status seg_result_bool_words(const seg_result* result, const char* column, const uint64_t** values,
                                 const uint64_t** valid, size_t* words) {
  return Guard(nullptr, [&] {
    if (result == nullptr || column == nullptr || values == nullptr || valid == nullptr || words == nullptr)
      return SEG_INVALID_ARGUMENT;
    const seg::OutputColumn* c = result->result.Find(column);
    if (c == nullptr || !c->packed()) return SEG_INVALID_ARGUMENT;
    *values = c->bits.data();
    *valid = c->valid_bits.data();
    *words = c->bits.size();
    return SEG_OK;
  });
}

seg_status seg_result_csv(const seg_result* result, char** out) {
  return Guard(nullptr, [&] {
    if (result == nullptr || out == nullptr) return SEG_INVALID_ARGUMENT;
    *out = seg::api::CopyString(result->result.ToCsv());
    return *out != nullptr ? SEG_OK : SEG_INTERNAL_ERROR;
  });
}

seg_status seg_result_population_cuts(const seg_result* result, char** out_json) {
  return Guard(nullptr, [&] {
    if (result == nullptr || out_json == nullptr) return SEG_INVALID_ARGUMENT;
    *out_json = seg::api::CopyString(result->result.PopulationCutsJson());
    return *out_json != nullptr ? SEG_OK : SEG_INTERNAL_ERROR;
  });
}

seg_status seg_evaluate_customer(const seg_program* program, const char* record_json, const char* as_of,
                                 const char* population_cuts_json, const char* previous_json, char** response_json,
                                 char** error) {
  return Guard(error, [&] {
    if (response_json == nullptr)
      return Fail(SEG_INVALID_ARGUMENT, "seg_evaluate_customer: response_json is NULL", error);
    *response_json = nullptr;
    if (program == nullptr || record_json == nullptr) {
      return Fail(SEG_INVALID_ARGUMENT, "seg_evaluate_customer: NULL program or record", error);
    }
    seg::CustomerOptions options;
    if (as_of != nullptr) options.as_of = as_of;
    if (population_cuts_json != nullptr) options.population_cuts_json = population_cuts_json;
    if (previous_json != nullptr) options.previous_json = previous_json;
    seg::CustomerResult result;
    if (seg_status s = Report(program->program->EvaluateCustomer(record_json, options, &result), error); s != SEG_OK) {
      return s;
    }
    *response_json = seg::api::CopyString(result.json);
    return *response_json != nullptr ? SEG_OK : SEG_INTERNAL_ERROR;
  });
}

}  // extern "C"
