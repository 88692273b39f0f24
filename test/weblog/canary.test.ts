import { describe, expect, it } from 'vitest';
import { CanaryPaths } from '../../src/weblog/canary.js';

describe('CanaryPaths', () => {
  const canary = new CanaryPaths(['/admin', '/join_form', '/wp-*.php', '/secret/?.txt']);

  it('matches a plain path and everything below it, not longer names', () => {
    expect(canary.match('/admin')).toBe('/admin');
    expect(canary.match('/admin/users?id=1')).toBe('/admin');
    expect(canary.match('/administrator/index.php')).toBeNull();
    expect(canary.match('/join_form?came_from=x')).toBe('/join_form');
    expect(canary.match('/blog/admin')).toBeNull();
    expect(canary.match(null)).toBeNull();
  });

  it('matches globs over the whole path, * crossing slashes', () => {
    expect(canary.match('/wp-login.php')).toBe('/wp-*.php');
    expect(canary.match('/wp-content/plugins/x/login_wall.php')).toBe('/wp-*.php');
    expect(canary.match('/wp-login.php.bak')).toBeNull();
    expect(canary.match('/secret/a.txt')).toBe('/secret/?.txt');
    expect(canary.match('/secret/ab.txt')).toBeNull();
    expect(new CanaryPaths(['/a.b*']).match('/axb')).toBeNull();
  });

  it('rejects empty patterns and patterns with blanks', () => {
    expect(() => new CanaryPaths([''])).toThrow(/is empty or holds blanks/);
    expect(() => new CanaryPaths(['/a b'])).toThrow(/pass paths such as \/admin/);
  });
});
