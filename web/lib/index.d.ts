// softmax-xent: softmax, cross-entropy and the information-theory family, computed by
// Highway SIMD kernels in WebAssembly. Float32 in, float32 out; data is row-major, of
// any rank: nested arrays give their shape, a flat array takes `shape` (or `classes`,
// for [rows, classes]). Row-wise functions reduce along `axis` (default -1, the last);
// the PyTorch losses take their classes on axis 1 ([N, C, d1, ..., dk]). Results are
// flat row-major Float32Arrays (the input's shape, or its shape without the axis).
//
// Conventions (all functions): natural log (nats) unless `base` says otherwise;
// 0 * log 0 = 0; -log 0 = +Infinity. Every invalid argument throws a TypeError or a
// RangeError whose message starts with the function's name and names the argument;
// the module is never left broken, so the next call works.
//
// The overloads say what a call returns: a new Float32Array, or the `out`/`gradOut`
// buffer you passed (same type back); a number for a reduced loss ('mean', 'sum', the
// default) and per-row values for reduction 'none'.

/** Arrays of numbers nested to any depth, all of one shape (rows, matrices, ...). */
export type NestedNumbers = readonly number[] | readonly NestedNumbers[];
/** Float values: a flat array (laid out by `shape` or `classes`) or nested arrays. */
export type FloatInput =
  | Float32Array
  | Float64Array
  | HeapFloat32Array
  | NestedNumbers;
/**
 * Class indices, one per row (per sample: the logits' shape without the class axis):
 * an Int32Array, an array of integers, nested integer arrays, or, for unbatched logits
 * [C], one number. (A Float32Array or Float64Array target always means probabilities.)
 */
export type IndexInput = Int32Array | NestedNumbers | number;
export type Reduction = 'mean' | 'sum' | 'none';
/** 'e' (nats, the default), 2 (bits), 10 (hartleys) or any positive base other than 1. */
export type LogBase = 'e' | number;
/** Where a result can be written: a Float32Array or a buffer in the wasm heap. */
export type OutBuffer = Float32Array | HeapFloat32Array;

export interface ShapeOptions {
  /** Row length of a flat input: its shape is [length / classes, classes]. */
  classes?: number | undefined;
  /**
   * The shape of a flat input (1 to 32 sizes; their product must be its length). Nested
   * arrays carry their own; without either a flat input is one row (1-D).
   */
  shape?: readonly number[] | undefined;
}
export interface AxisOptions extends ShapeOptions {
  /** The axis reduced along; negative counts from the end. Default -1 (the last). */
  axis?: number | undefined;
}
export interface TemperatureOptions {
  /** Logits are divided by it first: z = x / T. In float32's normal range (1.2e-38 to 3.4e38), used as the double it is; default 1. */
  temperature?: number | undefined;
}
/** No `out`: the result is a new Float32Array. */
export interface NoOut {
  out?: undefined;
}
/** `out`: write the result here (exact length) and get it back, instead of a new array. */
export interface WithOut<F extends OutBuffer> {
  out: F;
}
/** No `gradOut`: the gradient is a new Float32Array. */
export interface NoGradOut {
  gradOut?: undefined;
}
/** `gradOut`: write the gradient here (exact length) and get it back as `grad`. */
export interface WithGradOut<G extends OutBuffer> {
  gradOut: G;
}
/** A reduced loss ('mean' or 'sum'; 'mean' is the default): one number, so no `out`. */
export interface Reduced {
  reduction?: 'mean' | 'sum' | undefined;
  out?: undefined;
}
/** Per-row (or per-element) losses. */
export interface PerRow {
  reduction: 'none';
}
/** A reduction known only at run time (no `out`, which only 'none' takes). */
export interface AnyReduction {
  reduction?: Reduction | undefined;
  out?: undefined;
}

export interface SoftmaxOptions extends AxisOptions, TemperatureOptions {}
export interface LogSumExpOptions extends ShapeOptions, TemperatureOptions {
  /**
   * One axis (default -1), an array of axes reduced together, or null for every axis
   * (scipy.special.logsumexp). A reduction over every axis returns a number.
   */
  axis?: number | readonly number[] | null | undefined;
  /** SciPy's b, the input's shape: log sum b exp(z); entries with b = 0 are left out. */
  weights?: FloatInput | undefined;
  /**
   * true: return { value: log |sum|, sign } (sign -1 for a negative sum, 0 with -Infinity
   * for a zero sum). Without it a negative weighted sum gives NaN, as in SciPy.
   */
  returnSign?: boolean | undefined;
}
export interface SoftmaxEntropyOptions extends AxisOptions, TemperatureOptions {
  base?: LogBase | undefined;
}

