/**
 * Command and control over plain HTTP: regular check-ins to a rare domain (or straight to an
 * address) with a user agent no browser on this network sends, small bodies both ways.
 */
import { chance, intBetween, logNormal, pick, randomHex, uniform } from '../distributions.js';
import { publicIp } from '../internet.js';
import { lookup } from '../behaviours/dns.js';
import { httpConnection } from '../behaviours/http.js';
import { beaconTimes, rareDomain, stepsAt, type Scenario } from './scenario.js';

const ODD_AGENTS = [
  'Mozilla/4.0 (compatible; MSIE 6.0; Windows NT 5.1; SV1)',
  'Mozilla/5.0 (Windows NT 6.1; WOW64; Trident/7.0; rv:11.0) like Gecko',
  'WinHTTP loader/1.0',
  'Go-http-client/1.1',
];
const PATHS = ['/gate.php', '/submit.php', '/wp-content/plugins/ajax.php', '/api/v1/ping', '/news/index.php'];

export const c2HttpBeacon: Scenario = {
  name: 'c2-http-beacon',
  description: 'HTTP beaconing to a rare domain with an odd user agent, small POSTs at a regular interval',
  minWorkstations: 1,
  plan({ ctx, attacker, rng, start }) {
    const domain = rareDomain(rng);
    const ip = publicIp(rng);
    const byAddress = chance(rng, 0.3);
    const agent = pick(rng, ODD_AGENTS);
    const path = pick(rng, PATHS);
    const port = pick(rng, [80, 80, 8080]);
    const bot = randomHex(rng, 8);
    return stepsAt(beaconTimes(ctx, rng, start, uniform(rng, 3, 6), uniform(rng, 30, 120), 0.1), (t) => {
      const at = byAddress
        ? t
        : lookup(ctx, attacker, rng, t, { name: domain, qtype: 'A', answers: [ip], ttls: [120] });
      const tasked = chance(rng, 0.04);
      httpConnection(ctx, attacker, rng, at, { ip, port }, [
        {
          method: 'POST',
          host: byAddress ? ip : domain,
          uri: `${path}?id=${bot}`,
          userAgent: agent,
          status: 200,
          requestBody: { length: intBetween(rng, 96, 380), mime: 'application/octet-stream' },
          response: {
            length: tasked ? Math.round(logNormal(rng, 30_000, 0.5)) : intBetween(rng, 16, 90),
            mime: tasked ? 'application/octet-stream' : 'text/plain',
          },
        },
      ]);
    });
  },
};
