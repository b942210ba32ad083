//===- Convolution.cpp - kiln convolution and pooling to linalg -----------===//
//
// conv2d becomes `linalg.conv_2d_nchw_fchw` (or `conv_2d_ngchw_gfchw` with
// groups) on an explicitly padded input. Its input gradient is a transposed
// convolution: grad_output spread out by the stride, convolved with the
// flipped, channel-swapped weight. Its weight gradient is a matmul of the
// input's windows with grad_output (with groups, a convolution of the input
// with grad_output, batch and channels swapped).
//
// Pooling uses `linalg.pooling_nchw_max` / `pooling_nchw_sum` (padding with
// -inf / 0; average pooling divides by the kernel area, as PyTorch's
// count_include_pad=True). Pooling gradients are gathers: each input element
// sums the gradients of the windows that contain it, which needs no atomic
// updates and sums in a fixed order.
//
//===----------------------------------------------------------------------===//

#include "PatternsPrivate.h"

#include "kiln/Dialect/Kiln/IR/KilnOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;
using namespace kiln::ir;

namespace kiln::lowering {
namespace {

/// [N, C, H, W] <-> [N, G, C/G, H, W]: the channels split into groups.
const SmallVector<ReassociationIndices> kSplitChannels = {
    {0}, {1, 2}, {3}, {4}};
/// [F, C/G, KH, KW] <-> [G, F/G, C/G, KH, KW]: the filters split into groups.
const SmallVector<ReassociationIndices> kSplitFilters = {{0, 1}, {2}, {3}, {4}};

/// `type` with dimension `dim` split into `groups` groups.
RankedTensorType splitDim(RankedTensorType type, int64_t dim, int64_t groups) {
  SmallVector<int64_t> shape(type.getShape());
  shape[dim] /= groups;
  shape.insert(shape.begin() + dim, groups);
  return type.clone(shape);
}

/// Convolves NCHW `input`, already padded, with OIHW `weight` into
/// `resultType`: `linalg.conv_2d_nchw_fchw`, or with groups
/// `linalg.conv_2d_ngchw_gfchw` on views that split the channels.
Value buildConv(OpBuilder &b, Location loc, Value input, Value weight,
                RankedTensorType resultType, ArrayRef<int64_t> stride,
                ArrayRef<int64_t> dilation, int64_t groups) {
  Value zero = createConstant(b, loc, resultType.getElementType(), 0);
  Attribute strides = b.getI64TensorAttr(stride);
  Attribute dilations = b.getI64TensorAttr(dilation);
  if (groups == 1) {
    Value init = createFilled(b, loc, resultType, zero);
    return linalg::Conv2DNchwFchwOp::create(b, loc, resultType,
                                            ValueRange{input, weight}, init,
                                            strides, dilations)
        .getResult(0);
  }
  auto inputType = cast<RankedTensorType>(input.getType());
  auto weightType = cast<RankedTensorType>(weight.getType());
  Value groupedInput = tensor::ExpandShapeOp::create(
      b, loc, splitDim(inputType, 1, groups), input, kSplitChannels);
  Value groupedWeight = tensor::ExpandShapeOp::create(
      b, loc, splitDim(weightType, 0, groups), weight, kSplitFilters);
  RankedTensorType groupedType = splitDim(resultType, 1, groups);
  Value init = createFilled(b, loc, groupedType, zero);
  Value conv = linalg::Conv2DNgchwGfchwOp::create(
                   b, loc, groupedType, ValueRange{groupedInput, groupedWeight},
                   init, strides, dilations)
                   .getResult(0);
  return tensor::CollapseShapeOp::create(b, loc, resultType, conv,
                                         kSplitChannels);
}

struct Conv2dLowering : OpConversionPattern<Conv2dOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(Conv2dOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType resultType = op.getType();
    Value zero = createConstant(rewriter, loc, resultType.getElementType(), 0);
    Value input =
        padSpatial(rewriter, loc, adaptor.getInput(), op.getPadding(), zero);
    rewriter.replaceOp(op, buildConv(rewriter, loc, input, adaptor.getWeight(),
                                     resultType, op.getStride(),
                                     op.getDilation(), op.getGroups()));
    return success();
  }
};

/// The gradient with respect to the input is the transposed convolution:
/// grad_output placed at every stride-th position of a zero tensor (offset by
/// the dilated kernel extent), convolved at stride 1 with the weight flipped
/// in space and with its two channel dimensions swapped within each group.
/// That gives the gradient of the (padded) input; a padding beyond the
/// kernel's reach is cut off afterwards.
struct Conv2dBackwardInputLowering
    : OpConversionPattern<Conv2dBackwardInputOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(Conv2dBackwardInputOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *context = rewriter.getContext();
    RankedTensorType resultType = op.getType();
    Type elementType = resultType.getElementType();
    Value gradOutput = adaptor.getGradOutput();
    Value weight = adaptor.getWeight();
    auto gradType = cast<RankedTensorType>(gradOutput.getType());
    auto weightType = cast<RankedTensorType>(weight.getType());
    ArrayRef<int64_t> stride = op.getStride(), padding = op.getPadding(),
                      dilation = op.getDilation();
    int64_t groups = op.getGroups();
    int64_t n = resultType.getDimSize(0), channels = resultType.getDimSize(1);
    int64_t kh = weightType.getDimSize(2), kw = weightType.getDimSize(3);
    int64_t paddedH = resultType.getDimSize(2) + 2 * padding[0];
    int64_t paddedW = resultType.getDimSize(3) + 2 * padding[1];
    int64_t reachH = (kh - 1) * dilation[0], reachW = (kw - 1) * dilation[1];
    Value zero = createConstant(rewriter, loc, elementType, 0);

    // grad_output spread by the stride inside a border of the kernel's reach.
    // When the padding is within the reach (as for "same" padding), the
    // border is cut by the padding so the convolution computes the unpadded
    // input's gradient directly, not the padded one's to be cropped.
    bool direct = padding[0] <= reachH && padding[1] <= reachW;
    int64_t cutH = direct ? padding[0] : 0, cutW = direct ? padding[1] : 0;
    auto spreadType = RankedTensorType::get(
        {n, gradType.getDimSize(1), paddedH - 2 * cutH + reachH,
         paddedW - 2 * cutW + reachW},
        elementType);
    Value spread = tensor::InsertSliceOp::create(
        rewriter, loc, gradOutput,
        createFilled(rewriter, loc, spreadType, zero),
        getAsIndexOpFoldResult(context, {0, 0, reachH - cutH, reachW - cutW}),
        getAsIndexOpFoldResult(context, gradType.getShape()),
        getAsIndexOpFoldResult(context, {1, 1, stride[0], stride[1]}));

    // flipped[g, c, f, i, j] = weight[g, f, c, KH-1-i, KW-1-j], collapsed to
    // [C, F/G, KH, KW].
    RankedTensorType groupedWeightType = splitDim(weightType, 0, groups);
    Value groupedWeight = tensor::ExpandShapeOp::create(
        rewriter, loc, groupedWeightType, weight, kSplitFilters);
    ArrayRef<int64_t> gw = groupedWeightType.getShape();
    auto flippedType =
        RankedTensorType::get({gw[0], gw[2], gw[1], gw[3], gw[4]}, elementType);
    AffineExpr g, c, f, i, j;
    bindDims(context, g, c, f, i, j);
    Value flipped = copyThrough(
        rewriter, loc, groupedWeight, flippedType,
        AffineMap::get(5, 0, {g, f, c, kh - 1 - i, kw - 1 - j}, context));
    Value transposed =
        tensor::CollapseShapeOp::create(rewriter, loc, flipped, kSplitFilters);

    auto paddedType = RankedTensorType::get(
        {n, channels, paddedH - 2 * cutH, paddedW - 2 * cutW}, elementType);
    int64_t ones[2] = {1, 1};
    Value grad = buildConv(rewriter, loc, spread, transposed, paddedType, ones,
                           dilation, groups);
    if (paddedType != resultType)
      grad = tensor::ExtractSliceOp::create(
          rewriter, loc, resultType, grad,
          getAsIndexOpFoldResult(context, {0, 0, padding[0], padding[1]}),
          getAsIndexOpFoldResult(context, resultType.getShape()),
          getAsIndexOpFoldResult(context, {1, 1, 1, 1}));
    rewriter.replaceOp(op, grad);
    return success();
  }
};

