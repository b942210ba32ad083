//===- Lazy.h - lazy nodes behind kiln::Tensor ------------------*- C++ -*-===//

#ifndef KILN_LIB_FRONTEND_LAZY_H
#define KILN_LIB_FRONTEND_LAZY_H

#include "kiln/Compiler/Graph.h"
#include "kiln/Device.h"
#include "kiln/Error.h"
#include "kiln/Tensor.h"
#include "kiln/runtime/DeviceBuffer.h"
#include "kiln/runtime/HostBuffer.h"

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <source_location>
#include <string>
#include <vector>

namespace kiln::detail {

/// One recorded operation, or a value that is already computed.
///
/// A node is *computed* once `value` is set; it then enters later graphs as a
/// function argument, and its inputs are released. Run-time scalars are
/// computed nodes from the start.
struct History;
struct TensorImpl;

struct Node {
  OpKind kind;
  runtime::TensorSpec spec;
  std::vector<std::shared_ptr<Node>> inputs;
  std::vector<int64_t> attributes;
  std::source_location where;
  /// The longest chain of pending nodes ending here: the bound on how large a
  /// graph may grow before it is cut (a count would double shared inputs).
  int64_t pendingDepth = 0;
  /// Where the node is computed and its value lives; none for run-time
  /// scalars and what is computed from them alone, which go to the device
  /// of the graph that reads them (the CPU when computed by themselves).
  std::optional<Device> device;
  /// A computed node's value: in host memory, or in device memory for a
  /// node computed on a GPU.
  std::optional<runtime::HostBuffer> value;
  std::optional<runtime::DeviceBuffer> deviceValue;
  /// Set, after `value`, once the node is computed: other threads read it
  /// without the runtime's lock.
  std::atomic<bool> ready{false};

  /// Autograd: whether gradients flow to this node, whether it is a leaf
  /// (a tensor the user asked gradients for, whose .grad() they land in),
  /// and that tensor. A non-leaf that requires grad keeps its inputs once
  /// computed: they are the history backward() differentiates.
  bool requiresGrad = false;
  bool isLeaf = false;
  std::weak_ptr<TensorImpl> leafOwner;
  /// For Gradient nodes: the function they differentiate.
  std::shared_ptr<const History> history;