export interface CrossEntropyOptions extends ShapeOptions, TemperatureOptions {
  /** Per-class rescaling, one value per class. */
  weight?: FloatInput | undefined;
  /** Rows whose class index equals it contribute 0 and are left out of the mean. Default -100. */
  ignoreIndex?: number | undefined;
  /** e in [0, 1]: the target becomes (1 - e) * target + e / classes. Default 0. */
  labelSmoothing?: number | undefined;
  /** The loss (and gradient) in units of log(base): 'e' (nats, default), 2 (bits), 10. */
  base?: LogBase | undefined;
}
export interface NllLossOptions extends ShapeOptions {
  /** Per-class rescaling, one value per class. */
  weight?: FloatInput | undefined;
  /** Default -100. */
  ignoreIndex?: number | undefined;
  /** logProbs are natural logs; the loss is reported in units of log(base). Default 'e'. */
  base?: LogBase | undefined;
}
export interface BinaryOptions extends ShapeOptions {
  /**
   * Broadcast against the input as PyTorch does: one value (a number or one element),
   * one per class (the last axis), or one per element.
   */
  weight?: FloatInput | number | undefined;
  /** The loss (and gradient) in units of log(base): 'e' (nats, default), 2 (bits), 10. */
  base?: LogBase | undefined;
}
export interface BinaryLogitsOptions extends BinaryOptions {
  /** pw: weight of the positive term; broadcast as `weight` (one value, per class, per element). */
  posWeight?: FloatInput | number | undefined;
}
export interface InfoOptions extends AxisOptions {
  base?: LogBase | undefined;
}
export interface ElementwiseOptions extends ShapeOptions {
  base?: LogBase | undefined;
}
export interface KlDivOptions extends ShapeOptions {
  /** 'mean' (default, over every element), 'sum', 'batchmean' (sum / input's first size) or 'none'. */
  reduction?: Reduction | 'batchmean' | undefined;
  /** true: target holds log-probabilities. Default false. */
  logTarget?: boolean | undefined;
}

/** A loss and its gradient with respect to the first argument. */
export interface LossWithGrad<L, G extends OutBuffer = Float32Array> {
  loss: L;
  /** d loss / d input, same length as the input (for 'none': of the sum of the losses). */
  grad: G;
}

