//===- DType.h - element types shared by the runtime and its clients ------===//

#ifndef KILN_RUNTIME_DTYPE_H
#define KILN_RUNTIME_DTYPE_H

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace kiln::runtime {

/// The element types kiln tensors hold (the kiln dialect's element types).
enum class DType : uint8_t { f32, f64, f16, bf16, i64, i32, b1 };

/// Everything kiln says about one DType, in one table: its name in kiln IR
/// (`f32`, `i1`), the `.npy` type code, numpy's name (`float32`), libtorch's
/// scalar name (`float`) and tensor type name (`CPUFloatType`), its name in
/// safetensors files (`F32`), its size in bytes and whether it is a floating
/// point type.
struct DTypeInfo {
  DType dtype;
  std::string_view irName;
  std::string_view npyCode;
  std::string_view numpyName;
  std::string_view torchName;
  std::string_view torchTypeName;
  std::string_view safetensorsName;
  size_t size;
  bool isFloat;
};

/// The table entry for `dtype`.
const DTypeInfo &info(DType dtype);

/// The DType spelled `irName` in kiln IR, if any.
std::optional<DType> dtypeFromIRName(std::string_view irName);

/// The DType of a numpy type code such as `<f4`, if kiln supports it.
std::optional<DType> dtypeFromNpyCode(std::string_view code);

/// The DType of a safetensors dtype name such as `F32`, if kiln supports it.
std::optional<DType> dtypeFromSafetensorsName(std::string_view name);

/// Element `index` of an array of `dtype`, widened to double.
double loadElement(DType dtype, const void *data, size_t index);

/// Stores `value` as element `index` of an array of `dtype`, rounding to the
/// nearest representable value (integers truncate as in C++).
void storeElement(DType dtype, void *data, size_t index, double value);

} // namespace kiln::runtime

#endif // KILN_RUNTIME_DTYPE_H
