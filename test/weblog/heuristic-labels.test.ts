import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_BURST_COUNT,
  DEFAULT_BURST_WINDOW,
  PROBE_PATH_SHOWN,
  isRobotAgent,
  isSuspicious,
  labelClients,
  probeKind,
} from '../../src/weblog/heuristic-labels.js';
import { readAccessLogs } from '../../src/weblog/read-access-log.js';
import { accessLine, req } from './fixtures.js';

const BROWSER = 'Mozilla/5.0 (Windows NT 6.1) Chrome/32.0';

describe('probeKind', () => {
  it('finds secrets and backups whatever the answer', () => {
    const secrets = ['/.env', '/.git/config', '/site/.svn/entries', '/wp-config.php.bak', '/../../etc/passwd'];
    const backups = ['/db.sql', '/dump.sql.gz', '/index.php.old', '/index.php~', '/backup.zip', '/www.tar.gz?x=1'];
    for (const status of [200, 403, 404]) {
      for (const target of [...secrets, '/cgi/%2e%2e/%2e%2e/etc/passwd'])
        expect(probeKind(target, status)).toBe('secret');
      for (const target of backups) expect(probeKind(target, status), target).toBe('backup');
    }
  });

  it('finds admin, login and vulnerable-component paths only when the site did not serve them', () => {
    expect(probeKind('/wp-login.php', 404)).toBe('admin');
    expect(probeKind('/wp-login.php?action=register', 404)).toBe('admin');
    expect(probeKind('/wordpress/wp-admin/', 404)).toBe('admin');
    expect(probeKind('/administrator/index.php', 404)).toBe('admin');
    expect(probeKind('/phpMyAdmin-4.0/', 403)).toBe('admin');
    expect(probeKind('/blog/x.html/admin/FCKeditor/editor/fckeditor.html', 404)).toBe('admin');
    // A site that serves its login page is not probed by asking for it.
    expect(probeKind('/wp-login.php', 200)).toBeNull();
    expect(probeKind('/admin/', 302)).toBeNull();
  });

  it('leaves the pages, downloads and look-alikes of an ordinary site alone', () => {
    for (const target of [
      '/',
      '/robots.txt',
      '/.well-known/security.txt',
      '/blog/tags/sysadmin',
      '/projects/pmbackup/',
      '/scripts/backup/recover',
      '/scripts/python/wrap.backup/main.py',
      '/files/logstash/config.xml',
      '/browserconfig.xml',
      '/files/xdotool/xdotool-2.20101014.3063.tar.gz',
      '/blog/passwd',
      '/~',
      './relative',
    ]) {
      expect(probeKind(target, 404), target).toBeNull();
    }
    expect(probeKind(null, 404)).toBeNull();
    expect(probeKind('http://other.example/.env', 200)).toBeNull();
  });

  it('reads hostile paths in linear time: control bytes, bad escapes, 10 MB segments', () => {
    expect(probeKind('/\u0000\u001b[31m/.env', 200)).toBe('secret');
    expect(probeKind('/%zz/%E0%A4%A/x.bak', 200)).toBe('backup');
    expect(probeKind('/a\\..\\..\\windows\\win.ini', 200)).toBe('secret');
    const huge = 10_000_000;
    const started = performance.now();
    expect(probeKind(`/${'a'.repeat(huge)}`, 404)).toBeNull();
    expect(probeKind(`/${'/.'.repeat(huge / 20)}/x`, 404)).toBeNull();
    expect(probeKind(`/${'%41'.repeat(huge / 3)}.sql`, 404)).toBe('backup');
    expect(probeKind(`/${'x/'.repeat(huge / 20)}wp-login.php`, 404)).toBe('admin');
    expect(performance.now() - started).toBeLessThan(20_000);
  });
});