/// Without groups (and with windows of at most kMaxWindowsBytes), the weight
/// gradient is one matmul:
///   grad_weight[f, c, i, j] = sum over n, y, x of
///     grad_output[n, f, y, x] * input[n, c, y*sh + i*dh, x*sw + j*dw]
/// with rows (c, i, j) of the input's windows, transposed
/// ([C*KH*KW, N*OH*OW], read and written along x), times grad_output in
/// channels-last order ([N*OH*OW, F]): [C*KH*KW, F], transposed back. The
/// matmul's 32-wide register tiles run along F.
Value buildWeightGradientMatmul(OpBuilder &b, Location loc, Value input,
                                Value gradOutput, RankedTensorType resultType,
                                ArrayRef<int64_t> stride,
                                ArrayRef<int64_t> dilation) {
  MLIRContext *context = b.getContext();
  Type elementType = resultType.getElementType();
  auto gradType = cast<RankedTensorType>(gradOutput.getType());
  int64_t n = gradType.getDimSize(0), f = gradType.getDimSize(1),
          oh = gradType.getDimSize(2), ow = gradType.getDimSize(3);
  int64_t c = resultType.getDimSize(1), kh = resultType.getDimSize(2),
          kw = resultType.getDimSize(3);

  AffineExpr ci, i, j, ni, y, x;
  bindDims(context, ci, i, j, ni, y, x);
  Value windows = copyThrough(
      b, loc, input,
      RankedTensorType::get({c, kh, kw, n, oh, ow}, elementType),
      AffineMap::get(6, 0,
                     {ni, ci, y * stride[0] + i * dilation[0],
                      x * stride[1] + j * dilation[1]},
                     context));
  Value rows = tensor::CollapseShapeOp::create(
      b, loc, windows, SmallVector<ReassociationIndices>{{0, 1, 2}, {3, 4, 5}});
  Value channelsLast = tensor::CollapseShapeOp::create(
      b, loc, permuted(b, loc, gradOutput, {0, 2, 3, 1}),
      SmallVector<ReassociationIndices>{{0, 1, 2}, {3}});
  auto productType = RankedTensorType::get({c * kh * kw, f}, elementType);
  Value init = createFilled(b, loc, productType,
                            createConstant(b, loc, elementType, 0));
  Value product =
      linalg::MatmulOp::create(b, loc, ValueRange{rows, channelsLast}, init)
          .getResult(0);
  Value byWindow = tensor::ExpandShapeOp::create(
      b, loc, RankedTensorType::get({c, kh, kw, f}, elementType), product,
      SmallVector<ReassociationIndices>{{0, 1, 2}, {3}});
  return permuted(b, loc, byWindow, {3, 0, 1, 2});
}

