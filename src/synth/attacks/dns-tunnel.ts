/**
 * DNS tunnelling: data leaves as long random subdomains of one domain, answers come back in TXT
 * records, at a rate and volume no ordinary client reaches. Every name is new, so the DC
 * forwards each query upstream too.
 */
import { intBetween, randomLabel, uniform } from '../distributions.js';
import { lookup } from '../behaviours/dns.js';
import { stepsAt, type Scenario } from './scenario.js';

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export const dnsTunnel: Scenario = {
  name: 'dns-tunnel',
  description: 'DNS tunnelling: long random subdomains of one domain, mostly TXT queries, at high volume',
  minWorkstations: 1,
  plan({ ctx, attacker, rng, start }) {
    const domain = `${randomLabel(rng, intBetween(rng, 5, 8), 'abcdefghijklmnopqrstuvwxyz')}.${['com', 'net', 'io', 'xyz'][rng.int(4)]}`;
    const end = start + uniform(rng, 12, 25) * 60;
    const times: number[] = [];
    for (let t = start; t < end; t += uniform(rng, 0.2, 1.4)) times.push(t);
    return stepsAt(times, (t) => {
      const name = `${randomLabel(rng, intBetween(rng, 40, 63), BASE32)}.${randomLabel(rng, intBetween(rng, 8, 30), BASE32)}.${domain}`;
      const txt = rng.next() < 0.85;
      lookup(ctx, attacker, rng, t, {
        name,
        qtype: txt ? 'TXT' : 'A',
        answers: [
          txt
            ? randomLabel(rng, intBetween(rng, 40, 220), BASE64)
            : `10.${rng.int(256)}.${rng.int(256)}.${rng.int(256)}`,
        ],
        ttls: [1],
      });
    });
  },
};
