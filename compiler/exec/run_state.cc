// A run's state beyond the plan: run-time errors, found by any engine, told the same way.
#include "compiler/exec/run_state.h"

#include "runtime/customer_key.h"

namespace seg::exec {

RunState::RunState(const ir::Program& program, const rt::Dataset& data, const std::vector<lang::Value>& params,
                   const RunOptions& options)
    : p_(program), data_(data), params_(params), options_(options) {}

int32_t RunState::LocalDayOf(const lang::Type& type, int64_t value) const {
  return type.Is(lang::TypeKind::kDate) ? static_cast<int32_t>(value) : zone_.LocalDay(value);
}

std::string RunState::FailMessage(size_t customer, ir::NodeId id, const std::string& what) const {
  std::string key = customer < data_.num_customers() && data_.key_column >= 0
                        ? rt::CustomerKeyText(data_.customers.column(data_.key_column), customer)
                        : std::to_string(customer);
  std::string origin = info_[id].origin.empty() ? "the program" : info_[id].origin;
  return what + " in " + origin + " for customer " + key;
}

void RunState::RecordError(size_t customer, ir::NodeId id, const std::string& what) {
  std::lock_guard<std::mutex> lock(error_mutex_);
  if (customer > error_.customer || (customer == error_.customer && id >= error_node_)) return;
  error_.customer = customer;
  error_node_ = id;
  error_.message = FailMessage(customer, id, what);
}

void RunState::RecordBatchError(const ErrorSlot& error) {
  std::lock_guard<std::mutex> lock(error_mutex_);
  if (error.customer < error_.customer) error_ = error;
}

}  // namespace seg::exec
