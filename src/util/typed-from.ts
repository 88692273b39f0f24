/**
 * `TypedArray.from(source, map)` as a plain loop. V8 (Node 20) runs `from` with a map function through the
 * iterator protocol, about 170 ns an element against 10–30 ns here (3,000,000 elements), and these maps run once
 * per row of a log.
 */
type TypedArrayOf<T> = T extends new (length: number) => infer A ? A : never;

export function typedFrom<C extends new (length: number) => { [index: number]: number; length: number }, S>(
  Type: C,
  source: ArrayLike<S>,
  map: (value: S, index: number) => number,
): TypedArrayOf<C> {
  const n = source.length;
  const out = new Type(n);
  for (let i = 0; i < n; i++) out[i] = map(source[i], i);
  return out as TypedArrayOf<C>;
}
