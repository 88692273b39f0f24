/**
 * A malicious executable downloaded over HTTP from a rare domain, by PowerShell or BITS rather
 * than the user's browser, followed a few minutes later by a second stage.
 */
import { intBetween, logNormal, pick, randomHex, randomLabel, uniform } from '../distributions.js';
import { publicIp } from '../internet.js';
import { lookup } from '../behaviours/dns.js';
import { httpConnection } from '../behaviours/http.js';
import { rareDomain, stepsAt, type Scenario } from './scenario.js';

const AGENTS = [
  'Mozilla/5.0 (Windows NT; Windows NT 10.0; en-US) WindowsPowerShell/5.1.19041.4046',
  'Microsoft BITS/7.8',
  'Mozilla/4.0 (compatible; MSIE 7.0; Windows NT 10.0; Win64; x64; Trident/7.0)',
];
const NAMES = ['invoice', 'update', 'setup', 'report', 'scan', 'document'];

export const exeDownload: Scenario = {
  name: 'exe-download',
  description: 'executable (application/x-dosexec) downloaded over HTTP from a rare domain, then a second stage',
  minWorkstations: 1,
  plan({ ctx, attacker, rng, start }) {
    const domain = rareDomain(rng, ['top', 'xyz', 'ru', 'cc', 'biz']);
    const ip = publicIp(rng);
    const agent = pick(rng, AGENTS);
    const folder = randomLabel(rng, 6);
    const download = (t: number) => {
      const at = lookup(ctx, attacker, rng, t, { name: domain, qtype: 'A', answers: [ip], ttls: [300] });
      const file = `${pick(rng, NAMES)}_${randomHex(rng, 4)}.exe`;
      httpConnection(ctx, attacker, rng, at, { ip, port: 80 }, [
        {
          method: 'GET',
          host: domain,
          uri: `/${folder}/${file}`,
          userAgent: agent,
          status: 200,
          response: {
            length: Math.round(logNormal(rng, 350_000, 0.8)),
            mime: 'application/x-dosexec',
            filename: file,
            analyzers: ['PE', 'MD5', 'SHA1', 'SHA256'],
            hashes: { md5: randomHex(rng, 32), sha1: randomHex(rng, 40), sha256: randomHex(rng, 64) },
          },
        },
      ]);
    };
    const times = [start];
    for (let i = intBetween(rng, 1, 2); i > 0; i--) times.push(times[times.length - 1] + uniform(rng, 120, 900));
    return stepsAt(times, download);
  },
};