/** A function of one array: a new Float32Array, or the `out` buffer given. */
export interface ArrayFunction<O> {
  (x: FloatInput, options?: O & NoOut): Float32Array;
  <F extends OutBuffer>(x: FloatInput, options: O & WithOut<F>): F;
}
/** A backward pass: y and dy of one shape, d loss / d x of that shape. */
export interface BackwardFunction {
  (y: FloatInput, dy: FloatInput, options?: AxisOptions & NoOut): Float32Array;
  <F extends OutBuffer>(y: FloatInput, dy: FloatInput, options: AxisOptions & WithOut<F>): F;
}
/** A function of two arrays of one shape, per row. */
export interface PairArrayFunction<O> {
  (p: FloatInput, q: FloatInput, options?: O & NoOut): Float32Array;
  <F extends OutBuffer>(p: FloatInput, q: FloatInput, options: O & WithOut<F>): F;
}
/** A loss function: a number when reduced, per-row values for reduction 'none'. */
export interface LossFunction<T, O> {
  (input: FloatInput, target: T, options?: O & Reduced): number;
  (input: FloatInput, target: T, options: O & PerRow & NoOut): Float32Array;
  <F extends OutBuffer>(input: FloatInput, target: T, options: O & PerRow & WithOut<F>): F;
  (input: FloatInput, target: T, options: O & AnyReduction): number | Float32Array;
}
/** A loss with its gradient; the loss follows the rules of LossFunction. */
export interface LossWithGradFunction<T, O> {
  (input: FloatInput, target: T, options?: O & Reduced & NoGradOut): LossWithGrad<number>;
  <G extends OutBuffer>(input: FloatInput, target: T, options: O & Reduced & WithGradOut<G>): LossWithGrad<number, G>;
  (input: FloatInput, target: T, options: O & PerRow & NoOut & NoGradOut): LossWithGrad<Float32Array>;
  <F extends OutBuffer>(input: FloatInput, target: T, options: O & PerRow & WithOut<F> & NoGradOut): LossWithGrad<F>;
  <G extends OutBuffer>(input: FloatInput, target: T, options: O & PerRow & NoOut & WithGradOut<G>): LossWithGrad<Float32Array, G>;
  <F extends OutBuffer, G extends OutBuffer>(
    input: FloatInput, target: T, options: O & PerRow & WithOut<F> & WithGradOut<G>): LossWithGrad<F, G>;
  (input: FloatInput, target: T, options: O & AnyReduction & NoGradOut): LossWithGrad<number | Float32Array>;
  <G extends OutBuffer>(input: FloatInput, target: T, options: O & AnyReduction & WithGradOut<G>): LossWithGrad<number | Float32Array, G>;
}
/** klDiv: a number when reduced, per-element values for reduction 'none'. */
export interface KlDivFunction {
  (input: FloatInput, target: FloatInput, options?: KlDivOptions & { reduction?: 'mean' | 'sum' | 'batchmean' | undefined; out?: undefined }): number;
  (input: FloatInput, target: FloatInput, options: KlDivOptions & PerRow & NoOut): Float32Array;
  <F extends OutBuffer>(input: FloatInput, target: FloatInput, options: KlDivOptions & PerRow & WithOut<F>): F;
  (input: FloatInput, target: FloatInput, options: KlDivOptions & { out?: undefined }): number | Float32Array;
}
/** logSumExp: per-slice values, a number over every axis, and with returnSign both parts. */
export interface LogSumExpFunction {
  (x: FloatInput, options?: LogSumExpOptions & { axis?: number | undefined; returnSign?: false | undefined } & NoOut): Float32Array;
  <F extends OutBuffer>(x: FloatInput, options: LogSumExpOptions & { axis?: number | undefined; returnSign?: false | undefined } & WithOut<F>): F;
  (x: FloatInput, options: LogSumExpOptions & { axis: null; returnSign?: false | undefined; out?: undefined }): number;
  (x: FloatInput, options: LogSumExpOptions & { axis: null; returnSign: true; out?: undefined }): { value: number; sign: number };
  (x: FloatInput, options: LogSumExpOptions & { axis?: number | undefined; returnSign: true } & NoOut): { value: Float32Array; sign: Float32Array };
  <F extends OutBuffer>(x: FloatInput, options: LogSumExpOptions & { axis?: number | undefined; returnSign: true } & WithOut<F>): { value: F; sign: Float32Array };
  /** An array of axes: a number if it lists every axis, else per-slice values. */
  (x: FloatInput, options: LogSumExpOptions & { axis: readonly number[]; returnSign?: false | undefined; out?: undefined }): number | Float32Array;
  (x: FloatInput, options: LogSumExpOptions & { axis: readonly number[]; returnSign: true; out?: undefined }):
    { value: number; sign: number } | { value: Float32Array; sign: Float32Array };
}
/** softmaxEntropyWithGrad: the entropies and d(sum of them) / d logits. */
export interface SoftmaxEntropyWithGradFunction {
  (logits: FloatInput, options?: SoftmaxEntropyOptions & NoOut & NoGradOut): { entropy: Float32Array; grad: Float32Array };
  <F extends OutBuffer>(logits: FloatInput, options: SoftmaxEntropyOptions & WithOut<F> & NoGradOut): { entropy: F; grad: Float32Array };
  <G extends OutBuffer>(logits: FloatInput, options: SoftmaxEntropyOptions & NoOut & WithGradOut<G>): { entropy: Float32Array; grad: G };
  <F extends OutBuffer, G extends OutBuffer>(logits: FloatInput, options: SoftmaxEntropyOptions & WithOut<F> & WithGradOut<G>): { entropy: F; grad: G };
}