describe('isRobotAgent', () => {
  it('knows robots by what they call themselves', () => {
    for (const agent of [
      'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
      'Mozilla/5.0 (compatible; Yahoo! Slurp; http://help.yahoo.com/help/us/ysearch/slurp)',
      'UniversalFeedParser/4.2-pre-314-svn +http://feedparser.org/',
      'Tiny Tiny RSS/1.11 (http://tt-rss.org/)',
      'Sogou web spider/4.0',
      'ia_archiver (+http://www.alexa.com/site/help/webmasters; crawler@alexa.com)',
    ]) {
      expect(isRobotAgent(agent), agent).toBe(true);
    }
    expect(isRobotAgent(BROWSER)).toBe(false);
    expect(isRobotAgent('curl/7.22.0')).toBe(false);
    expect(isRobotAgent(null)).toBe(false);
    expect(isRobotAgent(`${'x'.repeat(5_000_000)}bot`)).toBe(true);
  });
});

describe('labelClients', () => {
  const miss = (client: string, time: number, target: string, userAgent = BROWSER) =>
    req(client, time, target, { status: 404, userAgent });

  it('labels probing, crawler, 404-burst and ordinary clients by the first rule that applies', () => {
    const records = [
      req('192.0.2.1', 0, '/'),
      req('192.0.2.1', 5, '/blog/post.html'),
      miss('192.0.2.2', 0, '/wp-login.php'),
      req('192.0.2.3', 0, '/robots.txt', { userAgent: BROWSER }),
      req('192.0.2.3', 1, '/'),
      req('192.0.2.4', 0, '/blog/a', { userAgent: 'Googlebot/2.1' }),
      ...['/a', '/b', '/c', '/d', '/e'].map((t, i) => miss('192.0.2.5', 100 * i, t)),
      // A declared crawler following dead links stays a crawler; a crawler asking for /.env is probing.
      ...['/a', '/b', '/c', '/d', '/e', '/f'].map((t, i) => miss('192.0.2.6', i, t, 'bingbot/2.0')),
      req('192.0.2.7', 0, '/.env', { userAgent: 'Googlebot/2.1' }),
    ];
    const labels = labelClients(records);
    const label = (client: string) => labels.get(client)?.label;
    expect(label('192.0.2.1')).toBe('ordinary');
    expect(label('192.0.2.2')).toBe('probing');
    expect(label('192.0.2.3')).toBe('crawler');
    expect(labels.get('192.0.2.3')?.crawler).toBe('robots.txt');
    expect(label('192.0.2.4')).toBe('crawler');
    expect(labels.get('192.0.2.4')?.crawler).toBe('user-agent');
    expect(label('192.0.2.5')).toBe('404-burst');
    expect(label('192.0.2.6')).toBe('crawler');
    expect(labels.get('192.0.2.6')?.burst).toBe(6);
    expect(label('192.0.2.7')).toBe('probing');
    expect(labels.get('192.0.2.2')).toEqual({
      client: '192.0.2.2',
      label: 'probing',
      requests: 1,
      probes: 1,
      firstProbe: { kind: 'admin', path: '/wp-login.php' },
      burst: 1,
      crawler: null,
    });
    expect([...labels.values()].filter((h) => isSuspicious(h.label)).map((h) => h.client)).toEqual([
      '192.0.2.2',
      '192.0.2.5',
      '192.0.2.7',
    ]);
  });

  it('counts distinct missing paths within the window, its end excluded', () => {
    expect([DEFAULT_BURST_COUNT, DEFAULT_BURST_WINDOW]).toEqual([5, 600]);
    const spaced = (gap: number) => ['/a', '/b', '/c', '/d', '/e'].map((t, i) => miss('c', gap * i, t));
    // Five misses 150 s apart span 600 s: the fifth is at the window's end, outside it.
    expect(labelClients(spaced(150)).get('c')).toMatchObject({ label: 'ordinary', burst: 4 });
    expect(labelClients(spaced(149)).get('c')).toMatchObject({ label: '404-burst', burst: 5 });
    // One missing font asked for ten times is one path.
    const font = Array.from({ length: 10 }, (_, i) => miss('c', i, '/font.woff?v=3'));
    expect(labelClients(font).get('c')).toMatchObject({ label: 'ordinary', burst: 1 });
    // Only 404 and 410 count; the thresholds are settings.
    const forbidden = ['/a', '/b', '/c', '/d', '/e'].map((t, i) => req('c', i, t, { status: 403 }));
    expect(labelClients(forbidden).get('c')).toMatchObject({ label: 'ordinary', burst: 0 });
    expect(labelClients(spaced(150), { burstCount: 4 }).get('c')?.label).toBe('404-burst');
    expect(labelClients(spaced(150), { burstWindow: 601 }).get('c')?.label).toBe('404-burst');
    // Out of time order in the file, as real logs are: sorted before counting.
    expect(labelClients(spaced(149).reverse()).get('c')?.burst).toBe(5);
  });

  it('checks its thresholds', () => {
    expect(() => labelClients([], { burstCount: 0 })).toThrow(/burst count must be a whole number >= 1/);
    expect(() => labelClients([], { burstCount: 2.5 })).toThrow(/burst count/);
    expect(() => labelClients([], { burstWindow: 0 })).toThrow(/burst window must be a number of seconds > 0/);
    expect(() => labelClients([], { burstWindow: Number.POSITIVE_INFINITY })).toThrow(/burst window/);
  });

  it('keeps a hostile probe path short in its evidence', () => {
    const long = `/.git/${'\u001b'.repeat(1000)}${'x'.repeat(1_000_000)}`;
    const labels = labelClients([req('c', 0, long)]);
    const path = labels.get('c')?.firstProbe?.path ?? '';
    expect(labels.get('c')?.label).toBe('probing');
    expect(path.length).toBe(PROBE_PATH_SHOWN + 1);
    expect(path.startsWith('/.git/\u001b')).toBe(true);
  });

  it('labels what the reader makes of garbage lines, control bytes and huge fields', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'zeekseq-heuristic-'));
    try {
      const file = path.join(dir, 'access.log');
      const line = (client: string, seconds: number, target: string, status: number, agent = BROWSER) =>
        accessLine(client, seconds, target, agent).replace(' 200 512 ', ` ${status} 512 `);
      await writeFile(
        file,
        [
          line('198.51.100.1', 0, '/.env', 404),
          line('198.51.100.1', 1, '/.git/HEAD', 404),
          'garbage \u0000\u0001 not a log line',
          '\u001b[2J\u001b[H',
          line('198.51.100.2', 0, `/${'%'.repeat(3000)}`, 400),
          line('198.51.100.3', 0, '/', 200, `Mozilla\u0007\u202e ${'z'.repeat(200_000)}`),
          line('198.51.100.4', 0, '/robots.txt', 200, 'x'),
          ...['/a', '/b', '/c', '/d', '/e'].map((t, i) => line('198.51.100.5', i, t, 404)),
          '198.51.100.6 - - [17/May/2015:10:00:00 +0000] "\u0016\u0003\u0001" 400 0 "-" "-"',
          '',
        ].join('\n'),
      );
      const log = await readAccessLogs([file]);
      expect(log.problems.length).toBeGreaterThanOrEqual(2);
      const labels = labelClients(log.records);
      expect(Object.fromEntries([...labels].map(([client, h]) => [client, h.label]))).toEqual({
        '198.51.100.1': 'probing',
        '198.51.100.2': 'ordinary',
        '198.51.100.3': 'ordinary',
        '198.51.100.4': 'crawler',
        '198.51.100.5': '404-burst',
        '198.51.100.6': 'ordinary',
      });
      expect(labels.get('198.51.100.1')).toMatchObject({ probes: 2, firstProbe: { kind: 'secret', path: '/.env' } });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
