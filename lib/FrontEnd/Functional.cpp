//===- Functional.cpp - nn::functional: linear and the losses -------------===//

#include "NNChecks.h"

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
  return cross_entropy(input, target,
                       CrossEntropyFuncOptions().reduction(reduction), where);
}

Tensor cross_entropy(const Tensor &input, const Tensor &target,
                     const CrossEntropyFuncOptions &options,
                     SourceLocation where) {
  where = callSite(where);
  double smoothing = options.label_smoothing();
  if (!(smoothing >= 0 && smoothing <= 1))
    fail("kiln.cross_entropy",
         "label_smoothing must be between 0 and 1, got " +
             std::to_string(smoothing),
         where);
  Tensor logProbabilities = input.log_softmax(1, where);
  Tensor losses = functional::nll_loss(logProbabilities, target, kNone, where);
  if (smoothing > 0) {
    // The smoothed target puts smoothing / C on every class.
    CallSite site(where);
    Tensor uniformTerm = -logProbabilities.mean(1, false, where);
    losses = losses * (1 - smoothing) + uniformTerm * smoothing;
  }
  return reduce(losses, options.reduction(), where);
}

Tensor l1_loss(const Tensor &input, const Tensor &target, Reduction reduction,
               SourceLocation where) {
  where = callSite(where);
  return reduce(sub(input, target, where).abs(where), reduction, where);
}

Tensor binary_cross_entropy_with_logits(
    const Tensor &input, const Tensor &target,
    const BinaryCrossEntropyWithLogitsFuncOptions &options,
    SourceLocation where) {
  where = callSite(where);
  const char *op = "kiln.binary_cross_entropy_with_logits";
  detail::requireFloat(input, op, where);
  if (target.sizes(where) != input.sizes(where))
    fail(op,
         "target " + shapeText(target.sizes(where)) +
             " must have the shape of input " + shapeText(input.sizes(where)),
         where);
  CallSite site(where);
  // log(1 + exp(-x)), which never exponentiates a positive number.
  Tensor softplusOfNegative = ((-input.abs(where)).exp(where) + 1).log(where) +
                              (-input).clamp(0, std::nullopt, where);
  Tensor negativeTerm = (1 - target) * input;
  Tensor losses =
      options.pos_weight().defined()
          ? negativeTerm +
                ((options.pos_weight() - 1) * target + 1) * softplusOfNegative
          : negativeTerm + softplusOfNegative;
  if (options.weight().defined())
    losses = losses * options.weight();
  return reduce(losses, options.reduction(), where);
}

Tensor mse_loss(const Tensor &input, const Tensor &target,
                Reduction reduction, SourceLocation where) {
  where = callSite(where);
  Tensor difference = sub(input, target, where);
  return reduce(difference * difference, reduction, where);
}

} // namespace kiln::nn::functional
