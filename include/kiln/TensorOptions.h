//===- TensorOptions.h - dtype, device and requires_grad --------*- C++ -*-===//

#ifndef KILN_TENSOROPTIONS_H
#define KILN_TENSOROPTIONS_H

#include "kiln/Device.h"
#include "kiln/Dtype.h"

namespace kiln {

/// Options of a new tensor, built as in libtorch:
/// `TensorOptions().dtype(kFloat64).requires_grad(true)`.
class TensorOptions {
public:
  TensorOptions() = default;
  TensorOptions(Dtype dtype) : type(dtype) {}
  TensorOptions(Device device) : where(device) {}

  TensorOptions dtype(Dtype dtype) const {
    TensorOptions copy = *this;
    copy.type = dtype;
    return copy;
  }
  TensorOptions device(Device device) const {
    TensorOptions copy = *this;
    copy.where = device;
    return copy;
  }
  TensorOptions requires_grad(bool value) const {
    TensorOptions copy = *this;
    copy.grad = value;
    return copy;
  }

  Dtype dtype() const { return type; }
  Device device() const { return where; }
  bool requires_grad() const { return grad; }

private:
  Dtype type = kFloat32;
  Device where = kCPU;
  bool grad = false;
};

/// `kiln::dtype(kInt64)`, `kiln::device(kCPU)`, `kiln::requires_grad()`.
inline TensorOptions dtype(Dtype dtype) { return TensorOptions(dtype); }
inline TensorOptions device(Device device) { return TensorOptions(device); }
inline TensorOptions requires_grad(bool value = true) {
  return TensorOptions().requires_grad(value);
}

} // namespace kiln

#endif // KILN_TENSOROPTIONS_H
