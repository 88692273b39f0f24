/**
 * A spatial index over weighted points for eps-neighbourhood work: KD-trees whose nodes keep the tight
 * bounding box and total weight of their points, so that a query takes a whole node when its box lies
 * within eps, skips it when the box lies beyond eps, and checks single points only in between.
 *
 * Euclidean and Manhattan use one tree. Gower uses one tree per missingness pattern (the set of present
 * dimensions): between a point of pattern A and a point of pattern B the Gower distance is
 * sum_{k in A∩B} d_k / |A∩B|, a Manhattan sum over the fixed dimension set A∩B with the fixed threshold
 * eps·|A∩B|, so box bounds over those dimensions are exact; patterns sharing no dimension have no
 * distance and are never neighbours (a point is still its own neighbour). A categorical dimension's
 * lower bound is 0 when the query's code lies within the box's code range and 1 outside it; its upper
 * bound is 0 only when the box holds just the query's code. Numeric columns are pre-divided by their
 * Gower range, so a unit of coordinate is a unit of Gower term.
 *
 * A "group" is the highest node on each root-to-leaf path whose box diameter is within eps: all its
 * points are mutually neighbours, which DBSCAN exploits to decide core-ness and connectivity per group.
 *
 * Bounds are computed from the same coordinates in the same dimension order as the point distances, and
 * floating-point subtraction, squaring and addition are monotone, so a bound never contradicts the
 * point distance it bounds: the index returns exactly the pairs a brute-force scan would.
 */
import { ABS, type MetricSpace, type WeightedPoints } from './weighted-points.js';

const LEAF_SIZE = 16;

export interface ForestOptions {
  /** Most points in a leaf whose diameter is within eps (default 16). */
  leafSize?: number;
}

interface Tree {
  root: number;
  /** Present dimensions of this tree's pattern. */
  dims: Int32Array;
}

export class KdForest {
  readonly count: number;
  readonly dims: number;
  readonly kinds: Uint8Array;
  /** Squared-Euclidean sums (true) or Manhattan/Gower sums (false). */
  readonly l2: boolean;
  readonly gower: boolean;
  readonly eps: number;
  /** Point id at each position; positions order points leaf by leaf. */
  readonly pointAt: Int32Array;
  /** Position of each point id. */
  readonly positionOf: Int32Array;
  /** Coordinates and weights by position. */
  readonly coords: Float64Array;
  readonly weights: Float64Array;
  /** The group node of each position. */
  readonly groupOf: Int32Array;
  /** Group node ids, in build order. */
  readonly groups: Int32Array;
  /** The tree of each position. */
  readonly treeOf: Int32Array;

  nodeCount = 0;
  private capacity: number;
  start: Int32Array;
  end: Int32Array;
  /** Left child, or -1 for a leaf; the right child is `right`. */
  left: Int32Array;
  right: Int32Array;
  lo: Float64Array;
  hi: Float64Array;
  nodeWeight: Float64Array;
  isGroup: Uint8Array;

  private readonly trees: Tree[] = [];
  /** Per ordered tree pair a*T+b: the shared dimensions and the threshold on their sum. */
  private readonly pairDims: Int32Array[] = [];
  private readonly pairLimit: Float64Array;
  /** Per tree a: the trees whose points can be neighbours of a's points, with the pair's dimensions and limit. */
  private readonly reach: { root: number; dims: Int32Array; limit: number }[][] = [];
  private readonly stack: Int32Array;
  /** Lower bound of each node on `stack` (nearest's traversal). */
  private readonly stackBound: Float64Array;
  private readonly plans = new Map<
    number | string,
    { root: number; dims: Int32Array; limit: number; scale: number }[]
  >();
  private readonly pairStack: Int32Array;