/** sigmoid and its derivative: `value` and `grad`, each new or the buffer given. */
export interface SigmoidWithGradFunction {
  (z: FloatInput, options?: ShapeOptions & NoOut & NoGradOut): { value: Float32Array; grad: Float32Array };
  <F extends OutBuffer>(z: FloatInput, options: ShapeOptions & WithOut<F> & NoGradOut): { value: F; grad: Float32Array };
  <G extends OutBuffer>(z: FloatInput, options: ShapeOptions & NoOut & WithGradOut<G>): { value: Float32Array; grad: G };
  <F extends OutBuffer, G extends OutBuffer>(z: FloatInput, options: ShapeOptions & WithOut<F> & WithGradOut<G>): { value: F; grad: G };
}

/** One loaded module and the functions bound to it (see `load`). */
export interface SoftmaxXent {
  /**
   * 'relaxed' (SIMD128 with relaxed-SIMD multiply-add), 'simd' (WebAssembly SIMD128) or
   * 'scalar' (engines without SIMD).
   */
  readonly variant: Variant;
  /** The Highway target compiled into the module: 'WASM' or 'EMU128'. */
  readonly target: string;

  /**
   * softmax(x)[c] = exp(z_c - max z) / sum_j exp(z_j - max z), z = x / T, per row.
   * Stable for every finite input. A row with NaN is NaN. Rows holding +Infinity give
   * the limit: the +Infinity classes share the mass equally, the rest get 0. A row of
   * only -Infinity is uniform (the limit of equal logits). PyTorch returns NaN for both.
   */
  softmax: ArrayFunction<SoftmaxOptions>;
  /** logSoftmax(x)[c] = z_c - logsumexp(z), per row; same edge rules as softmax (log of them). */
  logSoftmax: ArrayFunction<SoftmaxOptions>;
  /**
   * logsumexp(z) = max z + log sum_j exp(z_j - max z), one value per slice (-Infinity
   * for an all -Infinity one), over one axis, several (`axis: [0, 2]`) or all (`null`).
   * With `weights` b (scipy.special.logsumexp): log |sum b exp(z)| and, with
   * `returnSign`, its sign; a zero sum gives -Infinity with sign 0.
   */
  logSumExp: LogSumExpFunction;
  /**
   * The entropy of softmax(x / T) per slice, from the logits: H = logsumexp(z) -
   * sum p z, formed without log p (accurate for confident predictions, whose H is
   * tiny). In units of log(base). +Infinity entries share the mass (H = log k); an all
   * -Infinity slice is uniform.
   */
  softmaxEntropy: ArrayFunction<SoftmaxEntropyOptions>;
  /** ... and the gradient of the summed entropies: dH/dx_c = -p_c (log p_c + H) / T (0 in limit slices). */
  softmaxEntropyWithGrad: SoftmaxEntropyWithGradFunction;
  /**
   * The softmax backward pass (vector-Jacobian product): for y = softmax(x) and dy =
   * d loss / d y, returns d loss / d x = y * (dy - sum(dy * y)) along the axis.
   */
  softmaxBackward: BackwardFunction;
  /** The log-softmax backward pass: for y = logSoftmax(x), d loss / d x = dy - exp(y) * sum(dy). */
  logSoftmaxBackward: BackwardFunction;

  /**
   * torch.nn.functional.cross_entropy from logits [C] (one sample), [N, C] or
   * [N, C, d1, ..., dk] (classes on axis 1, e.g. a segmentation map). `target` holds
   * class indices, one per sample ([N, d1, ..., dk]: an Int32Array, integers, nested
   * integer arrays; one number for [C]) or probabilities of the logits' shape (a
   * Float32Array or Float64Array, nested arrays, or a flat array of the logits'
   * length). Reduction 'none' returns the per-sample losses [N, d1, ..., dk].
   * Class indices: loss_i = (1 - e) w[y_i] (-log p[y_i]) + (e / C) sum_c w[c] (-log p[c]);
   * 'mean' divides by sum_i w[y_i] over rows not ignored (PyTorch's weighted mean; NaN
   * if every row is ignored). Probabilities: loss_i = -sum_c w[c] t'[c] log p[c],
   * t' = (1 - e) t + e / C; 'mean' divides by the number of rows.
   * A class with zero target mass contributes 0 even if its logit is -Infinity.
   */
  crossEntropy: LossFunction<IndexInput | FloatInput, CrossEntropyOptions>;
  /** crossEntropy and d loss / d logits = (p * A - a) / T per row, in one fused pass. */
  crossEntropyWithGrad: LossWithGradFunction<IndexInput | FloatInput, CrossEntropyOptions>;
  /** torch.nn.functional.nll_loss: loss_i = -w[y_i] * logProbs[i, y_i]; same shapes and ignore/mean rules as crossEntropy. */
  nllLoss: LossFunction<IndexInput, NllLossOptions>;

