//===- Lazy.cpp - cutting, keying, compiling and running lazy graphs ------===//

#include "Lazy.h"

#include "kiln/Compiler/GraphCompiler.h"
#include "kiln/Functions.h"
#include "kiln/runtime/ArtifactCache.h"
#include "kiln/runtime/CpuExecutable.h"
#include "kiln/runtime/Cuda.h"
#include "kiln/runtime/GpuProgram.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/xxhash.h"

#include <chrono>
#include <cstdlib>
#include <list>
#include <malloc.h>
#include <string>
#include <unordered_map>

namespace kiln::detail {

namespace {

/// A pending graph is cut when a chain of pending ops grows this long.
constexpr int64_t kMaxPendingDepth = 4096;
/// Compiled programs kept in memory, least recently used evicted first.
constexpr size_t kMemoryCacheEntries = 512;

/// Everything shared between threads. `mutex` serializes cutting,
/// compiling and running (and guards the caches and stats); tracing takes
/// only `registryMutex`, briefly, so it never waits for a compilation.
struct Runtime {
  std::mutex mutex;
  /// Guards `liveTensors`, and the `node` and `registered` fields of the
  /// tensors it lists.
  std::mutex registryMutex;
  std::vector<std::weak_ptr<TensorImpl>> liveTensors;
  std::list<std::string> recency;
  struct Entry {
    std::shared_ptr<runtime::CpuExecutable> executable;
    std::list<std::string>::iterator position;
  };
  std::unordered_map<std::string, Entry> cache;
  runtime::ArtifactCache disk{runtime::ArtifactCache::defaultFolder(),
                              cpuArtifactVersion()};
  /// The GPU's target and disk cache, set up by the first GPU graph.
  std::optional<GpuTarget> gpuTarget;
  std::optional<runtime::ArtifactCache> gpuDisk;
  /// Node descriptions of recently compiled graphs, to explain recompiles.
  std::list<std::vector<std::string>> compiledGraphs;
  Stats stats;
};

/// KILN_LOG_RECOMPILES=1 logs every compilation and why it was needed.
bool logRecompiles() {
  static const bool enabled = [] {
    const char *value = std::getenv("KILN_LOG_RECOMPILES");
    return value && *value && std::string_view(value) != "0";
  }();
  return enabled;
}

/// KILN_DUMP_IR=folder writes each compiled graph's IR there.
const char *dumpFolder() {
  static const char *folder = [] {
    const char *value = std::getenv("KILN_DUMP_IR");
    return value && *value ? value : nullptr;
  }();
  return folder;
}

Runtime &state() {
  static Runtime *instance = [] {
    // Compiled programs malloc and free their temporaries on every run;
    // above glibc's default thresholds each would be an mmap, page faults
    // and an munmap. Keep them on the heap, as a caching allocator would.
    mallopt(M_MMAP_THRESHOLD, 256 << 20);
    mallopt(M_TRIM_THRESHOLD, 1 << 30);
    return new Runtime;
  }();
  return *instance;
}

thread_local std::optional<std::source_location> currentCallSite;

/// NoGradGuards alive on this thread.
thread_local int noGradDepth = 0;

/// Counted outside the lock: tracing must stay cheap.
std::atomic<int64_t> nodesTraced{0};

std::string locationText(const std::source_location &where) {
  return std::string(where.file_name()) + ":" + std::to_string(where.line());
}

/// The cut: nodes in topological order, with their positions, and the
/// device it runs on.
struct Cut {
  Device device;
  std::vector<Node *> order;
  llvm::DenseMap<Node *, int32_t> position;
  std::vector<Node *> arguments;
  std::vector<Node *> results;
};

void visit(Node *node, Cut &cut) {
  if (cut.position.count(node))
    return;
  if (!node->computed())
    for (const auto &input : node->inputs)
      visit(input.get(), cut);
  cut.position[node] = static_cast<int32_t>(cut.order.size());
  cut.order.push_back(node);
  if (node->computed())
    cut.arguments.push_back(node);
}

/// The values of the live tensors still pending, pruning the others.
std::vector<NodePtr> pendingLiveNodes(Runtime &rt) {
  std::lock_guard<std::mutex> lock(rt.registryMutex);
  std::vector<NodePtr> nodes;
  std::vector<std::weak_ptr<TensorImpl>> alive;
  for (auto &weak : rt.liveTensors) {
    auto impl = weak.lock();
    if (!impl)
      continue;
    if (impl->node->computed()) {
      impl->registered = false;
      continue;
    }
    alive.push_back(weak);
    nodes.push_back(impl->node);
  }
  rt.liveTensors = std::move(alive);
  return nodes;
}

/// Whether the pending part of `node`'s graph reaches a node of `cut`. Runs
/// for every live pending tensor on every cut, so it stops at the first
/// shared node and allocates nothing for small graphs.
bool sharesPendingNode(Node *node, const Cut &cut) {
  llvm::SmallPtrSet<Node *, 32> seen;
  llvm::SmallVector<Node *, 64> stack{node};
  while (!stack.empty()) {
    Node *next = stack.pop_back_val();
    if (next->computed() || !seen.insert(next).second)
      continue;
    if (cut.position.count(next))
      return true;
    for (const auto &input : next->inputs)
      stack.push_back(input.get());
  }
  return false;
}

/// Adds live pending tensors whose graphs share a pending node with the cut,
/// so that shared work is computed once.
void addSharingTensors(Runtime &rt, Cut &cut) {
  llvm::SmallPtrSet<Node *, 16> results(cut.results.begin(), cut.results.end());
  for (const NodePtr &pending : pendingLiveNodes(rt)) {
    Node *node = pending.get();
    if (results.count(node) || deviceOf(*node) != cut.device)
      continue;
    if (sharesPendingNode(node, cut)) {
      visit(node, cut);
      cut.results.push_back(node);
      results.insert(node);
    }
  }
}

/// The structural key: ops, attributes, shapes and dtypes; never values.
/// Binary, since it is built on every cut, cache hit or not.
std::string keyOf(const Cut &cut) {
  std::string key;
  key.reserve(cut.order.size() * 48);
  appendBytes(key, static_cast<uint8_t>(cut.device.type));
  for (Node *node : cut.order) {
    appendNodeKey(key, *node, node->computed(), cut.position);
    if (node->computed())
      continue;
    // Index-checking ops report their call site from compiled code, so it is
    // part of what was compiled.
    if (node->kind == OpKind::Gather || node->kind == OpKind::ScatterAdd)
      key += locationText(node->where) + '\0';
    if (node->kind == OpKind::Gradient)
      key += node->history->key + '\0';
  }
  for (Node *node : cut.results)
    appendBytes(key, cut.position.at(node));
  return key;
}

/// One line per node: what a recompilation's reason is made of.
std::vector<std::string> describe(const Cut &cut) {
  std::vector<std::string> lines;
  for (Node *node : cut.order)
    lines.push_back(node->computed() ? "argument " + node->spec.str()
                                     : std::string(opName(node->kind)) + " " +
                                           node->spec.str() + " at " +
                                           locationText(node->where));
  return lines;
}

/// Why `graph` was compiled: how it differs from the most similar graph
/// compiled before.
std::string recompileReason(const std::list<std::vector<std::string>> &seen,
                            const std::vector<std::string> &graph) {
  const std::vector<std::string> *nearest = nullptr;
  size_t bestMatches = 0;
  for (const auto &other : seen) {
    size_t matches = 0;
    for (size_t i = 0; i < std::min(other.size(), graph.size()); ++i)
      matches += other[i] == graph[i];
    if (!nearest || matches > bestMatches) {
      nearest = &other;
      bestMatches = matches;
    }
  }
  if (!nearest)
    return "first graph";
  for (size_t i = 0; i < std::min(nearest->size(), graph.size()); ++i)
    if ((*nearest)[i] != graph[i])
      return "node " + std::to_string(i) + " is " + graph[i] +
             ", the nearest cached graph has " + (*nearest)[i];
  return std::to_string(graph.size()) + " nodes where the nearest cached " +
         "graph has " + std::to_string(nearest->size());
}

/// Adds the function `history` describes (its arguments, then its nodes)
/// to `functions`, after those of the gradients it contains; returns its
/// index.
int64_t addFunction(const History *history, std::vector<Graph> &functions,
                    std::unordered_map<const History *, int64_t> &indices) {
  if (auto found = indices.find(history); found != indices.end())
    return found->second;
  Graph graph;
  std::unordered_map<Node *, int32_t> position;
  for (const NodePtr &argument : history->arguments) {
    position[argument.get()] = static_cast<int32_t>(graph.nodes.size());
    graph.arguments.push_back(position[argument.get()]);
    graph.nodes.push_back({OpKind::Argument, argument->spec, {}, {}, ""});
  }
  for (const NodePtr &node : history->nodes) {
    GraphNode g{node->kind,
                node->spec,
                {},
                node->attributes,
                locationText(node->where)};
    for (const auto &input : node->inputs)
      g.inputs.push_back(position.at(input.get()));
    if (node->kind == OpKind::Gradient)
      g.attributes.insert(g.attributes.begin(),
                          addFunction(node->history.get(), functions, indices));
    position[node.get()] = static_cast<int32_t>(graph.nodes.size());
    graph.nodes.push_back(std::move(g));
  }
  graph.results.push_back(position.at(history->nodes.back().get()));
  for (size_t i = 0; i < history->leaves; ++i)
    graph.wrt.push_back(static_cast<int64_t>(i));
  functions.push_back(std::move(graph));
  return indices[history] = static_cast<int64_t>(functions.size() - 1);
}

Graph graphOf(const Cut &cut) {
  Graph graph;
  std::unordered_map<const History *, int64_t> functions;
  for (Node *node : cut.order) {
    GraphNode g{node->computed() ? OpKind::Argument : node->kind,
                node->spec,
                {},
                node->attributes,
                locationText(node->where)};
    if (!node->computed())
      for (const auto &input : node->inputs)
        g.inputs.push_back(cut.position.at(input.get()));
    if (g.kind == OpKind::Gradient)
      g.attributes.insert(
          g.attributes.begin(),
          addFunction(node->history.get(), graph.functions, functions));
    graph.nodes.push_back(std::move(g));
  }
  for (Node *node : cut.arguments)
    graph.arguments.push_back(cut.position.at(node));
  for (Node *node : cut.results)
    graph.results.push_back(cut.position.at(node));
  return graph;
}

std::shared_ptr<runtime::CpuExecutable>
executableFor(Runtime &rt, const Cut &cut, std::source_location where) {
  std::string key = keyOf(cut);
  auto found = rt.cache.find(key);
  if (found != rt.cache.end()) {
    rt.recency.splice(rt.recency.begin(), rt.recency, found->second.position);
    ++rt.stats.memoryCacheHits;
    return found->second.executable;
  }
  ++rt.stats.memoryCacheMisses;
  bool gpu = cut.device.type == kCUDA;
  if (gpu && !rt.gpuTarget) {
    auto device = runtime::cuda::device();
    if (!device)
      fail("kiln.cuda", llvm::toString(device.takeError()), where);
    rt.gpuTarget = gpuTargetFor(device->major, device->minor);
    rt.gpuDisk.emplace(runtime::ArtifactCache::defaultFolder(),
                       gpuArtifactVersion(*rt.gpuTarget));
  }
  runtime::ArtifactCache &disk = gpu ? *rt.gpuDisk : rt.disk;
  std::optional<runtime::CpuArtifact> artifact = disk.lookup(key);
  if (artifact) {
    ++rt.stats.diskCacheHits;
  } else {
    rt.stats.diskCacheMisses += disk.enabled();
    std::vector<std::string> description = describe(cut);
    if (logRecompiles())
      llvm::errs() << "kiln: compiling a graph of " << description.size()
                   << " nodes for " << locationText(where) << ": "
                   << recompileReason(rt.compiledGraphs, description) << "\n";
    rt.compiledGraphs.push_front(std::move(description));
    if (rt.compiledGraphs.size() > 64)
      rt.compiledGraphs.pop_back();
    CpuCompileOptions options;
    if (const char *folder = dumpFolder()) {
      llvm::sys::fs::create_directories(folder);
      options.dumpPrefix = std::string(folder) + "/graph-" +
                           llvm::utohexstr(llvm::xxh3_64bits(key));
    }
    auto start = std::chrono::steady_clock::now();
    auto compiled =
        cut.device.type == kCUDA
            ? compileGraphForGpu(graphOf(cut), {options, *rt.gpuTarget})
            : compileGraph(graphOf(cut), options);
    if (!compiled)
      fail("kiln.compile", llvm::toString(compiled.takeError()), where);
    rt.stats.compileSeconds +=
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
            .count();
    ++rt.stats.graphsCompiled;
    disk.store(key, *compiled);
    artifact = std::move(*compiled);
  }
  auto executable = gpu ? runtime::loadGpuProgram(std::move(*artifact))
                        : runtime::CpuExecutable::load(std::move(*artifact));
  if (!executable)
    fail("kiln.load", llvm::toString(executable.takeError()), where);
  std::shared_ptr<runtime::CpuExecutable> shared = std::move(*executable);
  rt.recency.push_front(key);
  rt.cache[key] = {shared, rt.recency.begin()};
  if (rt.cache.size() > kMemoryCacheEntries) {
    rt.cache.erase(rt.recency.back());
    rt.recency.pop_back();
  }
  return shared;
}

} // namespace

std::shared_ptr<Node> record(OpKind kind, runtime::TensorSpec spec,
                             std::vector<std::shared_ptr<Node>> inputs,
                             std::vector<int64_t> attributes,
                             std::source_location where) {
  nodesTraced.fetch_add(1, std::memory_order_relaxed);
  auto node = std::make_shared<Node>();
  node->kind = kind;
  node->spec = std::move(spec);
  node->inputs = std::move(inputs);
  node->attributes = std::move(attributes);
  node->where = where;
  for (const auto &input : node->inputs) {
    if (!input->device)
      continue;
    if (node->device && *node->device != *input->device)
      fail(opName(kind),
           "expected all tensors to be on the same device, but found " +
               deviceText(*node->device) + " and " + deviceText(*input->device),
           where);
    node->device = input->device;
  }
  node->requiresGrad =
      gradEnabled() && llvm::any_of(node->inputs, [](const NodePtr &input) {
        return input->requiresGrad;
      });
  node->pendingDepth = 1;
  for (const auto &input : node->inputs)
    if (!input->computed())
      node->pendingDepth =
          std::max(node->pendingDepth, input->pendingDepth + 1);
  if (node->pendingDepth > kMaxPendingDepth) {
    compute(node->inputs, where);
    node->pendingDepth = 1;
  }
  return node;
}

std::shared_ptr<Node> computedNode(runtime::TensorSpec spec,
                                   runtime::HostBuffer buffer) {
  auto node = std::make_shared<Node>();
  node->kind = OpKind::Argument;
  node->spec = std::move(spec);
  node->device = kCPU;
  node->value = std::move(buffer);
  node->ready.store(true, std::memory_order_release);
  return node;
}

void assignNode(const std::shared_ptr<TensorImpl> &impl,
                std::shared_ptr<Node> node) {
  Runtime &rt = state();
  std::lock_guard<std::mutex> lock(rt.registryMutex);
  impl->node = std::move(node);
  if (!impl->node->computed() && !impl->registered) {
    impl->registered = true;
    rt.liveTensors.push_back(impl);
  }
}

NodePtr currentNode(const std::shared_ptr<TensorImpl> &impl) {
  if (!impl->base)
    return impl->node;
  NodePtr base = currentNode(impl->base);
  std::lock_guard<std::mutex> lock(impl->viewMutex);
  if (base != impl->baseNodeSeen) {
    assignNode(impl, impl->view->read(base, impl->node->where));
    impl->baseNodeSeen = base;
  }
  return impl->node;
}

void writeNode(const std::shared_ptr<TensorImpl> &impl, NodePtr value,
               std::source_location where) {
  if (impl->requiresGrad) {
    if (gradEnabled())
      fail("kiln.inplace",
           "a leaf tensor that requires grad is used in an in-place "
           "operation; wrap it in a kiln::NoGradGuard",
           where);
    // Still the leaf: the updated value is what later gradients are for. A
    // node shared with other tensors is copied so only this one is a leaf.
    if (value.use_count() > 1)
      value = record(OpKind::Reshape, value->spec, {value}, {}, where);
    value->requiresGrad = true;
    value->isLeaf = true;
    value->leafOwner = impl;
  }
  if (!impl->base)
    return assignNode(impl, std::move(value));
  if (!impl->view->write)
    fail("kiln.inplace", impl->view->readOnlyReason, where);
  writeNode(impl->base,
            impl->view->write(currentNode(impl->base), value, where), where);
  std::lock_guard<std::mutex> lock(impl->viewMutex);
  impl->baseNodeSeen = impl->base->node;
  assignNode(impl, std::move(value));
}

Tensor makeView(const Tensor &base, NodePtr value,
                std::shared_ptr<const ViewFunctions> view) {
  Tensor result = makeTensor(std::move(value));
  const auto &impl = result.unsafeImpl();
  impl->base = base.unsafeImpl();
  impl->baseNodeSeen = base.unsafeImpl()->node;
  impl->view = std::move(view);
  return result;
}

Tensor makeTensor(std::shared_ptr<Node> node) {
  auto impl = std::make_shared<TensorImpl>();
  assignNode(impl, std::move(node));
  return Tensor(std::move(impl));
}

namespace {

/// The cut computing `nodes` (all on `device`), with the live tensors
/// sharing its graph when `share` is set.
Cut cutOf(Runtime &rt, const std::vector<std::shared_ptr<Node>> &nodes,
          Device device, bool share) {
  Cut cut;
  cut.device = device;
  for (const auto &node : nodes) {
    if (node->computed() || llvm::is_contained(cut.results, node.get()))
      continue;
    visit(node.get(), cut);
    cut.results.push_back(node.get());
  }
  if (share && !cut.results.empty())
    addSharingTensors(rt, cut);
  return cut;
}

/// A host copy of a value computed on the device.
runtime::HostBuffer hostCopy(const Node &node) {
  runtime::HostBuffer copy =
      runtime::HostBuffer::uninitialized(node.spec.byteSize());
  if (llvm::Error error = runtime::cuda::copyToHost(
          copy.data(), node.deviceValue->data(), node.spec.byteSize()))
    fail("kiln.to", llvm::toString(std::move(error)), node.where);
  return copy;
}

/// A device buffer holding a copy of `size` bytes at `source`, which is
/// device memory when `fromDevice` is set.
llvm::Expected<runtime::DeviceBuffer> deviceCopy(const void *source,
                                                 size_t size, bool fromDevice) {
  auto buffer = runtime::DeviceBuffer::allocate(size);
  if (!buffer)
    return buffer.takeError();
  llvm::Error copied =
      fromDevice ? runtime::cuda::copyOnDevice(buffer->data(), source, size)
                 : runtime::cuda::copyToDevice(buffer->data(), source, size);
  if (copied)
    return std::move(copied);
  return buffer;
}

/// Buffers a program runs on: pointers to the arguments' values on the
/// cut's device (copies where a value lives on the other side, such as a
/// run-time scalar read by a GPU graph), and fresh outputs.
struct RunBuffers {
  std::vector<void *> inputs, outputs;
  std::vector<runtime::HostBuffer> hostInputs, hostOutputs;
  std::vector<runtime::DeviceBuffer> deviceOutputs, uploads;

