#pragma once
namespace phonghop::app {
inline constexpr const char* kVersion = "0.1.0";
}  // namespace phonghop::app
