// The worked examples of the tutorials this lab serves (five Chinese blog posts on
// softmax and cross-entropy, numbered 000-004 as `seed`), each as a preset: what the post
// printed, what softmax-xent computes for it now, why they differ, and the lab state
// that reproduces it. Printed figures are quoted data; every recomputed number comes
// from the package at render time. recompute(api) returns a string, or { text, values }
// whose values fill the {placeholders} of the explanation.
import { DEFAULTS } from 'softmax-xent';
import { probabilityLoss } from '../ui/compute.js';

// What each post is, for the reader (the cards say where an example comes from).
export const SOURCES = {
  '000': { en: 'a post introducing softmax, self-information, entropy and cross-entropy', zh: '一篇介绍 softmax、自信息、熵与交叉熵的博文' },
  '001': { en: 'a post implementing softmax and cross-entropy in Python for a neural network', zh: '一篇用 Python 为神经网络实现 softmax 与交叉熵的博文' },
  '002': { en: 'notes on softmax and the cross-entropy loss, written while learning word2vec', zh: '一篇学习 word2vec 时写下的 softmax 与交叉熵损失笔记' },
  '003': { en: 'an article on softmax and cross-entropy for classification into many classes', zh: '一篇讲多分类问题中 softmax 与交叉熵的文章' },
  '004': { en: 'an article on why binary classification uses cross-entropy as its loss', zh: '一篇讲二分类为何用交叉熵作损失函数的文章' },
};

const fmt = (v, d = 4) => (Number.isFinite(v) ? v.toFixed(d) : String(v));
const list = (a, d = 4) => `[${Array.from(a, (v) => fmt(v, d)).join(', ')}]`;

const SEED003_BATCH = [[0.2, 0.5, 0.3], [0.1, 0.8, 0.1], [0.1, 0.1, 0.8]];
const SEED001_Q = [[0.5, 0.2, 0.3], [0.8, 0.1, 0.1]];
const SEED001_A = [[-0.69314718, -1.60943791, -1.2039728], [-0.22314355, -2.30258509, -2.30258509]];

