/**
 * What kind of thing a request target asks for, from the shape of its path alone: a page, a static asset, a
 * feed, a script, a download, a backup or config file, a hidden file... A token can carry the kind instead of
 * the path (`--tokens kind`), so that a model sees "a backup file this site answered 404" rather than one more
 * path it never saw, which every unseen blog post also is.
 *
 * Kinds come from extensions and dot-segments, not from lists of attack paths: the heuristic labels of
 * heuristic-labels.ts name paths (wp-login.php, phpmyadmin); a kind only says what shape of file was asked for.
 * Backup, config and hidden kinds do overlap with what those labels look for (docs/results.md says so).
 *
 * Paths are percent-decoded (a malformed escape leaves the path as it was) and lowercased first, and only
 * split and compared, never matched by a backtracking expression, so a multi-megabyte path costs linear time.
 */

export type PathKind =
  | 'page'
  | 'static'
  | 'feed'
  | 'meta'
  | 'script'
  | 'download'
  | 'backup'
  | 'config'
  | 'hidden'
  | 'proxy'
  | 'other';

export const PATH_KINDS: readonly PathKind[] = [
  'page',
  'static',
  'feed',
  'meta',
  'script',
  'download',
  'backup',
  'config',
  'hidden',
  'proxy',
  'other',
];

/** A set of the space-separated words. */
export const wordSet = (words: string): ReadonlySet<string> => new Set(words.split(' '));
const set = wordSet;

const PAGE = set('html htm shtml xhtml txt md');
const STATIC = set(
  'css js mjs map png jpg jpeg gif ico svg webp bmp tif tiff woff woff2 ttf eot otf mp4 webm mp3 ogg wav swf',
);
const FEED = set('xml rss atom rdf');
const META = set('robots.txt humans.txt security.txt crossdomain.xml clientaccesspolicy.xml');
const SCRIPT = set('php php3 php4 php5 php7 phtml asp aspx ashx asmx jsp jspx cgi pl py rb sh cfm do action exe dll');
const DOWNLOAD = set('zip tar gz tgz bz2 xz 7z rar jar war deb rpm dmg iso pdf ps doc docx xls xlsx ppt pptx odt');
/** Backup and database-dump extensions. */
const BACKUP = set('bak backup old orig save sav swp swo sql dump mdb sqlite sqlite3');
const CONFIG = set('ini conf cfg config env yml yaml toml properties inc');
/** A backup extension may be followed by one of these: `db.sql.gz`, `index.php.bak.zip`. */
const COMPRESSED = set('gz zip bz2 xz 7z tgz');

/**
 * Whether a file name (a path's last segment, decoded) is a backup or a dump: a backup extension, maybe
 * compressed after it (`db.sql.gz`), or a name ending in `~` (an editor's backup copy).
 */
export function isBackupName(name: string): boolean {
  if (name.length > 1 && name.endsWith('~')) return true;
  const parts = name.split('.');
  if (parts.length < 2) return false;
  const last = parts[parts.length - 1];
  return BACKUP.has(last) || (parts.length > 2 && COMPRESSED.has(last) && BACKUP.has(parts[parts.length - 2]));
}

/** The path of a request target (query and fragment dropped), percent-decoded where that is valid, lowercased. */
export function decodedPath(target: string): string {
  const cut = target.search(/[?#]/);
  const path = cut < 0 ? target : target.slice(0, cut);
  let decoded = path;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    // A malformed escape (`%zz`) is read as written.
  }
  // Windows servers read `\` as `/`, and probes use it to slip past filters.
  return decoded.replaceAll('\\', '/').toLowerCase();
}

/** The kind of an already decoded path's last segment, by its extensions. */
function kindOfName(name: string): PathKind | null {
  if (name === '') return 'page';
  if (META.has(name) || (name.startsWith('sitemap') && name.endsWith('.xml'))) return 'meta';
  if (isBackupName(name)) return 'backup';
  const parts = name.split('.');
  if (parts.length === 1) return 'page';
  const last = parts[parts.length - 1];
  if (CONFIG.has(last)) return 'config';
  if (SCRIPT.has(last)) return 'script';
  if (STATIC.has(last)) return 'static';
  if (FEED.has(last)) return 'feed';
  if (PAGE.has(last)) return 'page';
  if (DOWNLOAD.has(last)) return 'download';
  return null;
}

/** The kind of a request target (`/blog/post.html`, `/.env`, `http://other.host/x`). */
export function pathKind(target: string): PathKind {
  const lower = target.slice(0, 8).toLowerCase();
  if (lower.startsWith('http://') || lower.startsWith('https://')) return 'proxy';
  if (!target.startsWith('/')) return 'other';
  const segments = decodedPath(target).split('/');
  for (const segment of segments) {
    if (segment.startsWith('.') && segment !== '.' && segment !== '.well-known') return 'hidden';
  }
  return kindOfName(segments[segments.length - 1]) ?? 'other';
}