/// The windows copy's largest size: above it (a large batch), the weight
/// gradient takes the convolution form, whose copy the CPU's tiling makes
/// block by block.
constexpr int64_t kMaxWindowsBytes = 64 << 20;

/// With groups, or windows beyond kMaxWindowsBytes, the weight gradient is
/// a convolution of the input with grad_output as the filter, with the roles
/// of the batch and the channels swapped: conv(input as [C/G, G*N, H, W],
/// grad_output as [F, N, OH, OW]) at stride = dilation and dilation =
/// stride, with G groups, transposed back. Without groups it takes the CPU's
/// im2col and matmul path; grouped, it runs as loops.
struct Conv2dBackwardWeightLowering
    : OpConversionPattern<Conv2dBackwardWeightOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(Conv2dBackwardWeightOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType resultType = op.getType();
    int64_t groups = op.getGroups();
    Value zero = createConstant(rewriter, loc, resultType.getElementType(), 0);
    Value input =
        padSpatial(rewriter, loc, adaptor.getInput(), op.getPadding(), zero);
    // The windows copy is [C*KH*KW, N*OH*OW].
    ArrayRef<int64_t> weightShape = resultType.getShape();
    ArrayRef<int64_t> gradShape =
        cast<RankedTensorType>(adaptor.getGradOutput().getType()).getShape();
    int64_t windowsBytes =
        weightShape[1] * weightShape[2] * weightShape[3] * gradShape[0] *
        gradShape[2] * gradShape[3] *
        std::max<int64_t>(1, resultType.getElementTypeBitWidth() / 8);
    if (groups == 1 && windowsBytes <= kMaxWindowsBytes) {
      rewriter.replaceOp(op, buildWeightGradientMatmul(
                                 rewriter, loc, input, adaptor.getGradOutput(),
                                 resultType, op.getStride(), op.getDilation()));
      return success();
    }

    // [N, C, H, W] -> [N, G, C/G, H, W] -> [C/G, G, N, H, W] -> [C/G, G*N, H,
    // W].
    Value grouped = tensor::ExpandShapeOp::create(
        rewriter, loc,
        splitDim(cast<RankedTensorType>(input.getType()), 1, groups), input,
        kSplitChannels);
    Value images = tensor::CollapseShapeOp::create(
        rewriter, loc, permuted(rewriter, loc, grouped, {2, 1, 0, 3, 4}),
        kSplitChannels);
    Value filters =
        permuted(rewriter, loc, adaptor.getGradOutput(), {1, 0, 2, 3});

    ArrayRef<int64_t> shape = resultType.getShape();
    auto swappedType =
        resultType.clone({shape[1], shape[0], shape[2], shape[3]});
    Value grad = buildConv(rewriter, loc, images, filters, swappedType,
                           op.getDilation(), op.getStride(), groups);
    rewriter.replaceOp(op, permuted(rewriter, loc, grad, {1, 0, 2, 3}));
    return success();
  }
};