  /**
   * torch.nn.functional.binary_cross_entropy: -w (y log p + (1 - y) log(1 - p)), logs
   * clamped at -100 as PyTorch does. p must lie in [0, 1] (RangeError otherwise).
   * 'mean' divides by the number of elements.
   */
  binaryCrossEntropy: LossFunction<FloatInput, BinaryOptions>;
  /** ... and d loss / d p = w (p - y) / max(p (1 - p), 1e-12) (divided by n for 'mean'). */
  binaryCrossEntropyWithGrad: LossWithGradFunction<FloatInput, BinaryOptions>;
  /**
   * torch.nn.functional.binary_cross_entropy_with_logits, stable form:
   * w ((1 - y) softplus(z) + pw y softplus(-z)). At z = +-Infinity it returns the limits
   * (0 for the matching label, +Infinity otherwise) where PyTorch returns NaN.
   */
  binaryCrossEntropyWithLogits: LossFunction<FloatInput, BinaryLogitsOptions>;
  /** ... and d loss / d z = w ((1 - y) sigmoid(z) - pw y sigmoid(-z)). */
  binaryCrossEntropyWithLogitsWithGrad: LossWithGradFunction<FloatInput, BinaryLogitsOptions>;
  /**
   * torch.nn.functional.kl_div: `input` holds log-probabilities; pointwise
   * target (log target - input), or with `logTarget` exp(target) (target - input).
   * A zero target contributes 0 (PyTorch: NaN where input = -Infinity). target must be
   * probabilities in [0, 1] (log-probabilities <= 0 with logTarget).
   */
  klDiv: KlDivFunction;
  /** Mean squared error (a - y)^2, elementwise then reduced. */
  mse: LossFunction<FloatInput, ShapeOptions>;
  /** ... and d loss / d a = 2 (a - y) (divided by n for 'mean'). */
  mseWithGrad: LossWithGradFunction<FloatInput, ShapeOptions>;
  /** sigmoid(z) = 1 / (1 + exp(-z)), elementwise, without overflow. */
  sigmoid: ArrayFunction<ShapeOptions>;
  /** sigmoid and its derivative s (1 - s). */
  sigmoidWithGrad: SigmoidWithGradFunction;

  /** Self-information -log p, elementwise (+Infinity at p = 0). p in [0, 1]. */
  selfInformation: ArrayFunction<ElementwiseOptions>;
  /** Entropy H(p) = -sum p log p per row. Rows are used as given (not renormalised, unlike SciPy). */
  entropy: ArrayFunction<InfoOptions>;
  /** Cross-entropy of two distributions H(p, q) = -sum p log q per row (+Infinity where q = 0 < p). */
  distributionCrossEntropy: PairArrayFunction<InfoOptions>;
  /** KL(p || q) = sum p log(p / q) per row (+Infinity where q = 0 < p). H(p, q) = H(p) + KL(p || q). */
  klDivergence: PairArrayFunction<InfoOptions>;
  /** JS(p, q) = (KL(p || m) + KL(q || m)) / 2, m = (p + q) / 2; at most ln 2 nats (1 bit). */
  jsDivergence: PairArrayFunction<InfoOptions>;
  /**
   * scipy.special.entr, elementwise, on every real x: -x log x for x > 0, 0 at 0,
   * -Infinity for x < 0. Natural log; no base.
   */
  entr: ArrayFunction<ShapeOptions>;
  /**
   * scipy.special.rel_entr, elementwise: x log(x / y) for x, y > 0, 0 at x = 0 <= y,
   * +Infinity otherwise. Natural log; no base.
   */
  relEntr: PairArrayFunction<ShapeOptions>;

  /**
   * Allocates `length` floats in the wasm heap: the zero-copy path. Pass the buffer as
   * any input or as `out`/`gradOut`; call `free()` when done. Read it through
   * `buffer.array`, taken again after any call that can grow memory (any call given
   * ordinary arrays may).
   */
  alloc(length: number): HeapFloat32Array;
  /** Current size of the wasm heap in bytes. */
  heapBytes(): number;
}

