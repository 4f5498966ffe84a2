#pragma once
// Typed exceptions of the engine. Each carries the context a user needs to fix the problem
// (file, place inside it, key or tensor name, expected vs got); facades turn them into Result.
#include <filesystem>
#include <stdexcept>
#include <string>

namespace sam3 {

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& what) : std::runtime_error(what) {}
};

// A file could not be read or written (missing, permission, disk full, short read).
class IoError : public Error {
 public:
  IoError(const std::filesystem::path& file, const std::string& what)
      : Error(file.string() + ": " + what), file_(file) {}
  const std::filesystem::path& file() const { return file_; }

 private:
  std::filesystem::path file_;
};

// A file's content is malformed. `where` is a place inside it: "line 3, column 7", "images[4].id".
class FormatError : public Error {
 public:
  FormatError(const std::filesystem::path& file, const std::string& where, const std::string& what)
      : Error(file.string() + (where.empty() ? "" : " (" + where + ")") + ": " + what),
        file_(file),
        where_(where) {}
  const std::filesystem::path& file() const { return file_; }
  const std::string& where() const { return where_; }

 private:
  std::filesystem::path file_;
  std::string where_;
};

// A configuration value is unknown, misplaced or out of range.
class ConfigError : public FormatError {
 public:
  using FormatError::FormatError;
};

// Weights or a model config do not fit the model (missing/unexpected/mis-shaped keys).
class ModelError : public Error {
 public:
  using Error::Error;
};

// Invalid argument from a caller (empty prompt, impossible polygon, image not a photo).
class InvalidInput : public Error {
 public:
  using Error::Error;
};

// The user cancelled a long operation; whatever was saved before stays valid.
class Cancelled : public Error {
 public:
  Cancelled() : Error("cancelled") {}
};

// The accelerator ran out of memory; `advice` tells what to change.
class OutOfMemory : public Error {
 public:
  OutOfMemory(const std::string& what, const std::string& advice)
      : Error(what + (advice.empty() ? "" : " — " + advice)), advice_(advice) {}
  const std::string& advice() const { return advice_; }

 private:
  std::string advice_;
};

}  // namespace sam3
