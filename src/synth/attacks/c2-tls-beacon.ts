/**
 * Command and control over TLS: malware on the host calls home to a rare, machine-made domain at
 * a regular interval with a little jitter, through Windows' TLS stack, to a server with a
 * self-signed certificate. Sessions are small and alike, except when the operator sends work
 * or the implant uploads what it gathered.
 */
import { logNormal, randomHex, uniform } from '../distributions.js';
import { publicIp } from '../internet.js';
import { lookup } from '../behaviours/dns.js';
import { tlsSession } from '../behaviours/tls.js';
import { beaconTimes, rareDomain, stepsAt, type Scenario } from './scenario.js';

export const c2TlsBeacon: Scenario = {
  name: 'c2-tls-beacon',
  description: 'TLS beaconing to a rare domain at a regular interval with jitter (self-signed certificate)',
  minWorkstations: 1,
  plan({ ctx, attacker, rng, start }) {
    const domain = rareDomain(rng);
    const server = { name: domain, ip: publicIp(rng), certChain: [randomHex(rng, 64)], sniMatchesCert: false };
    return stepsAt(beaconTimes(ctx, rng, start, uniform(rng, 4, 8), uniform(rng, 50, 240), 0.15), (t) => {
      const at = lookup(ctx, attacker, rng, t, { name: domain, qtype: 'A', answers: [server.ip], ttls: [300] });
      const task = rng.next();
      const profile =
        task < 0.03
          ? { origBytes: 600, respBytes: 60_000, duration: 3, sigma: 0.5 } // tasking
          : task < 0.05
            ? { origBytes: 250_000, respBytes: 800, duration: 8, sigma: 0.6 } // upload
            : { origBytes: 480, respBytes: 360, duration: logNormal(rng, 0.35, 0.2), sigma: 0.15 };
      tlsSession(ctx, attacker, rng, at, server, profile, 'schannel', 'SF');
    });
  },
};