  constructor(points: WeightedPoints, space: MetricSpace, eps: number, options: ForestOptions = {}) {
    const leafSize = options.leafSize ?? LEAF_SIZE;
    const { count, dims } = points;
    this.count = count;
    this.dims = dims;
    this.kinds = space.kinds;
    this.gower = space.metric === 'gower';
    this.l2 = space.metric === 'euclidean';
    this.eps = eps;

    // Patterns: the present dimensions of each point (all of them unless Gower with missing values).
    const patternOf = new Int32Array(count);
    const masks: Uint8Array[] = [];
    const patternIds = new Map<string, number>();
    const sizes: number[] = [];
    const mask = new Uint8Array(dims);
    for (let p = 0; p < count; p++) {
      let complete = true;
      for (let d = 0, o = p * dims; d < dims; d++) {
        const present = points.coords[o + d] === points.coords[o + d];
        mask[d] = present ? 1 : 0;
        complete &&= present;
      }
      // Most points miss nothing: skip building their key.
      const key = complete ? '' : mask.join('');
      let id = patternIds.get(key);
      if (id === undefined) {
        id = masks.length;
        patternIds.set(key, id);
        masks.push(mask.slice());
        sizes.push(0);
      }
      patternOf[p] = id;
      sizes[id]++;
    }
    const treeCount = masks.length;
    this.pairLimit = new Float64Array(treeCount * treeCount);
    for (let a = 0; a < treeCount; a++) {
      for (let b = 0; b < treeCount; b++) {
        const shared: number[] = [];
        for (let d = 0; d < dims; d++) if (masks[a][d] && masks[b][d]) shared.push(d);
        this.pairDims.push(Int32Array.from(shared));
        // Gower compares sum/|S| <= eps as sum <= eps·|S|; an empty S only ever pairs a point with itself.
        this.pairLimit[a * treeCount + b] = this.gower ? eps * shared.length : this.l2 ? eps * eps : eps;
      }
    }

    // Positions: the points of pattern 0, then pattern 1, ...; each tree reorders its own range as it
    // splits, moving coordinates along so that every node's points lie contiguous in memory.
    const offsets = new Int32Array(treeCount + 1);
    for (let t = 0; t < treeCount; t++) offsets[t + 1] = offsets[t] + sizes[t];
    const fill = offsets.slice(0, treeCount);
    this.pointAt = new Int32Array(count);
    this.coords = new Float64Array(count * dims);
    this.weights = new Float64Array(count);
    for (let p = 0; p < count; p++) {
      const i = fill[patternOf[p]]++;
      this.pointAt[i] = p;
      for (let d = 0; d < dims; d++) this.coords[i * dims + d] = points.coords[p * dims + d];
      this.weights[i] = points.weights[p];
    }

    this.capacity = Math.max(16, Math.ceil((4 * count) / leafSize));
    this.start = new Int32Array(this.capacity);
    this.end = new Int32Array(this.capacity);
    this.left = new Int32Array(this.capacity);
    this.right = new Int32Array(this.capacity);
    this.lo = new Float64Array(this.capacity * dims);
    this.hi = new Float64Array(this.capacity * dims);
    this.nodeWeight = new Float64Array(this.capacity);
    this.isGroup = new Uint8Array(this.capacity);
    this.groupOf = new Int32Array(count);
    this.treeOf = new Int32Array(count);
    const groups: number[] = [];
    for (let t = 0; t < treeCount; t++) {
      this.trees.push({ root: this.nodeCount, dims: this.pairDims[t * treeCount + t] });
      this.buildTree(t, offsets[t], offsets[t + 1], this.pairLimit[t * treeCount + t], leafSize, groups);
    }
    for (let a = 0; a < treeCount; a++) {
      this.reach.push(
        this.trees
          .map((tree, b) => ({
            root: tree.root,
            dims: this.pairDims[a * treeCount + b],
            limit: this.pairLimit[a * treeCount + b],
          }))
          .filter((_, b) => this.reachable(a, b)),
      );
    }
    this.groups = Int32Array.from(groups);
    this.positionOf = new Int32Array(count);
    for (let i = 0; i < count; i++) this.positionOf[this.pointAt[i]] = i;
    this.stack = new Int32Array(this.nodeCount + 1);
    this.stackBound = new Float64Array(this.nodeCount + 1);
    this.pairStack = new Int32Array(2 * this.nodeCount + 2);
  }

