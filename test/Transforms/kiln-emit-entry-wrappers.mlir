// RUN: kiln-opt %s --kiln-emit-entry-wrappers --split-input-file --verify-diagnostics | FileCheck %s

// CHECK-LABEL: llvm.func @_kiln_entry_f(
// CHECK-SAME: %[[ARGV:.*]]: !llvm.ptr)
// CHECK: %[[S0:.*]] = llvm.getelementptr %[[ARGV]][0] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
// CHECK: %[[P0:.*]] = llvm.load %[[S0]] : !llvm.ptr -> !llvm.ptr
// CHECK: %[[S1:.*]] = llvm.getelementptr %[[ARGV]][1] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
// CHECK: %[[P1:.*]] = llvm.load %[[S1]] : !llvm.ptr -> !llvm.ptr
// CHECK: llvm.call @f(%[[P0]], %[[P1]]) : (!llvm.ptr, !llvm.ptr) -> ()
// CHECK-NOT: _kiln_entry_private
llvm.func @f(%a: !llvm.ptr, %b: !llvm.ptr) {
  llvm.return
}
llvm.func internal @private(%a: !llvm.ptr) {
  llvm.return
}
llvm.func @declared(!llvm.ptr)

// -----

// expected-error @+1 {{kiln entry points take only buffers (pointers) and return nothing}}
llvm.func @scalar(%a: i64) {
  llvm.return
}
