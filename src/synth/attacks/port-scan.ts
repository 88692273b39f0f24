/**
 * An internal port scan: SYN probes from the compromised host to the well-known ports of every
 * address it can find. Closed ports answer with a reset (REJ), open ones with a SYN-ACK the
 * scanner resets, and firewalled workstations or empty addresses never answer (S0).
 */
import type { ConnState } from '../conn.js';
import { uniform } from '../distributions.js';
import { poolAddress } from '../network.js';
import type { AttackStep, Scenario } from './scenario.js';

const PORTS = [
  21, 22, 23, 25, 53, 80, 88, 110, 135, 139, 143, 389, 443, 445, 464, 636, 993, 1433, 1521, 3268, 3306, 3389, 5432,
  5900, 5985, 8080, 8443, 8530, 9100, 49667,
];

const OPEN: Record<string, number[]> = {
  dc: [53, 88, 135, 139, 389, 445, 464, 636, 3268, 3389, 5985, 49667],
  fileServer: [135, 139, 445, 3389, 5985],
  updateServer: [80, 135, 139, 443, 445, 3389, 8530],
  workstation: [135, 139, 445],
};

export const portScan: Scenario = {
  name: 'port-scan',
  description: 'internal SYN scan of well-known ports on every workstation, server and empty address (REJ/S0)',
  minWorkstations: 1,
  plan({ ctx, attacker, others, rng, start }): AttackStep[] {
    const { net } = ctx;
    const targets: Array<{ ip: string; open: number[]; firewalled: boolean }> = [
      { ip: net.dc.ip, open: OPEN.dc, firewalled: false },
      { ip: net.fileServer.ip, open: OPEN.fileServer, firewalled: false },
      { ip: net.updateServer.ip, open: OPEN.updateServer, firewalled: false },
      ...others.map((h) => ({ ip: h.ip, open: OPEN.workstation, firewalled: true })),
      // Addresses past the pool's leases: nobody answers.
      ...Array.from({ length: 10 }, (_, i) => ({
        ip: poolAddress(net.workstations.length * 2 + i),
        open: [],
        firewalled: true,
      })),
    ];
    const probes: Array<{ ip: string; port: number; state: ConnState }> = [];
    for (const target of targets) {
      for (const port of PORTS) {
        const state: ConnState = target.open.includes(port) ? 'SH' : target.firewalled ? 'S0' : 'REJ';
        probes.push({ ip: target.ip, port, state });
      }
    }
    let at = start;
    return probes.map((probe) => {
      at += uniform(rng, 0.005, 0.04);
      const ts = at;
      return {
        at: ts,
        run: () => {
          ctx.out.conn(rng, {
            ts,
            origH: attacker.ip,
            origP: attacker.nextPort(rng),
            respH: probe.ip,
            respP: probe.port,
            proto: 'tcp',
            service: null,
            duration: uniform(rng, 0.0002, 0.001),
            origBytes: 0,
            respBytes: 0,
            state: probe.state,
          });
        },
      };
    });
  },
};