  /** A new node over positions [s, e) with an empty box; grows the node arrays as needed. */
  private newNode(s: number, e: number, tdims: Int32Array): number {
    if (this.nodeCount === this.capacity) {
      this.capacity *= 2;
      const grown = <T extends Int32Array | Float64Array | Uint8Array>(a: T, width: number): T => {
        const b = new (a.constructor as new (n: number) => T)(this.capacity * width);
        b.set(a);
        return b;
      };
      this.start = grown(this.start, 1);
      this.end = grown(this.end, 1);
      this.left = grown(this.left, 1);
      this.right = grown(this.right, 1);
      this.lo = grown(this.lo, this.dims);
      this.hi = grown(this.hi, this.dims);
      this.nodeWeight = grown(this.nodeWeight, 1);
      this.isGroup = grown(this.isGroup, 1);
    }
    const node = this.nodeCount++;
    this.start[node] = s;
    this.end[node] = e;
    this.left[node] = -1;
    this.right[node] = -1;
    this.nodeWeight[node] = 0;
    const base = node * this.dims;
    for (let j = 0; j < tdims.length; j++) {
      this.lo[base + tdims[j]] = Infinity;
      this.hi[base + tdims[j]] = -Infinity;
    }
    return node;
  }

  /** Sets the box and weight of `node` to those of the points at positions [s, e). */
  private includeRange(node: number, s: number, e: number, tdims: Int32Array): void {
    const { lo, hi, coords, weights } = this;
    const dims = this.dims;
    const base = node * dims;
    // Row by row, so that a large node streams through memory once rather than once per dimension.
    let weight = 0;
    for (let i = s, o = s * dims; i < e; i++, o += dims) {
      for (let j = 0; j < tdims.length; j++) {
        const d = tdims[j];
        const v = coords[o + d];
        if (v < lo[base + d]) lo[base + d] = v;
        if (v > hi[base + d]) hi[base + d] = v;
      }
      weight += weights[i];
    }
    this.nodeWeight[node] = weight;
  }

  /** Swaps the points at positions i and j. */
  private swap(i: number, j: number): void {
    const { coords, weights, pointAt } = this;
    for (let d = 0, io = i * this.dims, jo = j * this.dims; d < this.dims; d++) {
      const c = coords[io + d];
      coords[io + d] = coords[jo + d];
      coords[jo + d] = c;
    }
    const w = weights[i];
    weights[i] = weights[j];
    weights[j] = w;
    const p = pointAt[i];
    pointAt[i] = pointAt[j];
    pointAt[j] = p;
  }

  /**
   * Builds tree t over positions [s, e): split the widest dimension at the middle of the box (a
   * mismatch dimension counts as 1 wide) until a node is within eps and small, or a single point.
   * Partitioning fills the children's boxes in the same pass.
   */
  private buildTree(t: number, s: number, e: number, limit: number, leafSize: number, groups: number[]): void {
    const tdims = this.trees[t].dims;
    const dims = this.dims;
    const root = this.newNode(s, e, tdims);
    this.includeRange(root, s, e, tdims);
    // Work entries: node, and the group node inherited from an ancestor (-1 if none).
    const work: number[] = [root, -1];
    while (work.length > 0) {
      const inherited = work.pop()!;
      const node = work.pop()!;
      const ns = this.start[node];
      const ne = this.end[node];
      const withinEps = this.boxBox(node, node, tdims, limit, true) <= limit;
      let group = inherited;
      if (group < 0 && withinEps) {
        group = node;
        this.isGroup[node] = 1;
        groups.push(node);
      }
      if (ne - ns === 1 || (withinEps && ne - ns <= leafSize)) {
        for (let i = ns; i < ne; i++) {
          this.groupOf[i] = group;
          this.treeOf[i] = t;
        }
        continue;
      }
      const base = node * dims;
      let splitDim = -1;
      let widest = -1;
      for (let j = 0; j < tdims.length; j++) {
        const d = tdims[j];
        const extent = this.hi[base + d] - this.lo[base + d];
        const width = this.kinds[d] === ABS ? extent : extent > 0 ? 1 : 0;
        if (width > widest) {
          widest = width;
          splitDim = d;
        }
      }
      const low = this.lo[base + splitDim];
      const high = this.hi[base + splitDim];
      let cut = low + (high - low) / 2;
      if (!(cut > low)) cut = high;
      const l = this.newNode(ns, ns, tdims);
      const r = this.newNode(ns, ne, tdims);
      // Hoare partition: swap only pairs on the wrong sides.
      const coords = this.coords;
      let i = ns;
      let j = ne - 1;
      for (;;) {
        while (i <= j && coords[i * dims + splitDim] < cut) i++;
        while (i <= j && !(coords[j * dims + splitDim] < cut)) j--;
        if (i >= j) break;
        this.swap(i, j);
        i++;
        j--;
      }
      this.includeRange(l, ns, i, tdims);
      this.includeRange(r, i, ne, tdims);
      this.end[l] = i;
      this.start[r] = i;
      this.left[node] = l;
      this.right[node] = r;
      work.push(r, group, l, group);
    }
  }

