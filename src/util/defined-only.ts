/** The entries whose value is set, so that `{ ...defaults, ...definedOnly(given) }` keeps the defaults. */
export function definedOnly<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<T>;
}
