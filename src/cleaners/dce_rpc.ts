/**
 * dce_rpc: Windows remote procedure calls, the channel of most Active Directory attacks after the
 * first foothold. The original listed named_pipe, endpoint and operation as needed but never built
 * features; here the interface and call are kept as categories and the calls that mean remote
 * execution, credential replication and reconnaissance are flagged.
 */
import { Cleaner, type CleanerOptions } from './cleaner.js';
import { booleanFeature, categoricalFeature, type FeatureDef } from './features.js';
import { isIn, matchesPattern } from './predicates.js';

export const dceRpcFeatures: readonly FeatureDef[] = [
  categoricalFeature({
    name: 'endpoint',
    column: 'endpoint',
    topK: 12,
    why: 'The RPC interface (drsuapi, samr, svcctl ...): which Windows subsystem a host is driving remotely.',
  }),
  categoricalFeature({
    name: 'operation',
    column: 'operation',
    topK: 25,
    why: "The call itself: a site's usual calls are routine, and a call never seen before is worth a look.",
  }),
  booleanFeature({
    name: 'named_pipe',
    test: matchesPattern('named_pipe', /pipe/i),
    why: 'RPC reached over an SMB named pipe rather than a dynamic TCP port, which is how PsExec-style tools reach service control.',
  }),
  booleanFeature({
    name: 'remote_execution',
    test: isIn('operation', [
      'CreateServiceW',
      'CreateServiceA',
      'StartServiceW',
      'StartServiceA',
      'ChangeServiceConfigW',
      'ChangeServiceConfigA',
      'SchRpcRegisterTask',
      'SchRpcRun',
      'NetrJobAdd',
      'JobAdd',
      'ExecMethod',
      'ExecMethodAsync',
      'BaseRegSetValue',
      'BaseRegCreateKey',
    ]),
    why: 'Creating services, scheduled tasks or WMI processes and writing the registry of another host is lateral movement and persistence (PsExec, Impacket, Trickbot).',
  }),
  booleanFeature({
    name: 'replication',
    test: isIn('operation', ['DRSGetNCChanges', 'DRSReplicaSync']),
    why: 'Directory replication requests fetch password hashes; from anything but a domain controller they are DCSync.',
  }),
  booleanFeature({
    name: 'enumeration',
    test: isIn('operation', [
      'SamrEnumerateUsersInDomain',
      'SamrEnumerateGroupsInDomain',
      'SamrEnumerateAliasesInDomain',
      'SamrEnumerateDomainsInSamServer',
      'SamrQueryDisplayInformation',
      'SamrGetMembersInGroup',
      'SamrGetMembersInAlias',
      'NetrSessionEnum',
      'NetrShareEnum',
      'NetrWkstaUserEnum',
      'LsarEnumerateTrustedDomainsEx',
      'DsrEnumerateDomainTrusts',
    ]),
    why: 'Listing users, groups, sessions, shares and trusts is the reconnaissance BloodHound and net.exe perform before moving laterally.',
  }),
];

export function dceRpcCleaner(options: CleanerOptions = {}): Cleaner {
  return new Cleaner('dce_rpc', dceRpcFeatures, options);
}
