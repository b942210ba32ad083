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

namespace {
/// Checks nll_loss's and cross_entropy's input [N, C], int64 target [N] and
/// class weights ([C] floats, or none).
void checkClassification(const char *op, const Tensor &input,
                         const Tensor &target, const Tensor &weight,
                         SourceLocation where) {
  if (input.dim(where) != 2 || target.dim(where) != 1 ||
      target.size(0, where) != input.size(0, where))
    fail(op,
         "expects input [N, C] and target [N], got " +
             shapeText(input.sizes(where)) + " and " +
             shapeText(target.sizes(where)),
         where);
  if (target.dtype(where) != kInt64)
    fail(op,
         "target must hold int64 class indices, got " +
             std::string(toString(target.dtype(where))),
         where);
  if (weight.defined() &&
      (weight.dim(where) != 1 || weight.size(0, where) != input.size(1, where)))
    fail(op,
         "weight must hold one value per class, [" +
             std::to_string(input.size(1, where)) + "], got " +
             shapeText(weight.sizes(where)),
         where);
}

/// Per-sample negative log-likelihoods of log-probabilities `logp` (scaled
/// by their class's weight; zero for ignored samples), the weights they were
/// scaled by (whose sum is the mean's denominator) and which samples count.
/// An ignored target is never used as an index, and an ignored sample's
/// loss is selected away rather than multiplied by 0 (-inf * 0 is NaN).
struct ClassLosses {
  Tensor losses, weights, kept;
};
ClassLosses classLosses(const Tensor &logp, const Tensor &target,
                        const Tensor &weight, int64_t ignoreIndex,
                        SourceLocation where) {
  Dtype dtype = logp.dtype(where);
  Tensor kept = target.ne(ignoreIndex, where);
  Tensor safeTarget = target.where(kept, 0, where);
  Tensor losses =
      -logp.gather(1, safeTarget.unsqueeze(1, where), where).squeeze(1, where);
  if (!weight.defined())
    return {losses.where(kept, 0, where), kept.to(dtype, where), kept};
  Tensor weights = weight.to(dtype, where).index_select(0, safeTarget, where);
  losses = losses * weights;
  return {losses.where(kept, 0, where), weights.where(kept, 0, where), kept};
}

/// `losses` reduced; a weighted mean divides by the weights counted.
Tensor reduceWeighted(const ClassLosses &losses, Reduction reduction,
                      SourceLocation where) {
  if (reduction == Reduction::Mean)
    return losses.losses.sum(where) / losses.weights.sum(where);
  return reduce(losses.losses, reduction, where);
}
} // namespace

Tensor nll_loss(const Tensor &input, const Tensor &target, Reduction reduction,
                SourceLocation where) {
  return nll_loss(input, target, NLLLossFuncOptions().reduction(reduction),
                  where);
}

Tensor nll_loss(const Tensor &input, const Tensor &target,
                const NLLLossFuncOptions &options, SourceLocation where) {
  where = callSite(where);
  checkClassification("kiln.nll_loss", input, target, options.weight(), where);
  CallSite site(where);
  return reduceWeighted(classLosses(input, target, options.weight(),
                                    options.ignore_index(), where),
                        options.reduction(), where);
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
  checkClassification("kiln.cross_entropy", input, target, options.weight(),
                      where);
  CallSite site(where);
  Tensor logProbabilities = input.log_softmax(1, where);
  // Converted once, for the class losses and the smoothing term.
  Tensor weight =
      options.weight().defined()
          ? options.weight().to(logProbabilities.dtype(where), where)
          : Tensor();
  ClassLosses losses = classLosses(logProbabilities, target, weight,
                                   options.ignore_index(), where);
  if (smoothing > 0) {
    // The smoothed target puts smoothing / C on every class (each weighted
    // by its class's weight, as in PyTorch); ignored samples stay at zero.
    Tensor perClass =
        weight.defined() ? logProbabilities * weight : logProbabilities;
    Tensor uniformTerm =
        (-perClass.mean(1, false, where)).where(losses.kept, 0, where);
    losses.losses = losses.losses * (1 - smoothing) + uniformTerm * smoothing;
  }
  return reduceWeighted(losses, options.reduction(), where);
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

Tensor mse_loss(const Tensor &input, const Tensor &target, Reduction reduction,
                SourceLocation where) {
  where = callSite(where);
  Tensor difference = sub(input, target, where);
  return reduce(difference * difference, reduction, where);
}

} // namespace kiln::nn::functional
