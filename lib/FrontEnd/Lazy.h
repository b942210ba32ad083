//===- Lazy.h - lazy nodes behind kiln::Tensor ------------------*- C++ -*-===//

#ifndef KILN_LIB_FRONTEND_LAZY_H
#define KILN_LIB_FRONTEND_LAZY_H

#include "kiln/Compiler/Graph.h"
#include "kiln/Error.h"
#include "kiln/Tensor.h"
#include "kiln/runtime/HostBuffer.h"

#include <memory>
#include <mutex>
#include <optional>
#include <source_location>
#include <vector>

namespace kiln::detail {

/// One recorded operation, or a value that is already computed.
///
/// A node is *computed* once `value` is set; it then enters later graphs as a
/// function argument, and its inputs are released. Run-time scalars are
/// computed nodes from the start.
struct Node {
  OpKind kind;
  runtime::TensorSpec spec;
  std::vector<std::shared_ptr<Node>> inputs;
  std::vector<int64_t> attributes;
  std::source_location where;
  /// Pending nodes reachable from this one (shared ones counted twice): the
  /// bound on how large a graph may grow before it is cut.
  int64_t pendingSize = 0;
  std::optional<runtime::HostBuffer> value;

  bool computed() const { return value.has_value(); }
};

struct TensorImpl {
  std::shared_ptr<Node> node;
  bool requiresGrad = false;
};

/// Records a pending node; cuts the graph first when it would grow too large.
std::shared_ptr<Node> record(OpKind kind, runtime::TensorSpec spec,
                             std::vector<std::shared_ptr<Node>> inputs,
                             std::vector<int64_t> attributes,
                             std::source_location where);

/// A computed node holding `buffer`.
std::shared_ptr<Node> computedNode(runtime::TensorSpec spec,
                                   runtime::HostBuffer buffer);

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

/// Throws kiln::Error for `op`, naming the call site.
[[noreturn]] void fail(const char *op, const std::string &message,
                       std::source_location where);

runtime::DType toRuntime(Dtype dtype);
Dtype fromRuntime(runtime::DType dtype);

} // namespace kiln::detail

#endif // KILN_LIB_FRONTEND_LAZY_H
