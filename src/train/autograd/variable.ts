/**
 * Var — a tensor that remembers how it was made, so gradients can flow back through it.
 *
 * A Var is f32 data with a shape (row-major, contiguous), an optional gradient of the same size,
 * and — when it is the result of an op — the op's inputs and a `backward` closure. Reverse-mode
 * autograd is then two passes over that graph:
 *
 *   forward:   y = f(x)                    each op computes its output and records (inputs, backward)
 *   backward:  x.grad += (∂y/∂x)ᵀ · y.grad  run in reverse topological order from the loss
 *
 *   const w = Var.param(Float32Array.of(2), [1]);
 *   const loss = sum(mul(w, w));            // w²
 *   backward(loss);                         // w.grad = [4]  (d(w²)/dw = 2w)
 *
 * Gradients accumulate (+=): a Var used twice (a tied embedding, a residual) receives both
 * contributions. `zeroGrad` clears them between optimizer steps.
 */
export type Backward = (gradOut: Float32Array) => void;

let gradEnabled = true;

export class Var {
  readonly data: Float32Array;
  readonly shape: readonly number[];
  /** ∂loss/∂this, allocated on first use; null until something flows into it. */
  grad: Float32Array | null = null;
  readonly requiresGrad: boolean;
  /** The op that made it ("param", "input", "linear", …): for error messages and graph dumps. */
  readonly op: string;
  /** Its Hugging Face name, for parameters. */
  name?: string;
  inputs: readonly Var[];
  backwardFn: Backward | null;

  constructor(data: Float32Array, shape: readonly number[], requiresGrad = false, op = "input") {
    const n = shape.reduce((a, b) => a * b, 1);
    if (data.length !== n) throw new RangeError(`Var: ${data.length} values do not fill shape [${shape}]`);
    this.data = data;
    this.shape = [...shape];
    this.requiresGrad = requiresGrad;
    this.op = op;
    this.inputs = [];
    this.backwardFn = null;
  }

  /** A trainable leaf: gradients are kept for it. */
  static param(data: Float32Array, shape: readonly number[], name?: string): Var {
    const v = new Var(data, shape, true, "param");
    if (name) v.name = name;
    return v;
  }

  /** A constant leaf (inputs, targets, masks): no gradient unless `requiresGrad` (to check ∂loss/∂input). */
  static constant(data: Float32Array, shape: readonly number[], requiresGrad = false): Var {
    return new Var(data, shape, requiresGrad, "input");
  }

  /**
   * The output of an op. `backward` receives ∂loss/∂output and adds each input's share into that
   * input's `gradBuffer()`. Nothing is recorded when no input needs a gradient (or under noGrad).
   */
  static result(
    op: string,
    data: Float32Array,
    shape: readonly number[],
    inputs: Var[],
    backward: Backward,
  ): Var {
    const needs = gradEnabled && inputs.some((x) => x.requiresGrad);
    const v = new Var(data, shape, needs, op);
    if (needs) {
      v.inputs = inputs;
      v.backwardFn = backward;
    }
    return v;
  }

  get size(): number {
    return this.data.length;
  }

  /** Last dimension (the "features" axis most ops work along). */
  get lastDim(): number {
    return this.shape[this.shape.length - 1] ?? 1;
  }

  /** Where an op's backward adds this input's gradient: null when it needs none (skip the work). */
  gradBuffer(): Float32Array | null {
    if (!this.requiresGrad) return null;
    if (!this.grad) this.grad = new Float32Array(this.data.length);
    return this.grad;
  }

  /** The single value of a one-element Var (a loss). */
  item(): number {
    if (this.data.length !== 1) throw new RangeError(`item(): Var of shape [${this.shape}] is not a scalar`);
    return this.data[0];
  }
}

/**
 * Runs `fn` without recording a graph (evaluation, sampling): ops compute values only.
 */
export function noGrad<T>(fn: () => T): T {
  const before = gradEnabled;
  gradEnabled = false;
  try {
    return fn();
  } finally {
    gradEnabled = before;
  }
}

/**
 * Back-propagates from `loss` (seeded with ∂loss/∂loss = 1, or `seed` for a non-scalar output) to
 * every Var that needs a gradient. The graph is released afterwards: each backward runs once.
 */
export function backward(loss: Var, seed?: Float32Array): void {
  if (!loss.requiresGrad) throw new Error("backward: the loss does not depend on any parameter");
  const order = topologicalOrder(loss);
  const g = loss.gradBuffer()!;
  if (seed) {
    if (seed.length !== loss.size)
      throw new RangeError(`backward: seed has ${seed.length} values, loss ${loss.size}`);
    for (let i = 0; i < g.length; i++) g[i] += seed[i];
  } else g.fill(1);
  for (let i = order.length - 1; i >= 0; i--) {
    const node = order[i];
    const leaf = node.backwardFn === null;
    if (node.backwardFn && node.grad) node.backwardFn(node.grad);
    // Free the graph as it is walked: intermediate values and closures are garbage from here on.
    node.backwardFn = null;
    node.inputs = [];
    if (!leaf) node.grad = null; // leaves (parameters, inputs that asked for one) keep theirs
  }
}

/** Nodes such that every input comes before the nodes that use it (iterative DFS: deep graphs are fine). */
function topologicalOrder(root: Var): Var[] {
  const order: Var[] = [];
  const seen = new Set<Var>();
  const stack: [Var, number][] = [[root, 0]];
  seen.add(root);
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    const [node, next] = top;
    if (next < node.inputs.length) {
      top[1]++;
      const child = node.inputs[next];
      if (child.requiresGrad && !seen.has(child)) {
        seen.add(child);
        stack.push([child, 0]);
      }
    } else {
      stack.pop();
      order.push(node);
    }
  }
  return order;
}

/** Clears the gradients of `params` (before each step's backward). */
export function zeroGrad(params: Iterable<Var>): void {
  for (const p of params) p.grad?.fill(0);
}
