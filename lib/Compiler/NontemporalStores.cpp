//===- NontemporalStores.cpp - nontemporal stores through LLVM's -O3 ------===//

#include "NontemporalStores.h"

#include "llvm/IR/Constants.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Metadata.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/PatternMatch.h"

namespace {

/// Names the module's marker group between the two steps.
constexpr const char *kMarkerName = "kiln.nontemporal_stores";

/// Every store of `module`, collected first so that they can be changed.
llvm::SmallVector<llvm::StoreInst *> allStores(llvm::Module &module) {
  llvm::SmallVector<llvm::StoreInst *> stores;
  for (llvm::Function &function : module)
    for (llvm::Instruction &inst : llvm::instructions(function))
      if (auto *store = llvm::dyn_cast<llvm::StoreInst>(&inst))
        stores.push_back(store);
  return stores;
}

/// Where `branch` goes on `(ptrtoint %p & (2^k - 1)) == 0` to a block it
/// alone reaches, states there that %p is 2^k-aligned. The versioned loops
/// of `kiln-cpu-stream-results` are such blocks; the assumptions MLIR could
/// state inside them do not survive OpenMP's outlining, which drops every
/// `llvm.assume` of the region it moves.
void assumeTestedAlignment(llvm::BranchInst *branch,
                           const llvm::DataLayout &layout) {
  using namespace llvm::PatternMatch;
  llvm::Value *pointer = nullptr;
  const llvm::APInt *lowBits = nullptr;
  llvm::CmpPredicate predicate;
  if (!branch->isConditional() ||
      !match(branch->getCondition(),
             m_ICmp(predicate,
                    m_And(m_PtrToInt(m_Value(pointer)), m_APInt(lowBits)),
                    m_Zero())) ||
      predicate != llvm::ICmpInst::ICMP_EQ || !(*lowBits + 1).isPowerOf2())
    return;
  llvm::BasicBlock *aligned = branch->getSuccessor(0);
  if (aligned->getSinglePredecessor() != branch->getParent())
    return;
  llvm::IRBuilder<> builder(&*aligned->getFirstInsertionPt());
  builder.CreateAlignmentAssumption(layout, pointer,
                                    (*lowBits + 1).getZExtValue());
}

} // namespace

void kiln::detail::prepareNontemporalStores(llvm::Module &module) {
  llvm::MDNode *marker = nullptr;
  for (llvm::StoreInst *store : allStores(module)) {
    if (!store->getMetadata(llvm::LLVMContext::MD_nontemporal) ||
        store->getMetadata(llvm::LLVMContext::MD_access_group))
      continue;
    if (!marker) {
      marker = llvm::MDNode::getDistinct(module.getContext(), {});
      module.getOrInsertNamedMetadata(kMarkerName)->addOperand(marker);
    }
    store->setMetadata(llvm::LLVMContext::MD_nontemporal, nullptr);
    store->setMetadata(llvm::LLVMContext::MD_access_group, marker);
  }
  if (!marker)
    return;
  for (llvm::Function &function : module)
    for (llvm::BasicBlock &block : function)
      if (auto *branch =
              llvm::dyn_cast<llvm::BranchInst>(block.getTerminator()))
        assumeTestedAlignment(branch, module.getDataLayout());
}

void kiln::detail::restoreNontemporalStores(llvm::Module &module) {
  llvm::NamedMDNode *named = module.getNamedMetadata(kMarkerName);
  if (!named)
    return;
  llvm::MDNode *marker = named->getOperand(0);
  llvm::LLVMContext &context = module.getContext();
  llvm::MDNode *nontemporal = llvm::MDNode::get(
      context, llvm::ConstantAsMetadata::get(
                   llvm::ConstantInt::get(llvm::Type::getInt32Ty(context), 1)));
  const llvm::DataLayout &layout = module.getDataLayout();
  for (llvm::StoreInst *store : allStores(module)) {
    if (store->getMetadata(llvm::LLVMContext::MD_access_group) != marker)
      continue;
    store->setMetadata(llvm::LLVMContext::MD_access_group, nullptr);
    llvm::Type *type = store->getValueOperand()->getType();
    if (!type->isVectorTy() ||
        store->getAlign().value() >= layout.getTypeStoreSize(type))
      store->setMetadata(llvm::LLVMContext::MD_nontemporal, nontemporal);
  }
  named->eraseFromParent();
}
