//===- Error.h - the exception kiln throws for user mistakes ----*- C++ -*-===//

#ifndef KILN_ERROR_H
#define KILN_ERROR_H

#include <source_location>
#include <stdexcept>
#include <string>

namespace kiln {

/// A user mistake (a shape or dtype mismatch, a bad index, a malformed file)
/// or a failure kiln could not hide (compilation, running out of memory).
/// `what()` names the problem and, where known, the user's file:line.
class Error : public std::runtime_error {
public:
  Error(const std::string &message, std::source_location where);
  explicit Error(const std::string &message);

  /// The user's call site, when the error was found at trace time or comes
  /// from a lazy node whose creation site is known.
  const std::source_location &where() const { return location; }
  /// The message without the location.
  const std::string &message() const { return text; }

private:
  std::string text;
  std::source_location location;
};

} // namespace kiln

#endif // KILN_ERROR_H