/// max_pool2d and avg_pool2d through the named pooling ops.
template <typename OpTy, bool isMax>
struct PoolLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;

  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType resultType = op.getType();
    Type elementType = resultType.getElementType();
    ArrayRef<int64_t> kernel = op.getKernel();
    Value identity = isMax ? createLowest(rewriter, loc, elementType)
                           : createConstant(rewriter, loc, elementType, 0);
    Value input = padSpatial(rewriter, loc, adaptor.getInput(), op.getPadding(),
                             identity);
    Value window = tensor::EmptyOp::create(rewriter, loc, kernel, elementType);
    Value init = createFilled(rewriter, loc, resultType, identity);
    Attribute strides = rewriter.getI64TensorAttr(op.getStride());
    Attribute dilations = rewriter.getI64TensorAttr({1, 1});
    if (isMax) {
      rewriter.replaceOp(
          op, linalg::PoolingNchwMaxOp::create(rewriter, loc, resultType,
                                               ValueRange{input, window}, init,
                                               strides, dilations)
                  .getResult(0));
      return success();
    }
    Value sum = linalg::PoolingNchwSumOp::create(rewriter, loc, resultType,
                                                 ValueRange{input, window},
                                                 init, strides, dilations)
                    .getResult(0);
    Value area =
        createConstant(rewriter, loc, elementType, kernel[0] * kernel[1]);
    unsigned rank = resultType.getRank();
    SmallVector<AffineMap> maps(2, rewriter.getMultiDimIdentityMap(rank));
    auto average = linalg::GenericOp::create(
        rewriter, loc, resultType, sum, createEmpty(rewriter, loc, resultType),
        maps, parallelIterators(rank),
        [&](OpBuilder &b, Location nested, ValueRange args) {
          linalg::YieldOp::create(
              b, nested,
              arith::DivFOp::create(b, nested, args[0], area).getResult());
        });
    rewriter.replaceOp(op, average.getResults());
    return success();
  }
};

/// An index-typed constant.
Value idx(OpBuilder &b, Location loc, int64_t value) {
  return arith::ConstantIndexOp::create(b, loc, value);
}

