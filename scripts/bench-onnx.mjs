// Small ONNX models for the onnxruntime-web rows of scripts/bench-kernels.mjs, encoded
// with onnx-proto (the ONNX protobuf schema compiled for protobufjs). Inputs have
// symbolic shapes [N, C], so one model per op serves every benchmark shape.
//
// softmax, logSoftmax, logSumExp and crossEntropy are one node each (opset 13).
// ONNX has no gradient operator that an inference runtime runs, so
// crossEntropyWithGrad is the loss node plus the gradient written out:
// (exp(log_prob) - one_hot(labels)) * (1 / N), five nodes in all. onnxAxisModels has
// the N-D ones of bench-axes.mjs.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { onnx } = require('onnx-proto');

const { FLOAT, INT64 } = onnx.TensorProto.DataType;
const A = onnx.AttributeProto.AttributeType;

function tensorType(elemType, dims) {
  return {
    tensorType: {
      elemType,
      shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
    },
  };
}

const valueInfo = (name, elemType, dims) => ({ name, type: tensorType(elemType, dims) });
const intAttr = (name, i) => ({ name, type: A.INT, i });
const intsAttr = (name, ints) => ({ name, type: A.INTS, ints });
const stringAttr = (name, s) => ({ name, type: A.STRING, s: new TextEncoder().encode(s) });

function encode(nodes, inputs, outputs) {
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'softmax-xent bench',
    opsetImport: [{ domain: '', version: 13 }],
    graph: { name: 'bench', node: nodes, input: inputs, output: outputs },
  });
  return onnx.ModelProto.encode(model).finish();
}

const scores = valueInfo('x', FLOAT, ['N', 'C']);
const labels = valueInfo('labels', INT64, ['N']);

/** op name -> { bytes, inputs: names the caller feeds, output: the result to read } */
export function onnxModels() {
  return {
    softmax: {
      bytes: encode([{ opType: 'Softmax', input: ['x'], output: ['y'], attribute: [intAttr('axis', -1)] }],
        [scores], [valueInfo('y', FLOAT, ['N', 'C'])]),
      output: 'y',
    },
    logSoftmax: {
      bytes: encode([{ opType: 'LogSoftmax', input: ['x'], output: ['y'], attribute: [intAttr('axis', -1)] }],
        [scores], [valueInfo('y', FLOAT, ['N', 'C'])]),
      output: 'y',
    },
    logSumExp: {
      bytes: encode([{
        opType: 'ReduceLogSumExp', input: ['x'], output: ['y'],
        attribute: [intsAttr('axes', [1]), intAttr('keepdims', 0)],
      }], [scores], [valueInfo('y', FLOAT, ['N'])]),
      output: 'y',
    },
    crossEntropy: {
      bytes: encode([{
        opType: 'SoftmaxCrossEntropyLoss', input: ['x', 'labels'], output: ['loss'],
        attribute: [stringAttr('reduction', 'mean')],
      }], [scores, labels], [valueInfo('loss', FLOAT, [])]),
      output: 'loss',
    },
    crossEntropyWithGrad: {
      bytes: encode([
        {
          opType: 'SoftmaxCrossEntropyLoss', input: ['x', 'labels'], output: ['loss', 'log_prob'],
          attribute: [stringAttr('reduction', 'mean')],
        },
        { opType: 'Exp', input: ['log_prob'], output: ['p'] },
        { opType: 'OneHot', input: ['labels', 'depth', 'off_on'], output: ['one_hot'], attribute: [intAttr('axis', -1)] },
        { opType: 'Sub', input: ['p', 'one_hot'], output: ['diff'] },
        { opType: 'Mul', input: ['diff', 'inv_n'], output: ['grad'] },
      ], [
        scores, labels,
        valueInfo('depth', INT64, [1]),
        valueInfo('off_on', FLOAT, [2]),
        valueInfo('inv_n', FLOAT, [1]),
      ], [valueInfo('loss', FLOAT, []), valueInfo('grad', FLOAT, ['N', 'C'])]),
      output: 'grad',
      extra: ['depth', 'off_on', 'inv_n'],
    },
  };
}

/**
 * The models of scripts/bench-axes.mjs, on [N, C, H, W]: Softmax along axis 1 and the
 * loss over the class axis with labels [N, H, W].
 */
export function onnxAxisModels() {
  const nchw = valueInfo('x', FLOAT, ['N', 'C', 'H', 'W']);
  return {
    softmax: encode([{ opType: 'Softmax', input: ['x'], output: ['y'], attribute: [intAttr('axis', 1)] }],
      [nchw], [valueInfo('y', FLOAT, ['N', 'C', 'H', 'W'])]),
    crossEntropy: encode([{
      opType: 'SoftmaxCrossEntropyLoss', input: ['x', 'labels'], output: ['loss'],
      attribute: [stringAttr('reduction', 'mean')],
    }], [nchw, valueInfo('labels', INT64, ['N', 'H', 'W'])], [valueInfo('loss', FLOAT, [])]),
  };
}