  /** The tree whose positions contain node `node`. */
  treeOfNode(node: number): number {
    return this.treeOf[this.start[node]];
  }

  // ---- bounds and sums; each returns early (with a value above `limit`) once the sum exceeds it ----

  /**
   * Bound of the sum between the point at `qo` in `qc` and any point in `node`: the lower bound, or
   * with `upper` the upper bound. (One loop for both: the flag costs less than a second copy.)
   */
  pointBox(qc: Float64Array, qo: number, node: number, dims: Int32Array, limit: number, upper: boolean): number {
    const { lo, hi, kinds, l2 } = this;
    const base = node * this.dims;
    let sum = 0;
    for (let j = 0; j < dims.length; j++) {
      const d = dims[j];
      const q = qc[qo + d];
      const l = lo[base + d];
      const h = hi[base + d];
      let g: number;
      if (kinds[d] === ABS) g = upper ? Math.max(q - l, h - q) : q < l ? l - q : q > h ? q - h : 0;
      else if (upper) g = l === h && q === l ? 0 : 1;
      else g = q < l || q > h ? 1 : 0;
      sum += l2 ? g * g : g;
      if (sum > limit) return sum;
    }
    return sum;
  }

  /** Bound (lower, or with `upper` upper) of the sum between any point of node `a` and any of node `b`. */
  boxBox(a: number, b: number, dims: Int32Array, limit: number, upper: boolean): number {
    const { lo, hi, kinds, l2 } = this;
    const ba = a * this.dims;
    const bb = b * this.dims;
    let sum = 0;
    for (let j = 0; j < dims.length; j++) {
      const d = dims[j];
      const la = lo[ba + d];
      const ha = hi[ba + d];
      const lb = lo[bb + d];
      const hb = hi[bb + d];
      let g: number;
      if (kinds[d] === ABS) g = upper ? Math.max(hb - la, ha - lb) : lb > ha ? lb - ha : la > hb ? la - hb : 0;
      else if (upper) g = la === ha && lb === hb && la === lb ? 0 : 1;
      else g = lb > ha || la > hb ? 1 : 0;
      sum += l2 ? g * g : g;
      if (sum > limit) return sum;
    }
    return sum;
  }

  /** The sum between the point at `qo` in `qc` and the point at position `pos`. */
  pointSum(qc: Float64Array, qo: number, pos: number, dims: Int32Array, limit: number): number {
    const { coords, kinds, l2 } = this;
    const base = pos * this.dims;
    let sum = 0;
    for (let j = 0; j < dims.length; j++) {
      const d = dims[j];
      const x = qc[qo + d];
      const y = coords[base + d];
      let g: number;
      if (kinds[d] === ABS) g = x > y ? x - y : y - x;
      else g = x === y ? 0 : 1;
      sum += l2 ? g * g : g;
      if (sum > limit) return sum;
    }
    return sum;
  }

  private pair(a: number, b: number): number {
    return a * this.trees.length + b;
  }

  /** Whether points of trees a and b can be neighbours at all (they share a dimension, or a === b). */
  private reachable(a: number, b: number): boolean {
    return a === b || this.pairDims[this.pair(a, b)].length > 0;
  }

  // ---- queries ----

  /** Pushes both children on the query stack, `l` on top (popped first) if `leftFirst`; returns the new top. */
  private pushChildren(top: number, l: number, r: number, leftFirst: boolean): number {
    this.stack[top++] = leftFirst ? r : l;
    this.stack[top++] = leftFirst ? l : r;
    return top;
  }