Value cmp(OpBuilder &b, Location loc, arith::CmpIPredicate predicate, Value lhs,
          Value rhs) {
  return arith::CmpIOp::create(b, loc, predicate, lhs, rhs);
}

/// `lhs && rhs`, or `rhs` alone while there is no `lhs` yet.
Value both(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  return lhs ? arith::AndIOp::create(b, loc, lhs, rhs).getResult() : rhs;
}

/// Builds what one window slot gives to an input element's gradient:
/// `window` holds the (clamped) n, c, output row and output column of the
/// window, `slot` the row-major position (index) of the element within it.
using SlotGradient = function_ref<Value(OpBuilder &b, Location loc,
                                        ValueRange window, Value slot)>;

/// The gradient of a pooling op as a gather over its windows:
///   grad[n, c, y, x] = sum over kernel slots (i, j) of
///     slotGradient(window (n, c, oy, ox), i * KW + j)
/// where the window row oy = (y + ph - i) / sh counts only when the division
/// is exact and oy is in range (likewise ox); other slots give 0. Windows
/// that do not overlap (stride >= kernel, as in 2x2 pooling at stride 2) hold
/// each element in at most one slot, i = (y + ph) % sh, so the sum over
/// slots drops out and the gather is a plain elementwise loop nest.
Value buildPoolGradient(OpBuilder &b, Location loc, RankedTensorType resultType,
                        RankedTensorType gradOutputType,
                        ArrayRef<int64_t> kernel, ArrayRef<int64_t> stride,
                        ArrayRef<int64_t> padding, SlotGradient slotGradient) {
  Type elementType = resultType.getElementType();
  Value zero = createConstant(b, loc, elementType, 0);
  bool disjoint = stride[0] >= kernel[0] && stride[1] >= kernel[1];
  unsigned loops = disjoint ? 4 : 6;
  MLIRContext *context = b.getContext();
  SmallVector<Value> inputs;
  SmallVector<AffineMap> maps;
  SmallVector<utils::IteratorType> iterators = parallelIterators(loops);
  if (!disjoint) {
    AffineExpr i = getAffineDimExpr(4, context),
               j = getAffineDimExpr(5, context);
    inputs.push_back(tensor::EmptyOp::create(b, loc, kernel, elementType));
    maps.push_back(AffineMap::get(6, 0, {i, j}, context));
    iterators[4] = iterators[5] = utils::IteratorType::reduction;
  }
  maps.push_back(
      AffineMap::getMultiDimIdentityMap(loops, context).getMajorSubMap(4));
  // Disjoint windows write each element once; overlapping ones accumulate.
  Value init = disjoint ? createEmpty(b, loc, resultType)
                        : createFilled(b, loc, resultType, zero);

  return linalg::GenericOp::create(
             b, loc, resultType, inputs, init, maps, iterators,
             [&](OpBuilder &nb, Location nloc, ValueRange args) {
               SmallVector<Value> ivs;
               for (unsigned d = 0; d < loops; ++d)
                 ivs.push_back(linalg::IndexOp::create(nb, nloc, d));
               Value valid;
               SmallVector<Value> coords = {ivs[0], ivs[1]}, slotCoords;
               for (unsigned s = 0; s < 2; ++s) {
                 // Where (in padded coordinates) the window starts that holds
                 // this element at the slot: y + padding - i.
                 Value position = arith::AddIOp::create(
                     nb, nloc, ivs[2 + s], idx(nb, nloc, padding[s]));
                 Value step = idx(nb, nloc, stride[s]);
                 Value slot, out;
                 if (disjoint) {
                   slot = arith::RemSIOp::create(nb, nloc, position, step);
                   out = arith::DivSIOp::create(nb, nloc, position, step);
                   if (kernel[s] < stride[s])
                     valid = both(nb, nloc, valid,
                                  cmp(nb, nloc, arith::CmpIPredicate::slt, slot,
                                      idx(nb, nloc, kernel[s])));
                 } else {
                   slot = ivs[4 + s];
                   Value offset =
                       arith::SubIOp::create(nb, nloc, position, slot);
                   valid = both(nb, nloc, valid,
                                cmp(nb, nloc, arith::CmpIPredicate::sge, offset,
                                    idx(nb, nloc, 0)));
                   out = offset;
                   if (stride[s] > 1) {
                     Value rest =
                         arith::RemSIOp::create(nb, nloc, offset, step);
                     valid = both(nb, nloc, valid,
                                  cmp(nb, nloc, arith::CmpIPredicate::eq, rest,
                                      idx(nb, nloc, 0)));
                     out = arith::DivSIOp::create(nb, nloc, offset, step);
                   }
                 }
                 slotCoords.push_back(slot);
                 int64_t outSize = gradOutputType.getDimSize(2 + s);
                 valid = both(nb, nloc, valid,
                              cmp(nb, nloc, arith::CmpIPredicate::slt, out,
                                  idx(nb, nloc, outSize)));
                 coords.push_back(clampIndex(nb, nloc, out, outSize));
               }
               Value slot = arith::AddIOp::create(
                   nb, nloc,
                   arith::MulIOp::create(nb, nloc, slotCoords[0],
                                         idx(nb, nloc, kernel[1])),
                   slotCoords[1]);
               Value gradient = slotGradient(nb, nloc, coords, slot);
               Value term =
                   arith::SelectOp::create(nb, nloc, valid, gradient, zero);
               if (!disjoint)
                 term = arith::AddFOp::create(nb, nloc, args.back(), term);
               linalg::YieldOp::create(nb, nloc, term);
             })
      .getResult(0);
}