  bool computed() const { return ready.load(std::memory_order_acquire); }
};

using NodePtr = std::shared_ptr<Node>;

/// The recorded computation of one value from the leaves it depends on, as
/// backward() found it: what a Gradient node differentiates.
struct History {
  /// The leaves, then the other values the computation reads.
  std::vector<NodePtr> arguments;
  size_t leaves = 0;
  /// The computation, in topological order, ending with the result.
  std::vector<NodePtr> nodes;
  /// The structural key of the computation, for cache keys.
  std::string key;
};

/// How a view derives its value from the tensor it aliases, and how a write
/// to the view becomes a new value of that tensor (null: not writable).
struct ViewFunctions {
  std::function<NodePtr(const NodePtr &base, std::source_location)> read;
  std::function<NodePtr(const NodePtr &base, const NodePtr &value,
                        std::source_location)>
      write;
  /// Why writes are refused, when `write` is null.
  const char *readOnlyReason = nullptr;
};

struct TensorImpl {
  NodePtr node;
  bool requiresGrad = false;
  /// The accumulated gradient of a leaf.
  Tensor grad;
  /// Whether the runtime's list of live pending tensors holds this one.
  bool registered = false;
  /// For views: the aliased tensor, its value when `node` was derived, and
  /// how to read and write through the view.
  std::shared_ptr<TensorImpl> base;
  NodePtr baseNodeSeen;
  std::shared_ptr<const ViewFunctions> view;
  /// Guards `node` and `baseNodeSeen` of a view, which reads refresh.
  std::mutex viewMutex;
};

/// The tensor's value; a view's is brought up to date with its base first.
NodePtr currentNode(const std::shared_ptr<TensorImpl> &impl);

/// An in-place write: the tensor takes `value` and, through views, so does
/// the tensor it aliases.
void writeNode(const std::shared_ptr<TensorImpl> &impl, NodePtr value,
               std::source_location where);

/// A view of `base` whose value is `value` (= view.read of base's value).
Tensor makeView(const Tensor &base, NodePtr value,
                std::shared_ptr<const ViewFunctions> view);

/// Records a pending node; cuts the graph first when it would grow too large.
std::shared_ptr<Node> record(OpKind kind, runtime::TensorSpec spec,
                             std::vector<std::shared_ptr<Node>> inputs,
                             std::vector<int64_t> attributes,
                             std::source_location where);

/// A computed CPU node holding `buffer`.
std::shared_ptr<Node> computedNode(runtime::TensorSpec spec,
                                   runtime::HostBuffer buffer);

/// The device a node is on; the CPU for nodes of no device.
Device deviceOf(const Node &node);

/// A computed node's value in host memory: the value itself, or a copy of a
/// device value. Computes the node first.
runtime::HostBuffer hostValue(const NodePtr &node, std::source_location where);

/// A computed copy of `node` on `device` (the node itself when already
/// there). Computes the node first.
NodePtr transferTo(const NodePtr &node, Device device,
                   std::source_location where);

/// Moves `tensor`'s value, and its gradient, to `device`, keeping the
/// tensor (and every handle sharing it) and its autograd leaf status.
void moveTo(const Tensor &tensor, Device device, std::source_location where);

/// Throws unless kiln can use `device` (the CPU or CUDA device 0).
void checkDevice(Device device, const char *op, std::source_location where);

/// `device` as PyTorch prints it: `cpu`, `cuda:0`.
std::string deviceText(Device device);

/// A tensor whose value is `node`; registered so that a later cut can compute
/// it together with the graph it shares.
Tensor makeTensor(std::shared_ptr<Node> node);

/// Gives an existing tensor (and every handle sharing it) a new value.
void assignNode(const std::shared_ptr<TensorImpl> &impl,
                std::shared_ptr<Node> node);

/// Computes `nodes` (and the live pending tensors that share their graph),
/// compiling on a cache miss. Errors name `where`.
void compute(const std::vector<std::shared_ptr<Node>> &nodes,
             std::source_location where);

/// The call site of the innermost live kiln::CallSite, else `fallback`.
std::source_location callSite(std::source_location fallback);

/// Whether ops record gradient history on this thread (no NoGradGuard).
bool gradEnabled();

/// Appends the bytes of `value` to a key.
template <typename T> void appendBytes(std::string &key, T value) {
  key.append(reinterpret_cast<const char *>(&value), sizeof(T));
}

/// Appends `node`'s structure to a key: its op (or that it is an argument),
/// dtype, shape, attributes and, through `position` (Node * -> index), its
/// inputs. Never values.
template <typename Positions>
void appendNodeKey(std::string &key, const Node &node, bool asArgument,
                   const Positions &position) {
  appendBytes(key, static_cast<uint8_t>(asArgument ? OpKind::Argument
                                                   : node.kind));
  appendBytes(key, static_cast<uint8_t>(node.spec.dtype));
  appendBytes(key, static_cast<uint32_t>(node.spec.shape.size()));
  for (int64_t size : node.spec.shape)
    appendBytes(key, size);
  if (asArgument)
    return;
  appendBytes(key, static_cast<uint32_t>(node.attributes.size()));
  for (int64_t a : node.attributes)
    appendBytes(key, a);
  appendBytes(key, static_cast<uint32_t>(node.inputs.size()));
  for (const auto &input : node.inputs)
    appendBytes(key, position.at(input.get()));
}

/// Throws kiln::Error for `op`, naming the call site.
[[noreturn]] void fail(const char *op, const std::string &message,
                       std::source_location where);

runtime::DType toRuntime(Dtype dtype);
Dtype fromRuntime(runtime::DType dtype);

} // namespace kiln::detail

#endif // KILN_LIB_FRONTEND_LAZY_H
