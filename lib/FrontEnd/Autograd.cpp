//===- Autograd.cpp - backward() and autograd::grad -----------------------===//
//
// backward() compiles nothing: it records Gradient nodes, each referring to
// the history of the differentiated value (the pending or computed nodes
// that require grad, kept for this purpose) and to the leaves it reads.
// When a cut holding them is compiled, the history becomes a kiln function
// and kiln-autodiff derives its gradient, so forward, backward and whatever
// follows (an optimizer's update) compile into one program.
//
//===----------------------------------------------------------------------===//

#include "Trace.h"

#include "kiln/Functions.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"

namespace kiln {

using detail::callSite;
using detail::fail;
using detail::History;
using detail::makeTensor;
using detail::Node;
using detail::nodeOf;
using detail::NodePtr;

namespace {

/// The history `root` (a non-leaf requiring grad) was computed by: leaves
/// first, then the other values it reads, and its nodes in topological
/// order.
std::shared_ptr<const History> historyOf(const NodePtr &root) {
  auto history = std::make_shared<History>();
  std::vector<NodePtr> leaves, others;
  llvm::DenseSet<Node *> seen;
  std::vector<std::pair<NodePtr, bool>> stack = {{root, false}};
  while (!stack.empty()) {
    auto [node, expanded] = stack.back();
    stack.pop_back();
    if (expanded) {
      history->nodes.push_back(node);
      continue;
    }
    if (!seen.insert(node.get()).second)
      continue;
    if (!node->requiresGrad) {
      others.push_back(node);
      continue;
    }
    if (node->isLeaf) {
      leaves.push_back(node);
      continue;
    }
    stack.push_back({node, true});
    for (auto it = node->inputs.rbegin(); it != node->inputs.rend(); ++it)
      stack.push_back({*it, false});
  }
  history->leaves = leaves.size();
  history->arguments = std::move(leaves);
  history->arguments.insert(history->arguments.end(), others.begin(),
                            others.end());
  size_t count = history->arguments.size() + history->nodes.size();
  llvm::DenseMap<Node *, int32_t> position;
  position.reserve(count);
  history->key.reserve(48 * count);
  for (const NodePtr &argument : history->arguments) {
    position[argument.get()] = static_cast<int32_t>(position.size());
    detail::appendNodeKey(history->key, *argument, /*asArgument=*/true,
                          position);
  }
  for (const NodePtr &node : history->nodes) {
    detail::appendNodeKey(history->key, *node, /*asArgument=*/false, position);
    if (node->kind == OpKind::Gradient)
      history->key += node->history->key + '\0';
    position[node.get()] = static_cast<int32_t>(position.size());
  }
  history->key += std::to_string(history->leaves);
  return history;
}

/// The seed of a backward pass from `root`: `gradient`, or one for a
/// one-element root.
NodePtr seedFor(const NodePtr &root, const Tensor &gradient, const char *op,
                SourceLocation where) {
  if (!gradient.defined()) {
    if (root->spec.numel() != 1)
      fail(op,
           "grad can be implicitly created only for one-element outputs, "
           "got shape " +
               detail::shapeText(root->spec.shape),
           where);
    return detail::reshapeTo(detail::scalarNode(1, detail::dtypeOf(root)),
                             root->spec.shape, where);
  }
  NodePtr seed = nodeOf(gradient, op, where);
  if (seed->spec.shape != root->spec.shape)
    fail(op,
         "gradient of shape " + detail::shapeText(seed->spec.shape) +
             " for an output of shape " + detail::shapeText(root->spec.shape),
         where);
  return detail::castTo(seed, detail::dtypeOf(root), where);
}

/// Gradient nodes of `root` with respect to each leaf it depends on.
std::vector<std::pair<NodePtr, NodePtr>>
gradientsOf(const NodePtr &root, const NodePtr &seed, SourceLocation where) {
  if (root->isLeaf)
    return {{root, seed}};
  std::shared_ptr<const History> history = historyOf(root);
  std::vector<NodePtr> inputs = history->arguments;
  inputs.push_back(seed);
  std::vector<std::pair<NodePtr, NodePtr>> gradients;
  for (size_t i = 0; i < history->leaves; ++i) {
    const NodePtr &leaf = history->arguments[i];
    NodePtr gradient = detail::record(OpKind::Gradient, leaf->spec, inputs,
                                      {static_cast<int64_t>(i)}, where);
    gradient->history = history;
    gradients.push_back({leaf, gradient});
  }
  return gradients;
}

void checkBackward(const NodePtr &root, const char *op, SourceLocation where) {
  if (!root->requiresGrad)
    fail(op, "the tensor does not require grad and has no gradient history",
         where);
}

} // namespace

Tensor &Tensor::requires_grad_(bool requiresGrad, SourceLocation where) {
  where = callSite(where);
  const auto &self = checked(where);
  if (requiresGrad && !isFloatingPoint(detail::dtypeOf(self->node)))
    fail("kiln.requires_grad_",
         "only floating point tensors can require gradients, got " +
             std::string(toString(detail::dtypeOf(self->node))),
         where);
  if (!requiresGrad && self->node->requiresGrad && !self->node->isLeaf)
    fail("kiln.requires_grad_",
         "requires_grad can only be turned off for leaf tensors", where);
  self->requiresGrad = requiresGrad;
  self->node->requiresGrad = requiresGrad;
  self->node->isLeaf = requiresGrad;
  self->node->leafOwner = self;
  return *this;
}

bool Tensor::requires_grad() const { return impl && impl->node->requiresGrad; }

bool Tensor::is_leaf() const {
  return !impl || !impl->node->requiresGrad || impl->node->isLeaf;
}

Tensor Tensor::grad() const { return impl ? impl->grad : Tensor(); }

Tensor &Tensor::mutable_grad() {
  if (!impl)
    fail("kiln.mutable_grad", "the tensor is undefined", SourceLocation());
  return impl->grad;
}

void Tensor::backward(const Tensor &gradient, std::optional<bool>,
                      bool createGraph, SourceLocation where) const {
  where = callSite(where);
  NodePtr root = nodeOf(*this, "kiln.backward", where);
  checkBackward(root, "kiln.backward", where);
  // With create_graph the gradients have history of their own, so they can
  // be differentiated again.
  std::optional<NoGradGuard> noGrad;
  if (!createGraph)
    noGrad.emplace();
  NodePtr seed = seedFor(root, gradient, "kiln.backward", where);
  for (auto &[leaf, leafGradient] : gradientsOf(root, seed, where)) {
    auto owner = leaf->leafOwner.lock();
    if (!owner)
      continue; // the leaf tensor is gone; nobody can read its gradient
    Tensor contribution = makeTensor(leafGradient);
    owner->grad = owner->grad.defined() ? add(owner->grad, contribution, where)
                                        : contribution;
  }
}

std::vector<Tensor> autograd::grad(const std::vector<Tensor> &outputs,
                                   const std::vector<Tensor> &inputs,
                                   const std::vector<Tensor> &gradOutputs,
                                   std::optional<bool>, bool createGraph,
                                   SourceLocation where) {
  where = callSite(where);
  if (!gradOutputs.empty() && gradOutputs.size() != outputs.size())
    fail("kiln.autograd.grad",
         "got " + std::to_string(gradOutputs.size()) + " grad_outputs for " +
             std::to_string(outputs.size()) + " outputs",
         where);
  std::vector<NodePtr> leaves;
  for (const Tensor &input : inputs) {
    NodePtr node = nodeOf(input, "kiln.autograd.grad", where);
    if (!node->requiresGrad || !node->isLeaf)
      fail("kiln.autograd.grad",
           "inputs must be leaf tensors that require grad", where);
    leaves.push_back(node);
  }
  std::optional<NoGradGuard> noGrad;
  if (!createGraph)
    noGrad.emplace();
  std::vector<Tensor> result(inputs.size());
  for (size_t o = 0; o < outputs.size(); ++o) {
    NodePtr root = nodeOf(outputs[o], "kiln.autograd.grad", where);
    checkBackward(root, "kiln.autograd.grad", where);
    NodePtr seed =
        seedFor(root, gradOutputs.empty() ? Tensor() : gradOutputs[o],
                "kiln.autograd.grad", where);
    for (auto &[leaf, leafGradient] : gradientsOf(root, seed, where))
      for (size_t i = 0; i < leaves.size(); ++i)
        if (leaves[i] == leaf)
          result[i] = result[i].defined()
                          ? add(result[i], makeTensor(leafGradient), where)
                          : makeTensor(leafGradient);
  }
  for (size_t i = 0; i < inputs.size(); ++i)
    if (!result[i].defined())
      result[i] = zeros(inputs[i].sizes(), inputs[i].options(), where);
  return result;
}

} // namespace kiln
