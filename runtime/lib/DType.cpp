//===- DType.cpp - the element type table ---------------------------------===//

#include "kiln/runtime/DType.h"

#include <array>
#include <bit>
#include <cmath>
#include <cstring>

namespace kiln::runtime {

namespace {
// numpy has no bfloat16; kiln reads and writes it under the ml_dtypes name.
constexpr std::array<DTypeInfo, 7> kDTypes = {{
    {DType::f32, "f32", "<f4", "float32", "float", "CPUFloatType", "F32", 4,
     true},
    {DType::f64, "f64", "<f8", "float64", "double", "CPUDoubleType", "F64", 8,
     true},
    {DType::f16, "f16", "<f2", "float16", "half", "CPUHalfType", "F16", 2,
     true},
    {DType::bf16, "bf16", "<V2", "bfloat16", "bfloat16", "CPUBFloat16Type",
     "BF16", 2, true},
    {DType::i64, "i64", "<i8", "int64", "long", "CPULongType", "I64", 8, false},
    {DType::i32, "i32", "<i4", "int32", "int", "CPUIntType", "I32", 4, false},
    {DType::b1, "i1", "|b1", "bool", "bool", "CPUBoolType", "BOOL", 1, false},
}};
} // namespace

const DTypeInfo &info(DType dtype) {
  return kDTypes[static_cast<size_t>(dtype)];
}

std::optional<DType> dtypeFromIRName(std::string_view irName) {
  for (const DTypeInfo &entry : kDTypes)
    if (entry.irName == irName)
      return entry.dtype;
  return std::nullopt;
}

std::optional<DType> dtypeFromNpyCode(std::string_view code) {
  for (const DTypeInfo &entry : kDTypes)
    if (entry.npyCode == code)
      return entry.dtype;
  return std::nullopt;
}

std::optional<DType> dtypeFromSafetensorsName(std::string_view name) {
  for (const DTypeInfo &entry : kDTypes)
    if (entry.safetensorsName == name)
      return entry.dtype;
  return std::nullopt;
}

namespace {

float halfToFloat(uint16_t bits) {
  uint32_t sign = static_cast<uint32_t>(bits & 0x8000) << 16;
  int exponent = (bits >> 10) & 0x1f;
  uint32_t mantissa = bits & 0x3ff;
  if (exponent == 0x1f)
    return std::bit_cast<float>(sign | 0x7f800000 | (mantissa << 13));
  if (exponent == 0) // zero or subnormal: mantissa * 2^-24
    return (sign ? -1.0f : 1.0f) * std::ldexp(static_cast<float>(mantissa), -24);
  return std::bit_cast<float>(sign | ((exponent + 112) << 23) | (mantissa << 13));
}

uint16_t floatToHalf(float value) {
  uint32_t bits = std::bit_cast<uint32_t>(value);
  uint16_t sign = (bits >> 16) & 0x8000;
  float magnitude = std::fabs(value);
  if (std::isnan(value))
    return sign | 0x7e00;
  if (magnitude >= 65520.0f) // rounds past the largest half
    return sign | 0x7c00;
  if (magnitude < std::ldexp(1.0f, -14)) // subnormal: steps of 2^-24
    return sign | static_cast<uint16_t>(std::nearbyint(std::ldexp(magnitude, 24)));
  int exponent;
  float fraction = std::frexp(magnitude, &exponent); // in [0.5, 1)
  auto mantissa = static_cast<uint32_t>(std::nearbyint(std::ldexp(fraction, 11)));
  // mantissa is in [1024, 2048]; 2048 carries into the exponent.
  uint32_t half = ((exponent + 14) << 10) + (mantissa - 1024);
  return sign | static_cast<uint16_t>(half);
}

uint16_t floatToBFloat16(float value) {
  uint32_t bits = std::bit_cast<uint32_t>(value);
  if (std::isnan(value))
    return static_cast<uint16_t>((bits >> 16) | 0x40);
  bits += 0x7fff + ((bits >> 16) & 1); // round to nearest even
  return static_cast<uint16_t>(bits >> 16);
}

template <typename T> T loadAs(const void *data, size_t index) {
  T value;
  std::memcpy(&value, static_cast<const char *>(data) + index * sizeof(T),
              sizeof(T));
  return value;
}

template <typename T> void storeAs(void *data, size_t index, T value) {
  std::memcpy(static_cast<char *>(data) + index * sizeof(T), &value, sizeof(T));
}

} // namespace

double loadElement(DType dtype, const void *data, size_t index) {
  switch (dtype) {
  case DType::f32:
    return loadAs<float>(data, index);
  case DType::f64:
    return loadAs<double>(data, index);
  case DType::f16:
    return halfToFloat(loadAs<uint16_t>(data, index));
  case DType::bf16:
    return std::bit_cast<float>(uint32_t{loadAs<uint16_t>(data, index)} << 16);
  case DType::i64:
    return static_cast<double>(loadAs<int64_t>(data, index));
  case DType::i32:
    return loadAs<int32_t>(data, index);
  case DType::b1:
    return loadAs<uint8_t>(data, index) != 0;
  }
  return 0;
}

void storeElement(DType dtype, void *data, size_t index, double value) {
  switch (dtype) {
  case DType::f32:
    return storeAs<float>(data, index, static_cast<float>(value));
  case DType::f64:
    return storeAs<double>(data, index, value);
  case DType::f16:
    return storeAs<uint16_t>(data, index, floatToHalf(static_cast<float>(value)));
  case DType::bf16:
    return storeAs<uint16_t>(data, index,
                             floatToBFloat16(static_cast<float>(value)));
  case DType::i64:
    return storeAs<int64_t>(data, index, static_cast<int64_t>(value));
  case DType::i32:
    return storeAs<int32_t>(data, index, static_cast<int32_t>(value));
  case DType::b1:
    return storeAs<uint8_t>(data, index, value != 0);
  }
}

} // namespace kiln::runtime
