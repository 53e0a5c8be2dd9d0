// The contract between this package and its WebAssembly module, in one table: every
// numeric export of src/bindings/embind.cc with its parameters in order, and the
// constants of src/kernels/kernels.h that JavaScript needs. scripts/gen-bindings.mjs
// generates the JavaScript side of every call from EXPORTS (bindings.js, at build time);
// tests/js/contract.test.js checks the table against the built modules
// (export names, parameter counts and wasm types, status and reduction codes, defaults),
// so the two sides cannot drift apart unnoticed.
//
// The C++ API takes one argument order everywhere (array inputs, shape, options,
// outputs) and so does every line below. Parameter kinds:
//   in    an array input: heap offset of a Float32Array/Int32Array, or 0 for null;
//   out   an array output: heap offset, or 0 where the caller wants none (its length
//         travels beside it in JavaScript as NAMELength);
//   size  an element count (size_t);  i32, f32, f64  scalars of that wasm type.

export const STATUS = Object.freeze({
  ok: 0,
  nullPointer: 1,
  invalidSize: 2,
  invalidOption: 3,
  targetOutOfRange: 4,
  valueOutOfRange: 5,
});

// batchmean (the sum over the batch size) is klDiv's only.
export const REDUCTION = Object.freeze({ none: 0, mean: 1, sum: 2, batchmean: 3 });

/** The options' defaults, as PyTorch has them. */
export const DEFAULTS = Object.freeze({
  ignoreIndex: -100,
  labelSmoothing: 0,
  temperature: 1,
  reduction: 'mean',
  base: 'e',
});

const SIGNATURES = {
  softmax: 'xent_softmax(in x, size rows, size classes, f64 temperature, out out)',
  logSoftmax: 'xent_log_softmax(in x, size rows, size classes, f64 temperature, out out)',
  logSumExp: 'xent_log_sum_exp(in x, size rows, size classes, f64 temperature, out out)',
  // Along an axis that is not the last: x is [outer, len, inner].
  softmaxAxis: 'xent_softmax_axis(in x, size outer, size len, size inner, f64 temperature, out out)',
  logSoftmaxAxis: 'xent_log_softmax_axis(in x, size outer, size len, size inner, f64 temperature, out out)',
  logSumExpAxis: 'xent_log_sum_exp_axis(in x, size outer, size len, size inner, f64 temperature, out out)',
  logSumExpWeighted: 'xent_log_sum_exp_weighted(in x, in weights, size rows, size classes, ' +
    'f64 temperature, out out, out sign)',
  softmaxEntropy: 'xent_softmax_entropy(in logits, size rows, size classes, f64 temperature, f64 base, out out, out grad)',
  softmaxBackward: 'xent_softmax_backward(in y, in dy, size rows, size classes, out out)',
  logSoftmaxBackward: 'xent_log_softmax_backward(in y, in dy, size rows, size classes, out out)',
  // Moves axes (out's axis k is x's axis perm[k]), so the row kernels reduce along any.
  permute: 'xent_permute(in x, in shape, in perm, size ndim, out out)',
  crossEntropy: 'xent_cross_entropy(in logits, in target, size rows, size classes, ' +
    'in weight, i32 ignoreIndex, f64 labelSmoothing, i32 reduction, f64 temperature, f64 base, out loss, out grad)',
  crossEntropyProbs: 'xent_cross_entropy_probs(in logits, in target, size rows, size classes, ' +
    'in weight, f64 labelSmoothing, i32 reduction, f64 temperature, f64 base, out loss, out grad)',
  nllLoss: 'xent_nll_loss(in logProbs, in target, size rows, size classes, ' +
    'in weight, i32 ignoreIndex, i32 reduction, f64 base, out loss)',
  binaryCrossEntropy: 'xent_binary_cross_entropy(in p, in target, size rows, size classes, ' +
    'in weight, size weightLength, i32 reduction, f64 base, out loss, out grad)',
  binaryCrossEntropyWithLogits: 'xent_binary_cross_entropy_with_logits(in logits, in target, ' +
    'size rows, size classes, in weight, size weightLength, in posWeight, size posWeightLength, i32 reduction, ' +
    'f64 base, out loss, out grad)',
  sigmoid: 'xent_sigmoid(in x, size n, out out, out grad)',
  mse: 'xent_mse(in input, in target, size n, i32 reduction, out loss, out grad)',
  entr: 'xent_entr(in x, size n, out out)',
  relEntr: 'xent_rel_entr(in x, in y, size n, out out)',
  klDiv: 'xent_kl_div(in input, in target, size rows, size classes, i32 logTarget, i32 reduction, out loss)',
  selfInformation: 'xent_self_information(in p, size n, f64 base, out out)',
  entropy: 'xent_entropy(in p, size rows, size classes, f64 base, out out)',
  distributionCrossEntropy: 'xent_distribution_cross_entropy(in p, in q, size rows, size classes, f64 base, out out)',
  klDivergence: 'xent_kl_divergence(in p, in q, size rows, size classes, f64 base, out out)',
  jsDivergence: 'xent_js_divergence(in p, in q, size rows, size classes, f64 base, out out)',
  // Where the last failing call failed (STATUS.targetOutOfRange, valueOutOfRange): the
  // index into that export's `in` parameters, and the element.
  errorOperand: 'xent_error_operand()',
  errorIndex: 'xent_error_index() f64',
};

/** The wasm value type each parameter kind is passed as (wasm32: pointers and sizes are i32). */
export const WASM_TYPES = Object.freeze({ in: 'i32', out: 'i32', size: 'i32', i32: 'i32', f32: 'f32', f64: 'f64' });

function parse(name, signature) {
  const m = /^(\w+)\(([^)]*)\)(?: (\w+))?$/.exec(signature);
  if (!m) throw new Error(`contract: bad signature for ${name}`);
  const params = m[2] ? m[2].split(',').map((p) => {
    const [kind, param] = p.trim().split(' ');
    if (!(kind in WASM_TYPES)) throw new Error(`contract: ${name}: unknown kind ${kind}`);
    return { kind, name: param };
  }) : [];
  return Object.freeze({
    name,
    symbol: `_${m[1]}`,
    result: m[3] ?? 'i32',
    params: Object.freeze(params),
    inputs: Object.freeze(params.filter((p) => p.kind === 'in').map((p) => p.name)),
    outputs: Object.freeze(params.filter((p) => p.kind === 'out').map((p) => p.name)),
  });
}

/** name -> { symbol, result, params: [{ kind, name }], inputs, outputs }. */
export const EXPORTS = Object.freeze(Object.fromEntries(
  Object.entries(SIGNATURES).map(([name, signature]) => [name, parse(name, signature)])));