  /**
   * Total weight within eps of the point at position `pos` (itself included), stopping as soon as it
   * reaches `enough`.
   */
  weightWithin(pos: number, enough: number): number {
    const stack = this.stack;
    const qc = this.coords;
    const qo = pos * this.dims;
    const a = this.treeOf[pos];
    let total = 0;
    for (const { root, dims, limit } of this.reach[a]) {
      if (this.pointBox(qc, qo, root, dims, limit, false) > limit) continue;
      let top = 0;
      stack[top++] = root;
      while (top > 0) {
        const node = stack[--top];
        if (this.pointBox(qc, qo, node, dims, limit, true) <= limit) {
          total += this.nodeWeight[node];
          if (total >= enough) return total;
          continue;
        }
        const l = this.left[node];
        if (l < 0) {
          for (let i = this.start[node]; i < this.end[node]; i++) {
            if (this.pointSum(qc, qo, i, dims, limit) <= limit) total += this.weights[i];
          }
          if (total >= enough) return total;
          continue;
        }
        const r = this.right[node];
        const dl = this.pointBox(qc, qo, l, dims, limit, false);
        const dr = this.pointBox(qc, qo, r, dims, limit, false);
        // Nearer child on top, so that dense surroundings are counted first and the count stops early.
        if (dl <= dr) {
          if (dr <= limit) stack[top++] = r;
          if (dl <= limit) stack[top++] = l;
        } else {
          if (dl <= limit) stack[top++] = l;
          if (dr <= limit) stack[top++] = r;
        }
      }
    }
    return total;
  }

  /**
   * Bounds on the weight within eps that any point of group `g` has: `lower` counts nodes within eps of
   * every point of g, `upper` adds those within eps of some point. Stops once `lower` reaches `enough`.
   * Returns [lower, upper].
   */
  groupWeightBounds(g: number, enough: number): [number, number] {
    const stack = this.stack;
    const a = this.treeOfNode(g);
    let lower = 0;
    let upper = 0;
    for (const { root, dims, limit } of this.reach[a]) {
      let top = 0;
      stack[top++] = root;
      while (top > 0) {
        const node = stack[--top];
        if (this.boxBox(g, node, dims, limit, false) > limit) continue;
        if (this.boxBox(g, node, dims, limit, true) <= limit) {
          lower += this.nodeWeight[node];
          upper += this.nodeWeight[node];
          if (lower >= enough) return [lower, upper];
        } else if (this.left[node] < 0) {
          upper += this.nodeWeight[node];
        } else {
          stack[top++] = this.right[node];
          stack[top++] = this.left[node];
        }
      }
    }
    return [lower, upper];
  }

  /**
   * Calls `visit(h)` for every group h (other than g) that may hold a point within eps of a point of
   * group g, skipping subtrees where `keep(node)` is false.
   */
  forEachNearGroup(g: number, keep: (node: number) => boolean, visit: (h: number) => void): void {
    const stack = this.stack;
    const a = this.treeOfNode(g);
    for (const { root, dims, limit } of this.reach[a]) {
      let top = 0;
      stack[top++] = root;
      while (top > 0) {
        const node = stack[--top];
        if (!keep(node) || this.boxBox(g, node, dims, limit, false) > limit) continue;
        if (this.isGroup[node]) {
          if (node !== g) visit(node);
        } else {
          stack[top++] = this.right[node];
          stack[top++] = this.left[node];
        }
      }
    }
  }

