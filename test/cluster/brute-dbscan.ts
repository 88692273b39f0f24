/**
 * scikit-learn's DBSCAN written out plainly over a full distance matrix, as the reference the fast
 * implementation is tested against: neighbourhoods include the point itself and distance <= eps;
 * core iff the neighbourhood's weight >= minSamples; clusters grow depth-first from each unlabelled
 * core point in row order (sklearn/cluster/_dbscan_inner.pyx).
 */
export function bruteDbscan(
  n: number,
  distance: (i: number, j: number) => number | null,
  eps: number,
  minSamples: number,
  weight: (i: number) => number = () => 1,
): { labels: number[]; core: number[] } {
  const neighbours: number[][] = [];
  const isCore: boolean[] = [];
  for (let i = 0; i < n; i++) {
    const list: number[] = [];
    let total = 0;
    for (let j = 0; j < n; j++) {
      const d = i === j ? 0 : distance(i, j);
      if (d !== null && d <= eps) {
        list.push(j);
        total += weight(j);
      }
    }
    neighbours.push(list);
    isCore.push(total >= minSamples);
  }
  const labels = new Array<number>(n).fill(-1);
  let next = 0;
  for (let i = 0; i < n; i++) {
    if (labels[i] !== -1 || !isCore[i]) continue;
    const stack = [i];
    while (stack.length > 0) {
      const v = stack.pop()!;
      if (labels[v] !== -1) continue;
      labels[v] = next;
      if (isCore[v]) for (const u of neighbours[v]) if (labels[u] === -1) stack.push(u);
    }
    next++;
  }
  return { labels, core: isCore.flatMap((c, i) => (c ? [i] : [])) };
}
