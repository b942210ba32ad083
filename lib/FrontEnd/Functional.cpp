//===- Functional.cpp - nn::functional: layers and losses as functions ----===//

#include "Trace.h"

#include "kiln/Functions.h"
#include "kiln/nn.h"

namespace kiln::nn::functional {

using detail::callSite;
using detail::fail;
using detail::shapeText;

namespace {
Tensor reduce(const Tensor &losses, Reduction reduction, SourceLocation where) {
  switch (reduction) {
  case Reduction::None:
    return losses;
  case Reduction::Sum:
    return losses.sum(where);
  case Reduction::Mean:
    return losses.mean(where);
  }
  return losses;
}
} // namespace

Tensor linear(const Tensor &input, const Tensor &weight, const Tensor &bias,
              SourceLocation where) {
  where = callSite(where);
  Tensor output = input.matmul(weight.t(where), where);
  return bias.defined() ? add(output, bias, where) : output;
}

Tensor nll_loss(const Tensor &input, const Tensor &target,
                Reduction reduction, SourceLocation where) {
  where = callSite(where);
  if (input.dim(where) != 2 || target.dim(where) != 1 ||
      target.size(0, where) != input.size(0, where))
    fail("kiln.nll_loss",
         "expects input [N, C] and target [N], got " +
             shapeText(input.sizes(where)) + " and " +
             shapeText(target.sizes(where)),
         where);
  if (target.dtype(where) != kInt64)
    fail("kiln.nll_loss",
         "target must hold int64 class indices, got " +
             std::string(toString(target.dtype(where))),
         where);
  Tensor picked = input.gather(1, target.unsqueeze(1, where), where);
  return reduce(-picked.squeeze(1, where), reduction, where);
}

Tensor cross_entropy(const Tensor &input, const Tensor &target,
                     Reduction reduction, SourceLocation where) {
  where = callSite(where);
  return nll_loss(input.log_softmax(1, where), target, reduction, where);
}

Tensor mse_loss(const Tensor &input, const Tensor &target,
                Reduction reduction, SourceLocation where) {
  where = callSite(where);
  Tensor difference = sub(input, target, where);
  return reduce(difference * difference, reduction, where);
}

} // namespace kiln::nn::functional
