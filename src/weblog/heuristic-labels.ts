/**
 * Heuristic labels for a site's own clients, so that a detector's ranking of them can be measured where no
 * ground truth exists. They are a stated rule, not the truth: docs/results.md ("The site's own traffic", under
 * Web access logs) gives the rule, what it labels on the shared logs, and what it gets wrong.
 *
 * A client is an address. Its label is the first that applies:
 * 1. `probing` — at least one probe request (`probeKind`): a path that asks for secrets or backups whatever
 *    the answer, or an admin panel, login page or known-vulnerable component the site answered 4xx (does not
 *    serve: on a site without WordPress, `/wp-login.php` is a probe; on a WordPress site it is a login).
 * 2. `crawler` — a user agent that declares a robot (bot, crawl, spider, slurp, archiv, feed, fetch, rss, or a
 *    `+http` contact URL, the robots' convention) or a request for /robots.txt. A crawler's burst of 404s is
 *    dead links it follows, not a probe: it stays a crawler, its burst recorded.
 * 3. `404-burst` — `burstCount` or more distinct paths answered 404 or 410 within `burstWindow` seconds.
 *    Distinct paths: a browser that asks three times for one missing font is not probing.
 * 4. `ordinary` — the rest.
 * `probing` and `404-burst` are the suspicious labels (`isSuspicious`).
 *
 * Every check splits and compares strings or runs expressions without nested repetition, so hostile input
 * (control bytes, multi-megabyte paths and user agents, garbage request lines) costs linear time.
 */
import { ZeekseqError } from '../util/errors.js';
import type { AccessRecord } from './parse.js';
import { decodedPath, isBackupName, wordSet as set } from './path-kind.js';

export type ClientLabel = 'probing' | '404-burst' | 'crawler' | 'ordinary';
export const CLIENT_LABELS: readonly ClientLabel[] = ['probing', '404-burst', 'crawler', 'ordinary'];

/** Why a request is a probe: secret files, backups, or admin/login/vulnerable paths the site does not serve. */
export type ProbeKind = 'secret' | 'backup' | 'admin';

/** Distinct paths answered 404/410 within the window that make a burst. */
export const DEFAULT_BURST_COUNT = 5;
/** Seconds of the burst window (10 minutes). */
export const DEFAULT_BURST_WINDOW = 600;
/** The statuses a burst counts: not found, gone. */
export const BURST_STATUSES: readonly number[] = [404, 410];

export interface HeuristicLabelOptions {
  /** Distinct missing paths within the window that make a 404 burst (default DEFAULT_BURST_COUNT). */
  burstCount?: number;
  /** Seconds of the window (default DEFAULT_BURST_WINDOW). */
  burstWindow?: number;
}

export type ResolvedHeuristicLabelOptions = Required<HeuristicLabelOptions>;

export function resolveHeuristicLabelOptions(options: HeuristicLabelOptions = {}): ResolvedHeuristicLabelOptions {
  const resolved = {
    burstCount: options.burstCount ?? DEFAULT_BURST_COUNT,
    burstWindow: options.burstWindow ?? DEFAULT_BURST_WINDOW,
  };
  if (!Number.isInteger(resolved.burstCount) || resolved.burstCount < 1) {
    throw new ZeekseqError(
      `heuristic labels: the burst count must be a whole number >= 1, got ${resolved.burstCount}; pass e.g. --burst-count 5.`,
    );
  }
  if (!(resolved.burstWindow > 0) || !Number.isFinite(resolved.burstWindow)) {
    throw new ZeekseqError(
      `heuristic labels: the burst window must be a number of seconds > 0, got ${resolved.burstWindow}; pass e.g. --burst-window 10m.`,
    );
  }
  return resolved;
}

export interface ClientHeuristic {
  client: string;
  label: ClientLabel;
  requests: number;
  /** Requests that are probes. */
  probes: number;
  /** The first probe in time: its kind and decoded path. */
  firstProbe: { kind: ProbeKind; path: string } | null;
  /** Most distinct paths answered 404/410 within one window. */
  burst: number;
  /** Why the client counts as a crawler (whatever its label), or null. */
  crawler: 'user-agent' | 'robots.txt' | null;
}

/** Files that hold secrets, whatever the status (a 200 is a leak). Dot-segments (`/.env`, `/.git/`) are secrets too. */
const SECRET_NAMES = set('web.config id_rsa id_dsa id_ecdsa id_ed25519 credentials');
/** Secrets only under /etc/ (a blog post may be called `passwd`). */
const ETC_SECRETS = set('passwd shadow');
/** Archive names a backup of the whole site goes by (`backup.zip`, `www.tar.gz`). */
const BACKUP_STEMS = set('backup backups site www wwwroot web htdocs public_html html db database dump data');
const ARCHIVES = set('zip tar gz tgz bz2 xz 7z rar');
/**
 * Path segments of admin panels, logins and often-exploited components; probes when the site answered 4xx.
 * Compared with whole segments, so `/blog/tags/sysadmin` is no admin path.
 */
