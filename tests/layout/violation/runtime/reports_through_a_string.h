// An error handed back through a std::string*: what check_error_channels.cmake must reject.
#pragma once
#include <string>

bool ParseSomething(const std::string& text, std::string* error);
