// softmax-xent: softmax, cross-entropy and the information-theory family, computed by
// Highway SIMD kernels in WebAssembly. Float32 in, float32 out; data is row-major
// [rows, classes] and every per-row operation reduces along the last axis.
//
// Conventions (all functions): natural log (nats) unless `base` says otherwise;
// 0 * log 0 = 0; -log 0 = +Infinity. Every invalid argument throws a TypeError or a
// RangeError whose message starts with the function's name and names the argument;
// the module is never left broken, so the next call works.

/** A matrix of float values: a flat array (one row, or `classes` per row) or rows. */
export type FloatInput = Float32Array | Float64Array | number[] | number[][] | HeapFloat32Array;
/** Class indices, one per row. Plain arrays must hold integers. */
export type IndexInput = Int32Array | number[];
export type Reduction = 'mean' | 'sum' | 'none';
/** 'e' (nats, the default), 2 (bits), 10 (hartleys) or any positive base other than 1. */
export type LogBase = 'e' | number;

export interface ShapeOptions {
  /** Row length of a flat input. Without it a flat input is one row. */
  classes?: number;
}
export interface OutOptions {
  /** Write the result here (exact length) instead of a new array. */
  out?: Float32Array | HeapFloat32Array;
}
export interface GradOutOptions {
  /** Write the gradient here (exact length) instead of a new array. */
  gradOut?: Float32Array | HeapFloat32Array;
}
export interface TemperatureOptions {
  /** Logits are divided by it first: z = x / T. Positive and finite; default 1. */
  temperature?: number;
}

export interface CrossEntropyOptions extends ShapeOptions, TemperatureOptions {
  /** Per-class rescaling, one value per class. */
  weight?: FloatInput;
  /** Rows whose class index equals it contribute 0 and are left out of the mean. Default -100. */
  ignoreIndex?: number;
  /** e in [0, 1]: the target becomes (1 - e) * target + e / classes. Default 0. */
  labelSmoothing?: number;
  /** Default 'mean'. */
  reduction?: Reduction;
  /** With reduction 'none': where to write the per-row losses. */
  out?: Float32Array | HeapFloat32Array;
}

export interface LossWithGrad<L> {
  loss: L;
  /** d loss / d input, same length as the input (for 'none': of the sum of the losses). */
  grad: Float32Array | HeapFloat32Array;
}

export interface BinaryOptions extends ShapeOptions {
  /** n values (one per element) or `classes` values (one per class, broadcast over rows). */
  weight?: FloatInput;
  /** Default 'mean' (divides by the number of elements). */
  reduction?: Reduction;
  out?: Float32Array | HeapFloat32Array;
}

export interface InfoOptions extends ShapeOptions, OutOptions {
  base?: LogBase;
}

/** One loaded module and the functions bound to it (see `load`). */
export interface SoftmaxXent {
  /** 'simd' (WebAssembly SIMD128) or 'scalar' (engines without SIMD). */
  readonly variant: 'simd' | 'scalar';
  /** The Highway target compiled into the module: 'WASM' or 'EMU128'. */
  readonly target: string;

  /**
   * softmax(x)[c] = exp(z_c - max z) / sum_j exp(z_j - max z), z = x / T, per row.
   * Stable for every finite input. A row with NaN is NaN. Rows holding +Infinity give
   * the limit: the +Infinity classes share the mass equally, the rest get 0. A row of
   * only -Infinity is uniform (the limit of equal logits). PyTorch returns NaN for both.
   */
  softmax(x: FloatInput, options?: ShapeOptions & TemperatureOptions & OutOptions): Float32Array | HeapFloat32Array;
  /** logSoftmax(x)[c] = z_c - logsumexp(z), per row; same edge rules as softmax (log of them). */
  logSoftmax(x: FloatInput, options?: ShapeOptions & TemperatureOptions & OutOptions): Float32Array | HeapFloat32Array;
  /** logsumexp(z) = max z + log sum_j exp(z_j - max z), one value per row (-Infinity for an all -Infinity row). */
  logSumExp(x: FloatInput, options?: ShapeOptions & TemperatureOptions & OutOptions): Float32Array | HeapFloat32Array;