const ADMIN_SEGMENTS = set(
  'admin admin.php administrator adminer adminer.php admin.asp admin.aspx login.php wp-admin wp-login.php ' +
    'wp-includes wp-content xmlrpc.php wordpress phpmyadmin pma myadmin mysqladmin sqladmin dbadmin ' +
    'cgi-bin fckeditor ckfinder ckeditor filemanager kcfinder jmx-console hnap1 boaform phpunit eval-stdin.php ' +
    'shell.php cmd.php setup.php install.php config.php configuration.php config.inc.php phpinfo.php',
);

/** A backup or dump by path-kind.ts's extensions, or an archive of the whole site (`backup.zip`, `www.tar.gz`). */
function isBackupProbe(name: string): boolean {
  if (isBackupName(name)) return true;
  const parts = name.split('.');
  return parts.length > 1 && ARCHIVES.has(parts[parts.length - 1]) && BACKUP_STEMS.has(parts[0]);
}

/** Why a request is a probe, or null: see the module comment. */
export function probeKind(target: string | null, status: number): ProbeKind | null {
  if (target === null || !target.startsWith('/')) return null;
  const segments = decodedPath(target).split('/');
  const name = segments[segments.length - 1];
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    if (segment.startsWith('.') && segment !== '.' && segment !== '.well-known') return 'secret';
    if (SECRET_NAMES.has(segment) || segment.startsWith('wp-config')) return 'secret';
    if (ETC_SECRETS.has(segment) && segments[i - 1] === 'etc') return 'secret';
  }
  if (isBackupProbe(name)) return 'backup';
  if (status >= 400 && status <= 499) {
    for (const segment of segments) if (ADMIN_SEGMENTS.has(segment) || segment.startsWith('phpmyadmin')) return 'admin';
  }
  return null;
}

/** A user agent that says it is a robot. No nested repetition: linear in the agent's length. */
const ROBOT_AGENT = /bot|crawl|spider|slurp|archiv|feed|fetch|rss|\+https?:/i;

/** Whether a user agent declares a robot. */
export function isRobotAgent(userAgent: string | null): boolean {
  return userAgent !== null && ROBOT_AGENT.test(userAgent);
}

/** Characters of a probe's path kept in the labels (a hostile path may be megabytes). */
export const PROBE_PATH_SHOWN = 200;

const shortened = (path: string): string =>
  path.length > PROBE_PATH_SHOWN ? `${path.slice(0, PROBE_PATH_SHOWN)}…` : path;

/** Most distinct paths among the times and paths of 404/410 answers (time order) within any window. */
function largestBurst(misses: ReadonlyArray<{ time: number; path: string }>, window: number): number {
  const inWindow = new Map<string, number>();
  let best = 0;
  let start = 0;
  for (const miss of misses) {
    inWindow.set(miss.path, (inWindow.get(miss.path) ?? 0) + 1);
    while (miss.time - misses[start].time >= window) {
      const path = misses[start].path;
      const n = (inWindow.get(path) ?? 1) - 1;
      if (n === 0) inWindow.delete(path);
      else inWindow.set(path, n);
      start++;
    }
    best = Math.max(best, inWindow.size);
  }
  return best;
}

/** Labels every client address of the records (see the module comment). */
export function labelClients(
  records: readonly AccessRecord[],
  options: HeuristicLabelOptions = {},
): Map<string, ClientHeuristic> {
  const { burstCount, burstWindow } = resolveHeuristicLabelOptions(options);
  const byClient = new Map<string, AccessRecord[]>();
  for (const record of records) {
    let list = byClient.get(record.client);
    if (!list) {
      list = [];
      byClient.set(record.client, list);
    }
    list.push(record);
  }
  const labels = new Map<string, ClientHeuristic>();
  for (const [client, list] of byClient) {
    // Stable: requests logged in the same second keep their file order.
    const ordered = [...list].sort((a, b) => a.time - b.time);
    let probes = 0;
    let firstProbe: ClientHeuristic['firstProbe'] = null;
    let agent = false;
    let robots = false;
    const misses: Array<{ time: number; path: string }> = [];
    for (const record of ordered) {
      const kind = probeKind(record.target, record.status);
      if (kind !== null) {
        probes++;
        firstProbe ??= { kind, path: shortened(decodedPath(record.target ?? '')) };
      }
      agent ||= isRobotAgent(record.userAgent);
      if (record.target?.startsWith('/')) {
        const path = decodedPath(record.target);
        robots ||= path === '/robots.txt';
        if (BURST_STATUSES.includes(record.status) && Number.isFinite(record.time))
          misses.push({ time: record.time, path });
      }
    }
    const burst = largestBurst(misses, burstWindow);
    const crawler = agent ? 'user-agent' : robots ? 'robots.txt' : null;
    const label: ClientLabel =
      probes > 0 ? 'probing' : crawler !== null ? 'crawler' : burst >= burstCount ? '404-burst' : 'ordinary';
    labels.set(client, { client, label, requests: list.length, probes, firstProbe, burst, crawler });
  }
  return labels;
}

/** The labels that count as what a detector should rank first. */
export function isSuspicious(label: ClientLabel): boolean {
  return label === 'probing' || label === '404-burst';
}