  /**
   * Whether some position i under node `a` and some position j under node `b` with
   * `selected[i] && selected[j]` lie within eps; `count[node]` is the number of selected positions
   * under each node. A dual-tree walk: whole node pairs are accepted or rejected by their boxes.
   */
  anyPairWithin(a: number, b: number, selected: Uint8Array, count: Float64Array): boolean {
    const ta = this.treeOfNode(a);
    const tb = this.treeOfNode(b);
    if (!this.reachable(ta, tb)) return false;
    const dims = this.pairDims[this.pair(ta, tb)];
    const limit = this.pairLimit[this.pair(ta, tb)];
    const stack = this.pairStack;
    let top = 0;
    stack[top++] = a;
    stack[top++] = b;
    while (top > 0) {
      const y = stack[--top];
      const x = stack[--top];
      if (count[x] === 0 || count[y] === 0) continue;
      if (this.boxBox(x, y, dims, limit, false) > limit) continue;
      if (this.boxBox(x, y, dims, limit, true) <= limit) return true;
      const xLeaf = this.left[x] < 0;
      const yLeaf = this.left[y] < 0;
      if (xLeaf && yLeaf) {
        for (let i = this.start[x]; i < this.end[x]; i++) {
          if (!selected[i]) continue;
          const io = i * this.dims;
          if (this.pointBox(this.coords, io, y, dims, limit, false) > limit) continue;
          for (let j = this.start[y]; j < this.end[y]; j++) {
            if (selected[j] && this.pointSum(this.coords, io, j, dims, limit) <= limit) return true;
          }
        }
        continue;
      }
      // Split the node with more points (a leaf cannot be split).
      const splitX = yLeaf || (!xLeaf && this.end[x] - this.start[x] >= this.end[y] - this.start[y]);
      if (splitX) {
        stack[top++] = this.right[x];
        stack[top++] = y;
        stack[top++] = this.left[x];
        stack[top++] = y;
      } else {
        stack[top++] = x;
        stack[top++] = this.right[y];
        stack[top++] = x;
        stack[top++] = this.left[y];
      }
    }
    return false;
  }

  /**
   * The smallest `value[j]` over positions j within eps of the point at `qo` in `qc`, a point of
   * pattern `tree`, if it is below `best`; else `best`.
   * `nodeMin[node]` is the smallest value under each node (Infinity where none counts).
   */
  smallestWithin(
    qc: Float64Array,
    qo: number,
    tree: number,
    value: Float64Array,
    nodeMin: Float64Array,
    best: number,
  ): number {
    const stack = this.stack;
    for (const { root, dims, limit } of this.reach[tree]) {
      let top = 0;
      stack[top++] = root;
      while (top > 0) {
        const node = stack[--top];
        if (nodeMin[node] >= best || this.pointBox(qc, qo, node, dims, limit, false) > limit) continue;
        if (this.pointBox(qc, qo, node, dims, limit, true) <= limit) {
          best = nodeMin[node];
          continue;
        }
        const l = this.left[node];
        if (l < 0) {
          for (let i = this.start[node]; i < this.end[node]; i++) {
            if (value[i] < best && this.pointSum(qc, qo, i, dims, limit) <= limit) best = value[i];
          }
          continue;
        }
        const r = this.right[node];
        // Smaller minimum on top: it may settle `best` and prune the other.
        top = this.pushChildren(top, l, r, nodeMin[l] <= nodeMin[r]);
      }
    }
    return best;
  }

