// Types of softmax-xent/widgets: `import 'softmax-xent/widgets'` defines the custom
// elements <xent-softmax>, <xent-cross-entropy> and <xent-bce-mse>. They are configured
// by attributes (strings, as in HTML), report a reader's edits with a `change` event
// whose `detail` is the element's state, and appear in HTMLElementTagNameMap, so
// document.querySelector('xent-softmax') is typed.

/** What <xent-softmax> reports: the logits, their labels, T and softmax(z / T). */
export interface XentSoftmaxDetail {
  logits: number[];
  labels: string[];
  temperature: number;
  probabilities: number[];
}
/** What <xent-cross-entropy> reports; `loss` is the cross-entropy it shows, in `base` units. */
export interface XentCrossEntropyDetail extends XentSoftmaxDetail {
  target: number;
  base: 'e' | '2' | '10';
  loss: number;
}
/** What <xent-bce-mse> reports: the label y and the smallest BCE over q, H(y) in nats. */
export interface XentBceMseDetail {
  label: number;
  minimum: number;
}

/** The attributes of <xent-softmax>: comma-separated logits (2-20) and labels, T in [0.01, 100]. */
export type XentSoftmaxAttribute = 'logits' | 'labels' | 'temperature' | 'lang';
/** The attributes of <xent-cross-entropy>: those of <xent-softmax>, the target class and base e, 2 or 10. */
export type XentCrossEntropyAttribute = XentSoftmaxAttribute | 'target' | 'base';
/** The attribute of <xent-bce-mse>: the label y in [0, 1]. */
export type XentBceMseAttribute = 'label' | 'lang';

/** A widget element whose `change` event carries D and whose attributes are A. */
export interface XentElement<D, A extends string> extends HTMLElement {
  /** The attributes it reads (the `A` type); any other is an ordinary HTML attribute. */
  readonly observedAttributes?: readonly A[];
  addEventListener(type: 'change', listener: (this: this, event: CustomEvent<D>) => void,
    options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject,
    options?: boolean | AddEventListenerOptions): void;
  removeEventListener(type: 'change', listener: (this: this, event: CustomEvent<D>) => void,
    options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject,
    options?: boolean | EventListenerOptions): void;
}

export type XentSoftmaxElement = XentElement<XentSoftmaxDetail, XentSoftmaxAttribute>;
export type XentCrossEntropyElement = XentElement<XentCrossEntropyDetail, XentCrossEntropyAttribute>;
export type XentBceMseElement = XentElement<XentBceMseDetail, XentBceMseAttribute>;

declare global {
  interface HTMLElementTagNameMap {
    'xent-softmax': XentSoftmaxElement;
    'xent-cross-entropy': XentCrossEntropyElement;
    'xent-bce-mse': XentBceMseElement;
  }
}