  /**
   * torch.nn.functional.cross_entropy from logits. `target` holds class indices
   * (Int32Array, or number[] with one integer per row) or probabilities (Float32Array,
   * Float64Array, number[][] or a flat number[] with the logits' shape).
   * Class indices: loss_i = (1 - e) w[y_i] (-log p[y_i]) + (e / C) sum_c w[c] (-log p[c]);
   * 'mean' divides by sum_i w[y_i] over rows not ignored (PyTorch's weighted mean; NaN
   * if every row is ignored). Probabilities: loss_i = -sum_c w[c] t'[c] log p[c],
   * t' = (1 - e) t + e / C; 'mean' divides by the number of rows.
   * A class with zero target mass contributes 0 even if its logit is -Infinity.
   * Returns a number, or a Float32Array of per-row losses for reduction 'none'.
   */
  crossEntropy(logits: FloatInput, target: IndexInput | FloatInput, options?: CrossEntropyOptions): number | Float32Array | HeapFloat32Array;
  /** crossEntropy and d loss / d logits = (p * A - a) / T per row, in one fused pass. */
  crossEntropyWithGrad(logits: FloatInput, target: IndexInput | FloatInput, options?: CrossEntropyOptions & GradOutOptions): LossWithGrad<number | Float32Array | HeapFloat32Array>;
  /** torch.nn.functional.nll_loss: loss_i = -w[y_i] * logProbs[i, y_i]; same ignore/mean rules as crossEntropy. */
  nllLoss(logProbs: FloatInput, target: IndexInput, options?: ShapeOptions & { weight?: FloatInput; ignoreIndex?: number; reduction?: Reduction; out?: Float32Array | HeapFloat32Array }): number | Float32Array | HeapFloat32Array;

  /**
   * torch.nn.functional.binary_cross_entropy: -w (y log p + (1 - y) log(1 - p)), logs
   * clamped at -100 as PyTorch does. p must lie in [0, 1] (RangeError otherwise).
   */
  binaryCrossEntropy(p: FloatInput, target: FloatInput, options?: BinaryOptions): number | Float32Array | HeapFloat32Array;
  /** ... and d loss / d p = w (p - y) / max(p (1 - p), 1e-12) (divided by n for 'mean'). */
  binaryCrossEntropyWithGrad(p: FloatInput, target: FloatInput, options?: BinaryOptions & GradOutOptions): LossWithGrad<number | Float32Array | HeapFloat32Array>;
  /**
   * torch.nn.functional.binary_cross_entropy_with_logits, stable form:
   * w ((1 - y) softplus(z) + pw y softplus(-z)). At z = +-Infinity it returns the limits
   * (0 for the matching label, +Infinity otherwise) where PyTorch returns NaN.
   */
  binaryCrossEntropyWithLogits(logits: FloatInput, target: FloatInput, options?: BinaryOptions & { posWeight?: FloatInput }): number | Float32Array | HeapFloat32Array;
  /** ... and d loss / d z = w ((1 - y) sigmoid(z) - pw y sigmoid(-z)). */
  binaryCrossEntropyWithLogitsWithGrad(logits: FloatInput, target: FloatInput, options?: BinaryOptions & { posWeight?: FloatInput } & GradOutOptions): LossWithGrad<number | Float32Array | HeapFloat32Array>;
  /** Mean squared error (a - y)^2, elementwise then reduced. */
  mse(input: FloatInput, target: FloatInput, options?: ShapeOptions & { reduction?: Reduction; out?: Float32Array | HeapFloat32Array }): number | Float32Array | HeapFloat32Array;
  /** ... and d loss / d a = 2 (a - y) (divided by n for 'mean'). */
  mseWithGrad(input: FloatInput, target: FloatInput, options?: ShapeOptions & { reduction?: Reduction; out?: Float32Array | HeapFloat32Array } & GradOutOptions): LossWithGrad<number | Float32Array | HeapFloat32Array>;
  /** sigmoid(z) = 1 / (1 + exp(-z)), elementwise, without overflow. */
  sigmoid(z: FloatInput, options?: ShapeOptions & OutOptions): Float32Array | HeapFloat32Array;
  /** sigmoid and its derivative s (1 - s). */
  sigmoidWithGrad(z: FloatInput, options?: ShapeOptions & OutOptions & GradOutOptions): { value: Float32Array | HeapFloat32Array; grad: Float32Array | HeapFloat32Array };

