//===- NNChecks.h - checks and options shared by the nn layers --*- C++ -*-===//

#ifndef KILN_LIB_FRONTEND_NNCHECKS_H
#define KILN_LIB_FRONTEND_NNCHECKS_H

#include "Trace.h"

namespace kiln::detail {

/// Options for a tensor of `dtype` on `tensor`'s device, as the random
/// values that initialization and dropout mix with it must be.
inline TensorOptions onDeviceOf(const Tensor &tensor, Dtype dtype,
                                SourceLocation where) {
  return TensorOptions(dtype).device(tensor.device(where));
}

/// Throws unless `tensor` holds floating point numbers.
inline void requireFloat(const Tensor &tensor, const char *op,
                         SourceLocation where) {
  if (!isFloatingPoint(tensor.dtype(where)))
    fail(op,
         "input dtype must be floating point, got " +
             std::string(toString(tensor.dtype(where))),
         where);
}

/// Throws unless `tensor`, when defined, has shape `shape`; `what` names it.
inline void requireShape(const Tensor &tensor, const Shape &shape,
                         const char *what, const char *op,
                         SourceLocation where) {
  if (tensor.defined() && tensor.sizes(where) != shape)
    fail(op,
         std::string(what) + " must have shape " + shapeText(shape) + ", got " +
             shapeText(tensor.sizes(where)),
         where);
}

} // namespace kiln::detail

#endif // KILN_LIB_FRONTEND_NNCHECKS_H
