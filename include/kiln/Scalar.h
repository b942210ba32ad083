//===- Scalar.h - C++ numbers in tensor expressions -------------*- C++ -*-===//

#ifndef KILN_SCALAR_H
#define KILN_SCALAR_H

#include <cstdint>
#include <type_traits>

namespace kiln {

/// A C++ number used as an operand (`x * 0.5`, `x + 1`). It takes part in
/// type promotion as a "wrapped number" does in PyTorch, and is passed to
/// compiled programs as a run-time argument, never baked into them.
class Scalar {
public:
  enum class Kind { Bool, Integer, Floating };

  template <typename T>
    requires std::is_arithmetic_v<T>
  Scalar(T value)
      : number(static_cast<double>(value)),
        category(std::is_same_v<T, bool>        ? Kind::Bool
                 : std::is_integral_v<T>        ? Kind::Integer
                                                : Kind::Floating) {}

  double value() const { return number; }
  Kind kind() const { return category; }

private:
  double number;
  Kind category;
};

} // namespace kiln

#endif // KILN_SCALAR_H