  /**
   * The position nearest to the point at `qo` in `qc` (NaN where missing) within `factor` × eps, or -1, with
   * the distance to it (in the metric's units; Infinity when none is within reach). Ties go to the smaller
   * `tieBreak[i]`. Distances compare as the metric's distance (squared for Euclidean), Gower sums divided by
   * their shared dimension count. A query sharing no dimension with a pattern has no distance to its points,
   * except that an all-missing query is the all-missing point itself. Factor 1 is DBSCAN's predict; larger
   * factors tell how far noise lies from the clusters (graded outliers).
   */
  nearest(qc: Float64Array, qo: number, tieBreak: Int32Array, factor: number): { position: number; distance: number } {
    const { stack, stackBound } = this;
    let bestPos = -1;
    let bestDist = Infinity;
    // Sums compare against eps·|S| (Gower), eps (Manhattan) or eps² (Euclidean), so the radius scales alike.
    const grow = this.l2 ? factor * factor : factor;
    for (const plan of this.queryPlan(qc, qo)) {
      const { root, dims, scale } = plan;
      const limit = plan.limit * grow;
      if (dims.length === 0) {
        // Only the all-missing point, for an all-missing query.
        const pos = this.start[root];
        if (0 < bestDist || tieBreak[pos] < tieBreak[bestPos]) {
          bestDist = 0;
          bestPos = pos;
        }
        continue;
      }
      // Each node's lower bound is computed once, when its parent is opened, and kept beside it on the stack:
      // a node is skipped when the best found since has moved below its bound.
      let top = 0;
      stack[top] = root;
      stackBound[top++] = this.pointBox(qc, qo, root, dims, limit, false);
      while (top > 0) {
        const node = stack[--top];
        // Within eps and no farther than the best so far (equal kept for the tie-break).
        const bound = Math.min(limit, bestDist / scale);
        if (stackBound[top] > bound) continue;
        const l = this.left[node];
        if (l < 0) {
          for (let i = this.start[node]; i < this.end[node]; i++) {
            const sum = this.pointSum(qc, qo, i, dims, limit);
            if (sum > limit) continue;
            const dist = sum * scale;
            if (dist < bestDist || (dist === bestDist && tieBreak[i] < tieBreak[bestPos])) {
              bestDist = dist;
              bestPos = i;
            }
          }
          continue;
        }
        const r = this.right[node];
        const lb = this.pointBox(qc, qo, l, dims, bound, false);
        const rb = this.pointBox(qc, qo, r, dims, bound, false);
        // The nearer child on top, popped first: it may lower the best and prune the other.
        const leftNearer = lb <= rb;
        const farBound = leftNearer ? rb : lb;
        const nearBound = leftNearer ? lb : rb;
        if (farBound <= bound) {
          stack[top] = leftNearer ? r : l;
          stackBound[top++] = farBound;
        }
        if (nearBound <= bound) {
          stack[top] = leftNearer ? l : r;
          stackBound[top++] = nearBound;
        }
      }
    }
    return { position: bestPos, distance: this.l2 ? Math.sqrt(bestDist) : bestDist };
  }

  /** Per tree a query of this missingness pattern can reach: shared dimensions, limit and scale (cached per pattern). */
  private queryPlan(qc: Float64Array, qo: number): { root: number; dims: Int32Array; limit: number; scale: number }[] {
    // The pattern as a key: the sum of 2^d over missing dimensions (exact in a double up to 53 of them).
    let bits = 0;
    let beyond = '';
    let present = 0;
    for (let d = 0; d < this.dims; d++) {
      if (qc[qo + d] === qc[qo + d]) present++;
      else if (d < 53) bits += 2 ** d;
      else beyond += `,${d}`;
    }
    const key = beyond === '' ? bits : `${bits}${beyond}`;
    let plan = this.plans.get(key);
    if (!plan) {
      plan = [];
      const allMissing = present === 0 && this.dims > 0;
      for (const tree of this.trees) {
        const shared = Int32Array.from(tree.dims).filter((d) => qc[qo + d] === qc[qo + d]);
        const selfOnly = allMissing && tree.dims.length === 0;
        if (shared.length === 0 && !selfOnly) continue;
        plan.push({
          root: tree.root,
          dims: shared,
          limit: this.gower ? this.eps * shared.length : this.l2 ? this.eps * this.eps : this.eps,
          scale: this.gower && shared.length > 0 ? 1 / shared.length : 1,
        });
      }
      this.plans.set(key, plan);
    }
    return plan;
  }

  /** Per node, the sum of `value[i]` over its positions (with 0/1 flags: how many are set). */
  sumPerNode(value: ArrayLike<number>): Float64Array {
    return this.perNode(value, 0, (x, y) => x + y);
  }

  /** Per node, the smallest `value[i]` over its positions (Infinity if none is finite). */
  minPerNode(value: ArrayLike<number>): Float64Array {
    return this.perNode(value, Infinity, Math.min);
  }

  private perNode(value: ArrayLike<number>, empty: number, combine: (x: number, y: number) => number): Float64Array {
    const out = new Float64Array(this.nodeCount);
    // Children have larger ids than their parent, so one backward pass sees them first.
    for (let node = this.nodeCount - 1; node >= 0; node--) {
      const l = this.left[node];
      if (l >= 0) {
        out[node] = combine(out[l], out[this.right[node]]);
      } else {
        let acc = empty;
        for (let i = this.start[node]; i < this.end[node]; i++) acc = combine(acc, value[i]);
        out[node] = acc;
      }
    }
    return out;
  }
}
