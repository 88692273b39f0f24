/**
 * Canary paths: URLs no legitimate visitor knows (an unadvertised form, a bogus admin folder, a link hidden in
 * an HTML comment or robots.txt), so a session that requests one alerts HIGH whatever the model says.
 *
 * A pattern with `*` or `?` is a glob over the whole path (`*` any run of characters, `/` included; `?` one
 * character). A pattern without them matches that path and everything below it: `/admin` matches `/admin`
 * and `/admin/users`, not `/administrator` (write `/admin*` for that). Query strings are ignored.
 */
import { ZeekseqError } from '../util/errors.js';

function globRegExp(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

export class CanaryPaths {
  readonly patterns: readonly string[];
  private readonly matchers: Array<{ pattern: string; test: (path: string) => boolean }>;

  constructor(patterns: readonly string[]) {
    this.patterns = [...patterns];
    this.matchers = patterns.map((pattern) => {
      if (pattern.trim() === '' || /\s/.test(pattern)) {
        throw new ZeekseqError(
          `canary: pattern ${JSON.stringify(pattern)} is empty or holds blanks; pass paths such as /admin or globs such as /wp-*.php.`,
        );
      }
      if (/[*?]/.test(pattern)) {
        const re = globRegExp(pattern);
        return { pattern, test: (path: string) => re.test(path) };
      }
      const prefix = pattern.endsWith('/') ? pattern : `${pattern}/`;
      return { pattern, test: (path: string) => path === pattern || path.startsWith(prefix) };
    });
  }

  /** The first pattern the request target's path matches, or null. */
  match(target: string | null): string | null {
    if (target === null) return null;
    const cut = target.search(/[?#]/);
    const path = cut < 0 ? target : target.slice(0, cut);
    for (const matcher of this.matchers) if (matcher.test(path)) return matcher.pattern;
    return null;
  }

  /** The patterns a session's requests hit, each once, in order of first hit. */
  hits(records: ReadonlyArray<{ target: string | null }>): string[] {
    return [...new Set(records.map((r) => this.match(r.target)).filter((p): p is string => p !== null))];
  }
}