  llvm::Error addInput(Node &argument, bool gpu) {
    if (!gpu) {
      // A value computed on the GPU is copied for this run only: the node
      // is published, and other threads read it.
      if (!argument.value)
        hostInputs.push_back(hostCopy(argument));
      inputs.push_back(argument.value ? argument.value->data()
                                      : hostInputs.back().data());
      return llvm::Error::success();
    }
    if (argument.deviceValue) {
      inputs.push_back(argument.deviceValue->data());
      return llvm::Error::success();
    }
    auto copy = deviceCopy(argument.value->data(), argument.spec.byteSize(),
                           /*fromDevice=*/false);
    if (!copy)
      return copy.takeError();
    inputs.push_back(copy->data());
    uploads.push_back(std::move(*copy));
    return llvm::Error::success();
  }

  llvm::Error addOutput(const runtime::TensorSpec &spec, bool gpu) {
    if (!gpu) {
      hostOutputs.push_back(
          runtime::HostBuffer::uninitialized(spec.byteSize()));
      outputs.push_back(hostOutputs.back().data());
      return llvm::Error::success();
    }
    auto buffer = runtime::DeviceBuffer::allocate(spec.byteSize());
    if (!buffer)
      return buffer.takeError();
    outputs.push_back(buffer->data());
    deviceOutputs.push_back(std::move(*buffer));
    return llvm::Error::success();
  }
};

/// Runs `cut` and publishes its results; a fault found by the program is
/// returned, and the results stay pending.
llvm::Error runCut(Runtime &rt, const Cut &cut, std::source_location where) {
  bool gpu = cut.device.type == kCUDA;
  auto executable = executableFor(rt, cut, where);
  RunBuffers buffers;
  for (Node *argument : cut.arguments)
    if (llvm::Error error = buffers.addInput(*argument, gpu))
      return error;
  for (Node *result : cut.results)
    if (llvm::Error error = buffers.addOutput(result->spec, gpu))
      return error;
  auto start = std::chrono::steady_clock::now();
  llvm::Error error =
      gpu ? runtime::runGpuProgram(*executable, buffers.inputs, buffers.outputs)
          : executable->run(buffers.inputs, buffers.outputs);
  if (error)
    return error;
  rt.stats.runSeconds +=
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  ++rt.stats.graphsRun;
  for (size_t i = 0; i < cut.results.size(); ++i) {
    Node *result = cut.results[i];
    if (gpu)
      result->deviceValue = std::move(buffers.deviceOutputs[i]);
    else
      result->value = std::move(buffers.hostOutputs[i]);
    result->device = cut.device;
    // Gradient history stays; everything else is released.
    if (!result->requiresGrad || result->isLeaf)
      result->inputs.clear();
    result->ready.store(true, std::memory_order_release);
  }
  return llvm::Error::success();
}

/// Computes `nodes`, all on `device`.
void computeOn(Runtime &rt, const std::vector<std::shared_ptr<Node>> &nodes,
               Device device, std::source_location where) {
  Cut cut = cutOf(rt, nodes, device, /*share=*/true);
  if (cut.results.empty())
    return;
  llvm::Error error = runCut(rt, cut, where);
  if (!error)
    return;
  // The fault may belong to a tensor that only shared the graph: the
  // requested values alone may still be computable.
  Cut alone = cutOf(rt, nodes, device, /*share=*/false);
  if (alone.results.size() < cut.results.size()) {
    llvm::consumeError(std::move(error));
    error = runCut(rt, alone, where);
  }
  if (error)
    fail("kiln.run", llvm::toString(std::move(error)), where);
}

} // namespace

void compute(const std::vector<std::shared_ptr<Node>> &nodes,
             std::source_location where) {
  Runtime &rt = state();
  std::lock_guard<std::mutex> lock(rt.mutex);
  // One program per device.
  std::vector<std::shared_ptr<Node>> onCpu, onGpu;
  for (const auto &node : nodes)
    (deviceOf(*node).type == kCUDA ? onGpu : onCpu).push_back(node);
  if (!onCpu.empty())
    computeOn(rt, onCpu, kCPU, where);
  if (!onGpu.empty())
    computeOn(rt, onGpu, kCUDA, where);
}

Device deviceOf(const Node &node) { return node.device.value_or(kCPU); }

std::string deviceText(Device device) {
  return device.type == kCUDA ? "cuda:" + std::to_string(device.index) : "cpu";
}

runtime::HostBuffer hostValue(const NodePtr &node, std::source_location where) {
  compute({node}, where);
  return node->value ? *node->value : hostCopy(*node);
}

void checkDevice(Device device, const char *op, std::source_location where) {
  if (device.type == kCUDA && device.index != 0)
    fail(op,
         "kiln uses CUDA device 0; " + deviceText(device) + " was requested",
         where);
}

NodePtr transferTo(const NodePtr &node, Device device,
                   std::source_location where) {
  checkDevice(device, "kiln.to", where);
  // Already there, computed or not: nothing to compute or copy.
  if (deviceOf(*node) == device)
    return node;
  compute({node}, where);
  if (device.type == kCPU)
    return computedNode(node->spec, hostValue(node, where));
  auto copy = std::make_shared<Node>();
  copy->kind = OpKind::Argument;
  copy->spec = node->spec;
  copy->device = device;
  copy->where = where;
  auto buffer =
      node->deviceValue
          ? deviceCopy(node->deviceValue->data(), node->spec.byteSize(), true)
          : deviceCopy(node->value->data(), node->spec.byteSize(), false);
  if (!buffer)
    fail("kiln.to", llvm::toString(buffer.takeError()), where);
  copy->deviceValue = std::move(*buffer);
  copy->ready.store(true, std::memory_order_release);
  return copy;
}

void moveTo(const Tensor &tensor, Device device, std::source_location where) {
  const std::shared_ptr<TensorImpl> &impl = tensor.unsafeImpl();
  NodePtr current = currentNode(impl);
  NodePtr moved = transferTo(current, device, where);
  if (moved == current)
    return;
  moved->requiresGrad = current->requiresGrad;
  moved->isLeaf = current->isLeaf;
  moved->leafOwner = current->leafOwner;
  assignNode(impl, std::move(moved));
  if (impl->grad.defined())
    moveTo(impl->grad, device, where);
}

bool gradEnabled() { return noGradDepth == 0; }

std::source_location callSite(std::source_location fallback) {
  return currentCallSite ? *currentCallSite : fallback;
}

void fail(const char *op, const std::string &message,
          std::source_location where) {
  throw Error(std::string(op) + ": " + message, where);
}

// The public and the runtime enums list the types in one order.
static_assert(
    static_cast<int>(kFloat32) == static_cast<int>(runtime::DType::f32) &&
    static_cast<int>(kFloat64) == static_cast<int>(runtime::DType::f64) &&
    static_cast<int>(kFloat16) == static_cast<int>(runtime::DType::f16) &&
    static_cast<int>(kBFloat16) == static_cast<int>(runtime::DType::bf16) &&
    static_cast<int>(kInt64) == static_cast<int>(runtime::DType::i64) &&
    static_cast<int>(kInt32) == static_cast<int>(runtime::DType::i32) &&
    static_cast<int>(kBool) == static_cast<int>(runtime::DType::b1));

runtime::DType toRuntime(Dtype dtype) {
  return static_cast<runtime::DType>(dtype);
}

Dtype fromRuntime(runtime::DType dtype) { return static_cast<Dtype>(dtype); }

} // namespace kiln::detail

namespace kiln {

CallSite::CallSite(SourceLocation where) : previous(detail::currentCallSite) {
  if (!previous)
    detail::currentCallSite = where;
}

CallSite::~CallSite() { detail::currentCallSite = previous; }

NoGradGuard::NoGradGuard() { ++detail::noGradDepth; }

NoGradGuard::~NoGradGuard() { --detail::noGradDepth; }

void sync(SourceLocation where) {
  detail::compute(detail::pendingLiveNodes(detail::state()),
                  detail::callSite(where));
}

Stats stats() {
  detail::Runtime &rt = detail::state();
  std::lock_guard<std::mutex> lock(rt.mutex);
  Stats result = rt.stats;
  result.nodesTraced = detail::nodesTraced.load(std::memory_order_relaxed);
  return result;
}

} // namespace kiln
