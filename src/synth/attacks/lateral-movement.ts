/**
 * Credential guessing and lateral movement: a burst of Kerberos pre-authentication failures for
 * many accounts (and unknown principals), a success for the account whose password was guessed,
 * then to other workstations: the admin shares (ADMIN$, C$) are mapped, a service binary is
 * copied over and started through the service control manager (svcctl), sometimes a scheduled
 * task is registered too (atsvc, ITaskSchedulerService), and the service is removed afterwards.
 */
import { poweredAt } from '../activity.js';
import type { HostDay } from '../context.js';
import { servicePrincipal } from '../context.js';
import { chance, intBetween, logNormal, randomLabel, sample, uniform } from '../distributions.js';
import { lookupInternal } from '../behaviours/dns.js';
import { asLogon, kerberosExchange, serviceTicket } from '../behaviours/kerberos.js';
import { rpcOverTcp, type RpcCall } from '../behaviours/rpc.js';
import { smbSession, unc } from '../behaviours/smb.js';
import type { AttackStep, Scenario } from './scenario.js';

const UNKNOWN = ['admin', 'administrator1', 'backup_adm', 'test', 'sqladmin'];
const svcctl = (operations: string[]): RpcCall[] => operations.map((operation) => ({ endpoint: 'svcctl', operation }));

export const lateralMovement: Scenario = {
  name: 'lateral-movement',
  description:
    'Kerberos pre-auth failures, then ADMIN$/C$ share mapping and svcctl/atsvc remote execution on other workstations',
  minWorkstations: 3,
  plan({ ctx, attacker, others, rng, start }): AttackStep[] {
    const { net } = ctx;
    const realm = net.realm;
    const steps: AttackStep[] = [];
    let t = start;
    // Password guessing: one attempt per account, a few seconds apart.
    const guessed = net.users.filter((u) => u !== attacker.ws.user);
    const victims = sample(rng, guessed, intBetween(rng, 8, 16));
    const account = victims[victims.length - 1];
    for (const user of [...victims.slice(0, -1), ...sample(rng, UNKNOWN, 3)]) {
      const at = (t += uniform(rng, 1, 8));
      const error = UNKNOWN.includes(user) ? 'KDC_ERR_C_PRINCIPAL_UNKNOWN' : 'KDC_ERR_PREAUTH_FAILED';
      steps.push({
        at,
        run: () =>
          kerberosExchange(ctx, attacker, rng, at, {
            type: 'AS',
            client: `${user}/${realm}`,
            service: `krbtgt/${realm}`,
            error,
          }),
      });
    }
    const logonAt = (t += uniform(rng, 5, 30));
    const principal = `${account}/${realm}`;
    steps.push({ at: logonAt, run: () => asLogon(ctx, attacker, rng, logonAt, principal) });
    // Machines that are running when the attack starts (any, if fewer than two are).
    const running = others.filter((h) => poweredAt(h.plan, start));
    const pool = running.length >= 2 ? running : others;
    const targets: HostDay[] = sample(rng, pool, Math.min(pool.length, intBetween(rng, 2, 4)));
    for (const target of targets) {
      const at = (t += uniform(rng, 60, 300));
      const binary = `${randomLabel(rng, 8, 'abcdefghijklmnopqrstuvwxyz')}.exe`;
      const size = Math.round(logNormal(rng, 250_000, 0.5));
      const admin = unc(target.ws.name, 'ADMIN$');
      steps.push({
        at,
        run: () => {
          let ready = lookupInternal(ctx, attacker, rng, at, target.ws.fqdn, target.ip);
          ready = serviceTicket(ctx, attacker, rng, ready, principal, servicePrincipal('cifs', target.ws));
          smbSession(ctx, attacker, rng, ready + 0.002, {
            server: target.ip,
            service: 'gssapi,smb,krb',
            shares: [
              { path: unc(target.ws.name, 'IPC$'), type: 'PIPE' },
              { path: admin, type: 'DISK' },
              { path: unc(target.ws.name, 'C$'), type: 'DISK' },
            ],
            files: [
              {
                action: 'SMB::FILE_WRITE',
                share: admin,
                name: binary,
                size,
                mime: 'application/x-dosexec',
                analyzers: ['PE'],
              },
            ],
            pipe: {
              name: '\\pipe\\svcctl',
              calls: svcctl(['OpenSCManagerW', 'CreateServiceW', 'StartServiceW', 'CloseServiceHandle']),
            },
            linger: uniform(rng, 2, 10),
          });
          if (chance(rng, 0.5)) {
            rpcOverTcp(ctx, attacker, rng, ready + uniform(rng, 5, 20), target.ip, [
              { endpoint: 'ITaskSchedulerService', operation: 'SchRpcRegisterTask' },
              { endpoint: 'ITaskSchedulerService', operation: 'SchRpcRun' },
              { endpoint: 'ITaskSchedulerService', operation: 'SchRpcDelete' },
            ]);
          } else {
            smbSession(ctx, attacker, rng, ready + uniform(rng, 5, 20), {
              server: target.ip,
              service: 'gssapi,smb,krb',
              shares: [{ path: unc(target.ws.name, 'IPC$'), type: 'PIPE' }],
              pipe: { name: '\\pipe\\atsvc', calls: [{ endpoint: 'atsvc', operation: 'JobAdd' }] },
            });
          }
        },
      });
      const cleanup = at + uniform(rng, 120, 600);
      steps.push({
        at: cleanup,
        run: () =>
          smbSession(ctx, attacker, rng, cleanup, {
            server: target.ip,
            service: 'gssapi,smb,krb',
            shares: [
              { path: unc(target.ws.name, 'IPC$'), type: 'PIPE' },
              { path: admin, type: 'DISK' },
            ],
            pipe: {
              name: '\\pipe\\svcctl',
              calls: svcctl([
                'OpenSCManagerW',
                'OpenServiceW',
                'ControlService',
                'DeleteService',
                'CloseServiceHandle',
              ]),
            },
            files: [{ action: 'SMB::FILE_DELETE', share: admin, name: binary, size }],
          }),
      });
    }
    return steps.sort((a, b) => a.at - b.at);
  },
};