/** A float32 buffer inside the wasm heap (see `alloc`). */
export declare class HeapFloat32Array {
  private constructor();
  readonly length: number;
  /** Byte offset in the wasm heap. */
  readonly byteOffset: number;
  readonly freed: boolean;
  /** A view over the heap as it is now. */
  readonly array: Float32Array;
  /** Copies `values` in; they must have this buffer's length (RangeError otherwise). */
  set(values: ArrayLike<number>): void;
  free(): void;
}

/** The WebAssembly modules: relaxed SIMD, SIMD128, scalar. */
export type Variant = 'relaxed' | 'simd' | 'scalar';

export interface LoadOptions {
  /**
   * 'auto' (default): the fastest module the engine runs, found by WebAssembly.validate
   * probes: relaxed SIMD, else SIMD128, else scalar.
   */
  variant?: 'auto' | Variant | undefined;
  /**
   * The .wasm bytes, if you load them yourself: of the module `variant` names; with
   * 'auto', of the SIMD128 module (or the scalar one where SIMD is missing).
   */
  wasmBinary?: ArrayBuffer | Uint8Array | undefined;
  /** Where to find 'kernels-relaxed.wasm' / 'kernels-simd.wasm' / 'kernels-scalar.wasm'. */
  locateFile?: ((name: string, prefix: string) => string) | undefined;
}

/** The options' defaults, as PyTorch has them. */
export declare const DEFAULTS: {
  readonly ignoreIndex: -100;
  readonly labelSmoothing: 0;
  readonly temperature: 1;
  readonly reduction: 'mean';
  readonly base: 'e';
};

/** Loads the default module once (memoised); the functions below need it resolved. */
export function init(options?: LoadOptions): Promise<{ variant: Variant; target: string }>;
/** Loads an independent module instance (e.g. to compare 'simd' with 'scalar'). */
export function load(options?: LoadOptions): Promise<SoftmaxXent>;
/** Whether this engine supports WebAssembly SIMD. */
export function simdSupported(): boolean;
/** Whether this engine also supports relaxed SIMD (Chromium does; Node 20 behind a flag). */
export function relaxedSimdSupported(): boolean;

export const softmax: SoftmaxXent['softmax'];
export const logSoftmax: SoftmaxXent['logSoftmax'];
export const logSumExp: SoftmaxXent['logSumExp'];
export const softmaxEntropy: SoftmaxXent['softmaxEntropy'];
export const softmaxEntropyWithGrad: SoftmaxXent['softmaxEntropyWithGrad'];
export const softmaxBackward: SoftmaxXent['softmaxBackward'];
export const logSoftmaxBackward: SoftmaxXent['logSoftmaxBackward'];
export const crossEntropy: SoftmaxXent['crossEntropy'];
export const crossEntropyWithGrad: SoftmaxXent['crossEntropyWithGrad'];
export const nllLoss: SoftmaxXent['nllLoss'];
export const binaryCrossEntropy: SoftmaxXent['binaryCrossEntropy'];
export const binaryCrossEntropyWithGrad: SoftmaxXent['binaryCrossEntropyWithGrad'];
export const binaryCrossEntropyWithLogits: SoftmaxXent['binaryCrossEntropyWithLogits'];
export const binaryCrossEntropyWithLogitsWithGrad: SoftmaxXent['binaryCrossEntropyWithLogitsWithGrad'];
export const mse: SoftmaxXent['mse'];
export const mseWithGrad: SoftmaxXent['mseWithGrad'];
export const klDiv: SoftmaxXent['klDiv'];
export const sigmoid: SoftmaxXent['sigmoid'];
export const sigmoidWithGrad: SoftmaxXent['sigmoidWithGrad'];
export const selfInformation: SoftmaxXent['selfInformation'];
export const entropy: SoftmaxXent['entropy'];
export const distributionCrossEntropy: SoftmaxXent['distributionCrossEntropy'];
export const klDivergence: SoftmaxXent['klDivergence'];
export const jsDivergence: SoftmaxXent['jsDivergence'];
export const entr: SoftmaxXent['entr'];
export const relEntr: SoftmaxXent['relEntr'];
export const alloc: SoftmaxXent['alloc'];
export const heapBytes: SoftmaxXent['heapBytes'];