/// max_pool2d_grad in two steps: a `linalg.generic` finds each window's first
/// maximum (as a slot i * KW + j; padding never wins, and a NaN beats any
/// number, as in PyTorch), then the gather above routes each window's
/// gradient to that slot.
struct MaxPool2dGradLowering : OpConversionPattern<MaxPool2dGradOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(MaxPool2dGradOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *context = rewriter.getContext();
    RankedTensorType resultType = op.getType();
    Type elementType = resultType.getElementType();
    Value gradOutput = adaptor.getGradOutput();
    auto gradType = cast<RankedTensorType>(gradOutput.getType());
    ArrayRef<int64_t> kernel = op.getKernel(), stride = op.getStride(),
                      padding = op.getPadding();
    Type i64 = rewriter.getI64Type();

    Value lowest = createLowest(rewriter, loc, elementType);
    Value input =
        padSpatial(rewriter, loc, adaptor.getInput(), padding, lowest);
    Value window = tensor::EmptyOp::create(rewriter, loc, kernel, elementType);
    Value best = createFilled(rewriter, loc, gradType, lowest);
    Value slots = createFilled(rewriter, loc, gradType.clone(i64),
                               createConstant(rewriter, loc, i64, -1));

    AffineExpr n, c, oy, ox, i, j;
    bindDims(context, n, c, oy, ox, i, j);
    AffineMap outputMap = AffineMap::get(6, 0, {n, c, oy, ox}, context);
    SmallVector<AffineMap> maps = {
        AffineMap::get(6, 0, {n, c, oy * stride[0] + i, ox * stride[1] + j},
                       context),
        AffineMap::get(6, 0, {i, j}, context), outputMap, outputMap};
    SmallVector<utils::IteratorType> iterators = parallelIterators(6);
    iterators[4] = iterators[5] = utils::IteratorType::reduction;
    int64_t height = resultType.getDimSize(2), width = resultType.getDimSize(3);

    auto argmax = linalg::GenericOp::create(
        rewriter, loc, TypeRange{best.getType(), slots.getType()},
        ValueRange{input, window}, ValueRange{best, slots}, maps, iterators,
        [&](OpBuilder &b, Location nested, ValueRange args) {
          Value x = args[0], max = args[2], maxSlot = args[3];
          Value ivs[6];
          for (unsigned d = 0; d < 6; ++d)
            ivs[d] = linalg::IndexOp::create(b, nested, d);
          // Only elements of the unpadded input take part.
          Value inside;
          int64_t sizes[2] = {height, width};
          for (unsigned s = 0; s < 2; ++s) {
            if (padding[s] == 0)
              continue;
            Value start = arith::MulIOp::create(b, nested, ivs[2 + s],
                                                idx(b, nested, stride[s]));
            Value pos = arith::AddIOp::create(b, nested, start, ivs[4 + s]);
            Value low = idx(b, nested, padding[s]);
            Value high = idx(b, nested, padding[s] + sizes[s]);
            inside = both(b, nested, inside,
                          cmp(b, nested, arith::CmpIPredicate::sge, pos, low));
            inside = both(b, nested, inside,
                          cmp(b, nested, arith::CmpIPredicate::slt, pos, high));
          }
          Value slotIndex = arith::AddIOp::create(
              b, nested,
              arith::MulIOp::create(b, nested, ivs[4],
                                    idx(b, nested, kernel[1])),
              ivs[5]);
          Value slot = arith::IndexCastOp::create(b, nested, i64, slotIndex);
          Value unset = cmp(b, nested, arith::CmpIPredicate::slt, maxSlot,
                            createConstant(b, nested, i64, 0));
          Value greater = arith::CmpFOp::create(
              b, nested, arith::CmpFPredicate::OGT, x, max);
          Value firstNan = both(
              b, nested,
              arith::CmpFOp::create(b, nested, arith::CmpFPredicate::UNO, x, x),
              arith::CmpFOp::create(b, nested, arith::CmpFPredicate::ORD, max,
                                    max));
          Value better = arith::OrIOp::create(
              b, nested, unset,
              arith::OrIOp::create(b, nested, greater, firstNan));
          Value take = both(b, nested, inside, better);
          linalg::YieldOp::create(
              b, nested,
              ValueRange{
                  arith::SelectOp::create(b, nested, take, x, max),
                  arith::SelectOp::create(b, nested, take, slot, maxSlot)});
        });
    Value argmaxSlots = argmax.getResult(1);

    rewriter.replaceOp(
        op, buildPoolGradient(
                rewriter, loc, resultType, gradType, kernel, stride, padding,
                [&](OpBuilder &b, Location nested, ValueRange window,
                    Value slot) -> Value {
                  Value chosen =
                      tensor::ExtractOp::create(b, nested, argmaxSlots, window);
                  Value hit =
                      cmp(b, nested, arith::CmpIPredicate::eq, chosen,
                          arith::IndexCastOp::create(b, nested, i64, slot));
                  Value gradient =
                      tensor::ExtractOp::create(b, nested, gradOutput, window);
                  return arith::SelectOp::create(
                      b, nested, hit, gradient,
                      createConstant(b, nested, elementType, 0));
                }));
    return success();
  }
};

