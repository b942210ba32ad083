//===- NontemporalStores.h - nontemporal stores through LLVM's -O3 -*- C++
//-*-===//
//
// LLVM's loop vectorizer leaves a loop scalar when it holds a nontemporal
// store the target cannot store nontemporally at the scalar's alignment,
// which on x86 is every vector one: the stores `kiln-cpu-stream-results`
// marks would stay scalar. Around the optimization pipeline, they carry a
// marker the vectorizer keeps on the stores it widens instead: an access
// group, which means nothing unless a loop's `parallel_accesses` names it.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_LIB_COMPILER_NONTEMPORALSTORES_H
#define KILN_LIB_COMPILER_NONTEMPORALSTORES_H

namespace llvm {
class Module;
} // namespace llvm

namespace kiln::detail {

/// Before optimization: nontemporal stores (without access groups of their
/// own) trade `!nontemporal` for kiln's marker group, and where a module has
/// them, branches on a pointer's alignment state it in the block they lead
/// to, so that LLVM can align the vector stores there.
void prepareNontemporalStores(llvm::Module &module);

/// After optimization: marked stores lose the marker and are nontemporal
/// again where they are scalar or aligned to their width (an under-aligned
/// vector would be split into scalar nontemporal stores).
void restoreNontemporalStores(llvm::Module &module);

} // namespace kiln::detail

#endif // KILN_LIB_COMPILER_NONTEMPORALSTORES_H
