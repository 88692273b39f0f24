import { describe, expect, it } from 'vitest';
import type { table } from 'arquero';
import { customFeatureCode, registerCustomFeature } from '../../src/cleaners/custom.js';

describe('custom feature registry', () => {
  const code = {
    id: 'test:custom-registry',
    kind: 'numeric' as const,
    source: ['a'],
    transform: (t: ReturnType<typeof table>) => t.array('a') as Float64Array,
  };

  it('returns registered code by id, and the latest registration wins', () => {
    registerCustomFeature(code);
    expect(customFeatureCode(code.id, 'here')).toBe(code);
    const replacement = { ...code, source: ['b'] };
    registerCustomFeature(replacement);
    expect(customFeatureCode(code.id, 'here')).toBe(replacement);
  });

  it('names the feature that needs unregistered code and says what to import', () => {
    expect(() => customFeatureCode('test:nowhere', 'dns cleaner feature odd')).toThrow(
      /dns cleaner feature odd uses custom feature code "test:nowhere", which is not registered \(registered: .*test:custom-registry.*\); import the module that calls registerCustomFeature/,
    );
  });

  it('rejects code without an id, a kind, a source list or a transform', () => {
    expect(() => registerCustomFeature({ ...code, id: '' })).toThrow(/needs a non-empty id/);
    expect(() => registerCustomFeature({ ...code, kind: 'text' as never })).toThrow(
      /kind must be numeric, boolean or categorical/,
    );
    expect(() => registerCustomFeature({ ...code, source: [''] })).toThrow(/source must list the log columns/);
    expect(() => registerCustomFeature({ ...code, transform: undefined as never })).toThrow(
      /transform\(table, state\) is required/,
    );
  });
});
