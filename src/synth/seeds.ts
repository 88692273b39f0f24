/**
 * Independent random streams from one seed. Each host, day and behaviour draws from its own
 * stream, so adding an attack or another behaviour does not reshuffle everyone else's traffic.
 */

/** murmur3's 32-bit finaliser: a bijection on 32-bit integers that scatters nearby inputs. */
export function mix32(x: number): number {
  let h = x >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A seed for the stream named by `parts` (small integers: day, host, behaviour, ...). */
export function deriveSeed(seed: number, ...parts: number[]): number {
  let h = mix32(Math.trunc(seed) ^ 0x9e3779b9);
  for (const part of parts) h = mix32(h ^ mix32(part + 0x632be5ab));
  return h;
}

/** A stable number for a name, to derive streams and values from names (sites, hosts). */
export function hashName(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return mix32(h);
}
