#include "lsp_client.h"

#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>

namespace seg::test {

LspClient::LspClient(const std::string& binary, const std::string& cache_home) {
  signal(SIGPIPE, SIG_IGN);  // a server that died must fail the test, not kill it
  int in_pipe[2], out_pipe[2];
  if (pipe(in_pipe) != 0 || pipe(out_pipe) != 0) {
    ADD_FAILURE() << "pipe failed";
    return;
  }
  pid_ = fork();
  if (pid_ == 0) {
    dup2(in_pipe[0], 0);
    dup2(out_pipe[1], 1);
    close(in_pipe[1]);
    close(out_pipe[0]);
    setenv("XDG_CACHE_HOME", cache_home.c_str(), 1);
    execl(binary.c_str(), binary.c_str(), "lsp", static_cast<char*>(nullptr));
    _exit(127);
  }
  close(in_pipe[0]);
  close(out_pipe[1]);
  to_server_ = in_pipe[1];
  from_server_ = out_pipe[0];
}

LspClient::~LspClient() {
  if (pid_ > 0) CloseAndWait();
}

void LspClient::SendRaw(const std::string& bytes) {
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = write(to_server_, bytes.data() + done, bytes.size() - done);
    if (n <= 0) {
      ADD_FAILURE() << "cannot write to seg lsp";
      return;
    }
    done += static_cast<size_t>(n);
  }
}

void LspClient::Send(const Json& message) {
  std::string body = message.dump();
  SendRaw("Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
}

Json LspClient::Request(const std::string& method, const Json& params) {
  int id = next_id_++;
  Send({{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", params}});
  while (true) {
    Json message = Read();
    if (message.empty()) return message;
    if (message.contains("id") && message["id"] == id) return message;
    if (message.contains("method")) pending_.push_back(message);
    else ADD_FAILURE() << "a reply to a request never sent: " << message.dump();
  }
}

void LspClient::Notify(const std::string& method, const Json& params) {
  Send({{"jsonrpc", "2.0"}, {"method", method}, {"params", params}});
}

Json LspClient::NextNotification(const std::string& method) {
  for (auto it = pending_.begin(); it != pending_.end(); ++it) {
    if ((*it)["method"] == method) {
      Json found = *it;
      pending_.erase(it);
      return found;
    }
  }
  while (true) {
    Json message = Read();
    if (message.empty()) return message;
    if (message.value("method", "") == method) return message;
    pending_.push_back(message);
  }
}

bool LspClient::Fill() {
  pollfd p{from_server_, POLLIN, 0};
  if (poll(&p, 1, 60000) <= 0) return false;
  char chunk[65536];
  ssize_t got = read(from_server_, chunk, sizeof chunk);
  if (got <= 0) return false;
  buffer_.append(chunk, static_cast<size_t>(got));
  return true;
}

bool LspClient::ReadExactly(std::string& out, size_t n) {
  while (buffer_.size() < n) {
    if (!Fill()) return false;
  }
  out = buffer_.substr(0, n);
  buffer_.erase(0, n);
  return true;
}

bool LspClient::ReadLine(std::string& out) {
  size_t end;
  while ((end = buffer_.find("\r\n")) == std::string::npos) {
    if (!Fill()) return false;
  }
  out = buffer_.substr(0, end);
  buffer_.erase(0, end + 2);
  return true;
}

Json LspClient::Read() {
  std::string line;
  size_t length = 0;
  bool have_length = false;
  while (true) {
    if (!ReadLine(line)) {
      ADD_FAILURE() << "seg lsp closed its output or said nothing for 60 s";
      return Json::object();
    }
    if (line.empty()) break;
    if (line.rfind("Content-Length: ", 0) == 0) {
      length = std::strtoul(line.c_str() + 16, nullptr, 10);
      have_length = true;
    }
  }
  EXPECT_TRUE(have_length) << "a reply without Content-Length";
  std::string body;
  if (!ReadExactly(body, length)) {
    ADD_FAILURE() << "seg lsp closed inside a message";
    return Json::object();
  }
  Json message = Json::parse(body, nullptr, false);
  EXPECT_FALSE(message.is_discarded()) << "a reply that is not JSON: " << body;
  EXPECT_EQ(message.value("jsonrpc", ""), "2.0") << body;
  return message.is_discarded() ? Json::object() : message;
}

int LspClient::CloseAndWait() {
  if (to_server_ >= 0) close(to_server_);
  to_server_ = -1;
  int status = 0;
  pid_t waited = waitpid(pid_, &status, 0);
  pid_ = -1;
  if (from_server_ >= 0) close(from_server_);
  from_server_ = -1;
  return waited > 0 && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace seg::test