export const EXAMPLES = [
  {
    id: 'seed003-softmax',
    wrong: true,
    seed: '003',
    title: { en: 'Softmax of the logits [1.0, 2.0, 0.5]', zh: 'logits [1.0, 2.0, 0.5] 的 softmax' },
    printed: '[0.245, 0.665, 0.090]',
    recompute: (api) => {
      const p = api.softmax([1, 2, 0.5]);
      const off = Math.max(...[0.245, 0.665, 0.090].map((v, i) => Math.abs(v - p[i])));
      return { text: list(p), values: { p0: fmt(p[0]), p1: fmt(p[1]), p2: fmt(p[2]), off: fmt(off, 3) } };
    },
    explain: {
      en: 'The printed probabilities do not follow from these logits: exp(1), exp(2) and exp(0.5) divided by their sum give {p0}, {p1} and {p2} (PyTorch agrees). The post’s figures are off by up to {off}.',
      zh: '文中的概率并不是由这组 logits 算出的：exp(1)、exp(2)、exp(0.5) 除以三者之和，得到 {p0}、{p1}、{p2}（与 PyTorch 一致）。文中数字最多偏差 {off}。',
    },
    apply: (s) => Object.assign(s, { section: 'softmax', logits: [1, 2, 0.5], labels: ['cat', 'dog', 'bird'], temperature: 1, shift: 0 }),
  },
  {
    id: 'seed003-loss',
    wrong: true,
    seed: '003',
    title: { en: 'Its cross-entropy for the true class “cat”', zh: '真实类别为“猫”时的交叉熵' },
    printed: '−log(0.245) ≈ 1.38',
    recompute: (api) => {
      const loss = fmt(api.crossEntropy([1, 2, 0.5], [0]));
      const own = fmt(api.selfInformation([0.245])[0]);
      return { text: `${loss} (−ln 0.245 = ${own})`, values: { loss, own, p0: fmt(api.softmax([1, 2, 0.5])[0]) } };
    },
    explain: {
      en: 'With the correct probability {p0} the loss is −ln {p0} = {loss} nats. The printed 1.38 matches neither that nor −ln 0.245 = {own} of the post’s own probability.',
      zh: '用正确的概率 {p0}，损失为 −ln {p0} = {loss} 奈特。文中的 1.38 既不等于它，也不等于按文中自己的概率算出的 −ln 0.245 = {own}。',
    },
    apply: (s) => Object.assign(s, { section: 'xent', logits: [1, 2, 0.5], labels: ['cat', 'dog', 'bird'], target: 0, soft: null, smoothing: 0, temperature: 1, base: 'e' }),
  },
  {
    id: 'seed003-batch',
    wrong: true,
    seed: '003',
    title: { en: 'Average cross-entropy of a batch of three', zh: '三个样本的平均交叉熵' },
    printed: '1.609, 0.097, 0.097 → 0.601',
    recompute: (api) => {
      const p = new Float32Array(SEED003_BATCH.flat());
      const loss = (base, reduction) => probabilityLoss(api, p, [0, 1, 2], { classes: 3, base, reduction });
      const lnLoss = loss('e', 'none');
      const lgLoss = loss(10, 'none');
      const lnMean = loss('e', 'mean');
      const lgMean = loss(10, 'mean');
      return {
        text: `ln: ${list(lnLoss)} → ${fmt(lnMean)}; log10: ${list(lgLoss)} → ${fmt(lgMean)}`,
        values: {
          ln02: fmt(lnLoss[0], 3), lg08: fmt(lgLoss[1], 3), ln08: fmt(lnLoss[1]),
          meanLn: fmt(lnMean), meanLg: fmt(lgMean),
        },
      };
    },
    explain: {
      en: 'The post mixes two logarithms: −ln 0.2 = {ln02}, but −log10 0.8 = {lg08} (−ln 0.8 = {ln08}). In nats the mean is {meanLn}; in log10 units it is {meanLg}. The printed 0.601 averages the mixture.',
      zh: '文中混用了两种对数：−ln 0.2 = {ln02}，而 −log10 0.8 = {lg08}（−ln 0.8 = {ln08}）。以奈特计平均为 {meanLn}，以 log10 计为 {meanLg}。文中的 0.601 是混合后的平均。',
    },
    apply: (s) => Object.assign(s, { section: 'batch', batchKind: 'probs', batch: SEED003_BATCH, batchLabels: [0, 1, 2], reduction: 'mean', ignoreIndex: DEFAULTS.ignoreIndex, base: '10' }),
  },
  {
    id: 'seed001-batch',
    seed: '001',
    title: { en: 'H(p, q) for p = (1, 0, 0), q1 = (0.5, 0.2, 0.3), q2 = (0.8, 0.1, 0.1)', zh: 'p = (1, 0, 0)、q1 = (0.5, 0.2, 0.3)、q2 = (0.8, 0.1, 0.1) 的 H(p, q)' },
    printed: '0.2 (batch mean)',
    recompute: (api) => {
      const p = new Float32Array([1, 0, 0, 1, 0, 0]);
      const q = new Float32Array(SEED001_Q.flat());
      const lg = api.distributionCrossEntropy(p, q, { classes: 3, base: 10 });
      const ln = api.distributionCrossEntropy(p, q, { classes: 3 });
      // The batch means, as a loss: nll of the log-probabilities of the true class.
      const mean = (base) => probabilityLoss(api, q, [0, 0], { classes: 3, base });
      return {
        text: `log10: ${list(lg)} → ${fmt(mean(10))}; ln: ${list(ln)} → ${fmt(mean('e'))}`,
        values: { meanLg: fmt(mean(10)), meanLn: fmt(mean('e')) },
      };
    },
    explain: {
      en: 'The post computes with log10 (its code calls np.log10 while its comments say ln). In log10 units the mean is {meanLg}, which it rounds to 0.2; in nats it is {meanLn}. q2 is closer to p, so its cross-entropy is smaller either way.',
      zh: '文中用的是 log10（代码调用 np.log10，注释却写 ln）。以 log10 计平均为 {meanLg}，文中四舍五入为 0.2；以奈特计为 {meanLn}。无论哪种底，q2 更接近 p，交叉熵更小。',
    },
    apply: (s) => Object.assign(s, { section: 'batch', batchKind: 'probs', batch: SEED001_Q, batchLabels: [0, 0], reduction: 'mean', ignoreIndex: DEFAULTS.ignoreIndex, base: '10' }),
  },
  {
    id: 'seed001-matrix',
    seed: '001',
    title: { en: 'Softmax of the log-probability matrix', zh: '对数概率矩阵的 softmax' },
    printed: '—',
    recompute: (api) => {
      const p = api.softmax(SEED001_A, {});
      return `${list(p.subarray(0, 3))}, ${list(p.subarray(3))}`;
    },
    explain: {
      en: 'The matrix holds ln 0.5, ln 0.2, ln 0.3 and ln 0.8, ln 0.1, ln 0.1, so softmax gives back q1 and q2; subtracting each row’s maximum first changes nothing.',
      zh: '矩阵中是 ln 0.5、ln 0.2、ln 0.3 与 ln 0.8、ln 0.1、ln 0.1，softmax 还原出 q1 与 q2；先减去每行最大值不改变结果。',
    },
    apply: (s) => Object.assign(s, { section: 'softmax', logits: SEED001_A[0], labels: ['c0', 'c1', 'c2'], temperature: 1, shift: 0 }),
  },
  {
    id: 'seed002-kl',
    seed: '002',
    title: { en: 'KL divergence of [1, 0, 0, 0] from [0.7, 0.1, 0.1, 0.1]', zh: '[1, 0, 0, 0] 相对 [0.7, 0.1, 0.1, 0.1] 的 KL 散度' },
    printed: '—',
    recompute: (api) => {
      const p = [1, 0, 0, 0];
      const q = [0.7, 0.1, 0.1, 0.1];
      return `KL = ${fmt(api.klDivergence(p, q)[0])}, H(p, q) = ${fmt(api.distributionCrossEntropy(p, q)[0])}, H(p) = ${fmt(api.entropy(p)[0])}`;
    },
    explain: {
      en: 'For a one-hot p, H(p) = 0, so KL(p‖q) = H(p, q) = −ln 0.7. This is why minimising cross-entropy minimises KL: they differ by H(p), which the model cannot change.',
      zh: 'p 为独热向量时 H(p) = 0，所以 KL(p‖q) = H(p, q) = −ln 0.7。这就是最小化交叉熵等于最小化 KL 的原因：两者只差 H(p)，而模型无法改变它。',
    },
    apply: (s) => Object.assign(s, { section: 'xent', logits: [Math.log(0.7), Math.log(0.1), Math.log(0.1), Math.log(0.1)].map((v) => Math.round(v * 1e4) / 1e4), labels: ['c0', 'c1', 'c2', 'c3'], target: 0, soft: null, smoothing: 0, temperature: 1, base: 'e' }),
  },
  {
    id: 'seed000-information',
    wrong: true,
    seed: '000',
    title: { en: 'Self-information of an event with p = 0.25', zh: '概率 p = 0.25 的事件的自信息' },
    printed: '−log p = 1 / log p',
    recompute: (api) => {
      const bits = api.selfInformation([0.25], { base: 2 })[0];
      return { text: `−log2 0.25 = ${fmt(bits, 2)} bits`, values: { wrong: fmt(1 / -bits, 2) } };
    },
    explain: {
      en: 'Self-information is −log p = log(1/p), not 1/log p (which would be {wrong} here, a negative amount of information). Rarer events carry more information, so more uncertainty means more, not less, information.',
      zh: '自信息是 −log p = log(1/p)，而不是 1/log p（此处会得到 {wrong}，信息量为负）。越罕见的事件信息量越大，所以不确定性越高，信息量越大而不是越小。',
    },
    apply: (s) => Object.assign(s, { section: 'xent', logits: [0, 0, 0, 0], labels: ['a', 'b', 'c', 'd'], target: 0, soft: null, smoothing: 0, base: '2', temperature: 1 }),
  },
  {
    id: 'seed000-overflow',
    seed: '000',
    title: { en: 'Softmax with “overflow protection”', zh: '带“溢出保护”的 softmax' },
    printed: '—',
    recompute: (api) => `softmax([91, 92, 93]) = ${list(api.softmax([91, 92, 93]))}`,
    explain: {
      en: 'exp(93) is beyond float32’s largest value (about 3.4e38): the naive form returns NaN. Subtracting the maximum (the post’s shift_x) leaves the result unchanged and keeps every exponential ≤ 1. The preset adds c = 90 to [1, 2, 3].',
      zh: 'exp(93) 超过了 float32 的上限（约 3.4e38）：朴素写法得到 NaN。先减去最大值（文中的 shift_x）不改变结果，且所有指数值都不超过 1。此预设给 [1, 2, 3] 加上 c = 90。',
    },
    apply: (s) => Object.assign(s, { section: 'softmax', logits: [1, 2, 3], labels: ['a', 'b', 'c'], temperature: 1, shift: 90 }),
  },
  {
    id: 'seed004-minimum',
    seed: '004',
    title: { en: 'Where binary cross-entropy is smallest', zh: '二分类交叉熵的最小值在哪里' },
    printed: 'minimum at q = p (not 0)',
    recompute: (api) => {
      const y = 0.3;
      return `y = 0.3: BCE(q = 0.3) = ${fmt(api.binaryCrossEntropy([0.3], [y]))} = H(0.3) = ${fmt(api.entropy([0.3, 0.7])[0])}`;
    },
    explain: {
      en: 'The post is right: for a soft label p the loss is smallest at q = p, and its minimum is the binary entropy H(p), which is 0 only for p = 0 or 1.',
      zh: '文章说得对：软标签 p 下损失在 q = p 处最小，最小值是二元熵 H(p)，只有 p 为 0 或 1 时才为 0。',
    },
    apply: (s) => Object.assign(s, { section: 'bce', y: 0.3, q: 0.3 }),
  },
];