  /** Self-information -log p, elementwise (+Infinity at p = 0). p in [0, 1]. */
  selfInformation(p: FloatInput, options?: InfoOptions): Float32Array | HeapFloat32Array;
  /** Entropy H(p) = -sum p log p per row. Rows are used as given (not renormalised, unlike SciPy). */
  entropy(p: FloatInput, options?: InfoOptions): Float32Array | HeapFloat32Array;
  /** Cross-entropy of two distributions H(p, q) = -sum p log q per row (+Infinity where q = 0 < p). */
  distributionCrossEntropy(p: FloatInput, q: FloatInput, options?: InfoOptions): Float32Array | HeapFloat32Array;
  /** KL(p || q) = sum p log(p / q) per row (+Infinity where q = 0 < p). H(p, q) = H(p) + KL(p || q). */
  klDivergence(p: FloatInput, q: FloatInput, options?: InfoOptions): Float32Array | HeapFloat32Array;
  /** JS(p, q) = (KL(p || m) + KL(q || m)) / 2, m = (p + q) / 2; at most ln 2 nats (1 bit). */
  jsDivergence(p: FloatInput, q: FloatInput, options?: InfoOptions): Float32Array | HeapFloat32Array;

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
  set(values: ArrayLike<number>): void;
  free(): void;
}

export interface LoadOptions {
  /** 'auto' (default): SIMD where the engine supports it, else scalar. */
  variant?: 'auto' | 'simd' | 'scalar';
  /** The .wasm bytes, if you load them yourself. */
  wasmBinary?: ArrayBuffer | Uint8Array;
  /** Where to find 'kernels-simd.wasm' / 'kernels-scalar.wasm'. */
  locateFile?: (name: string, prefix: string) => string;
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
export function init(options?: LoadOptions): Promise<{ variant: 'simd' | 'scalar'; target: string }>;
/** Loads an independent module instance (e.g. to compare 'simd' with 'scalar'). */
export function load(options?: LoadOptions): Promise<SoftmaxXent>;
/** Whether this engine supports WebAssembly SIMD. */
export function simdSupported(): boolean;

export const softmax: SoftmaxXent['softmax'];
export const logSoftmax: SoftmaxXent['logSoftmax'];
export const logSumExp: SoftmaxXent['logSumExp'];
export const crossEntropy: SoftmaxXent['crossEntropy'];
export const crossEntropyWithGrad: SoftmaxXent['crossEntropyWithGrad'];
export const nllLoss: SoftmaxXent['nllLoss'];
export const binaryCrossEntropy: SoftmaxXent['binaryCrossEntropy'];
export const binaryCrossEntropyWithGrad: SoftmaxXent['binaryCrossEntropyWithGrad'];
export const binaryCrossEntropyWithLogits: SoftmaxXent['binaryCrossEntropyWithLogits'];
export const binaryCrossEntropyWithLogitsWithGrad: SoftmaxXent['binaryCrossEntropyWithLogitsWithGrad'];
export const mse: SoftmaxXent['mse'];
export const mseWithGrad: SoftmaxXent['mseWithGrad'];
export const sigmoid: SoftmaxXent['sigmoid'];
export const sigmoidWithGrad: SoftmaxXent['sigmoidWithGrad'];
export const selfInformation: SoftmaxXent['selfInformation'];
export const entropy: SoftmaxXent['entropy'];
export const distributionCrossEntropy: SoftmaxXent['distributionCrossEntropy'];
export const klDivergence: SoftmaxXent['klDivergence'];
export const jsDivergence: SoftmaxXent['jsDivergence'];
export const alloc: SoftmaxXent['alloc'];
export const heapBytes: SoftmaxXent['heapBytes'];
