import { describe, expect, it } from 'vitest';
import { PATH_KINDS, decodedPath, pathKind } from '../../src/weblog/path-kind.js';

describe('pathKind', () => {
  it('tells kinds by extension and dot-segments', () => {
    const cases: Array<[string, string]> = [
      ['/', 'page'],
      ['/blog/geekery/ssl-latency.html', 'page'],
      ['/projects/xdotool/', 'page'],
      ['/blog/tags/c++?page=2', 'page'],
      ['/reset.css', 'static'],
      ['/images/Jordan-80.PNG', 'static'],
      ['/css/font/fontawesome-webfont.woff?v=3.2.1', 'static'],
      ['/blog/index.xml', 'feed'],
      ['/robots.txt', 'meta'],
      ['/sitemap_index.xml', 'meta'],
      ['/.well-known/security.txt', 'meta'],
      ['/wp-login.php', 'script'],
      ['/cgi-bin/test.cgi', 'script'],
      ['/files/logstash/logstash-1.3.2-monolithic.jar', 'download'],
      ['/files/fex/fex-20070729.tar.gz', 'download'],
      ['/db.sql', 'backup'],
      ['/index.php.bak', 'backup'],
      ['/dump.sql.gz', 'backup'],
      ['/index.html~', 'backup'],
      ['/settings.ini', 'config'],
      ['/app/config.yml', 'config'],
      ['/.env', 'hidden'],
      ['/.git/config', 'hidden'],
      ['/a/%2e%2e/%2e%2e/etc/passwd', 'hidden'],
      ['http://howto.basjes.nl/login_form', 'proxy'],
      ['HTTPS://x/', 'proxy'],
      ['*', 'other'],
      ['example.com:443', 'other'],
      ['/x.unknownext', 'other'],
    ];
    for (const [target, kind] of cases) expect(pathKind(target), target).toBe(kind);
    for (const [, kind] of cases) expect(PATH_KINDS).toContain(kind);
  });

  it('reads hostile paths: bad escapes, control bytes, backslashes, 10 MB', () => {
    expect(decodedPath('/A%zz/B?q#f')).toBe('/a%zz/b');
    expect(decodedPath('/a%2Fb\\c')).toBe('/a/b/c');
    expect(pathKind('/\u0000\u001b[31m.php')).toBe('script');
    expect(pathKind('/a\\.htaccess')).toBe('hidden');
    expect(pathKind(`/${'a'.repeat(10_000_000)}`)).toBe('page');
    expect(pathKind(`/${'.'.repeat(10_000_000)}`)).toBe('hidden');
    expect(pathKind(`/x.${'b'.repeat(10_000_000)}`)).toBe('other');
  });
});
