//===- Dtype.h - tensor element types ---------------------------*- C++ -*-===//

#ifndef KILN_DTYPE_H
#define KILN_DTYPE_H

#include <cstddef>
#include <string_view>

namespace kiln {

/// Element types, named as in libtorch.
enum class Dtype { Float32, Float64, Float16, BFloat16, Int64, Int32, Bool };

inline constexpr Dtype kFloat32 = Dtype::Float32, kFloat = Dtype::Float32,
                       kFloat64 = Dtype::Float64, kDouble = Dtype::Float64,
                       kFloat16 = Dtype::Float16, kHalf = Dtype::Float16,
                       kBFloat16 = Dtype::BFloat16, kInt64 = Dtype::Int64,
                       kLong = Dtype::Int64, kInt32 = Dtype::Int32,
                       kInt = Dtype::Int32, kBool = Dtype::Bool;

/// Bytes per element.
size_t elementSize(Dtype dtype);
/// libtorch's spelling: "float", "double", "long", ...
std::string_view toString(Dtype dtype);
bool isFloatingPoint(Dtype dtype);

} // namespace kiln

#endif // KILN_DTYPE_H