/// avg_pool2d_grad: each window spreads grad / (KH * KW) over its slots.
struct AvgPool2dGradLowering : OpConversionPattern<AvgPool2dGradOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(AvgPool2dGradOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType resultType = op.getType();
    Type elementType = resultType.getElementType();
    Value gradOutput = adaptor.getGradOutput();
    ArrayRef<int64_t> kernel = op.getKernel();
    rewriter.replaceOp(
        op, buildPoolGradient(
                rewriter, loc, resultType,
                cast<RankedTensorType>(gradOutput.getType()), kernel,
                op.getStride(), op.getPadding(),
                [&](OpBuilder &b, Location nested, ValueRange window,
                    Value) -> Value {
                  Value gradient =
                      tensor::ExtractOp::create(b, nested, gradOutput, window);
                  Value area = createConstant(b, nested, elementType,
                                              kernel[0] * kernel[1]);
                  return arith::DivFOp::create(b, nested, gradient, area);
                }));
    return success();
  }
};

} // namespace

void populateConvolutionPatterns(RewritePatternSet &patterns) {
  patterns.add<Conv2dLowering, Conv2dBackwardInputLowering,
               Conv2dBackwardWeightLowering, PoolLowering<MaxPool2dOp, true>,
               PoolLowering<AvgPool2dOp, false>, MaxPool2dGradLowering,
               AvgPool2dGradLowering>(patterns.getContext());
}

} // namespace kiln::lowering
