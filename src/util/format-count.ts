/**
 * A whole number with a comma between groups of three digits, as `toLocaleString('en-US')` writes it, without
 * ICU: the first `toLocaleString` in a process loads locale data for about 30 ms, a sixth of what `zeekseq
 * inspect` spends before it reads a byte. Anything but a safe integer is left to `toLocaleString`.
 */
export function formatCount(n: number): string {
  if (!Number.isSafeInteger(n) || Object.is(n, -0)) return n.toLocaleString('en-US');
  const digits = String(Math.abs(n));
  let out = digits.slice(0, digits.length % 3 || 3);
  for (let i = out.length; i < digits.length; i += 3) out += `,${digits.slice(i, i + 3)}`;
  return n < 0 ? `-${out}` : out;
}
