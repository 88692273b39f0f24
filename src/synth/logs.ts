/**
 * The logs the generator writes, with the fields and types of a current Zeek (7.x) so that the
 * files look exactly like a sensor's, and one typed row builder per log so that every row is
 * built in schema order with the connection's uid and endpoints.
 */
import type { ZeekField, ZeekLogSchema, ZeekValue } from '../zeek/write-tsv.js';

function schema(path: string, fields: string): ZeekLogSchema {
  return {
    path,
    fields: fields.split(' ').map((spec): ZeekField => {
      const at = spec.indexOf(':');
      return { name: spec.slice(0, at), type: spec.slice(at + 1) };
    }),
  };
}

const ID = 'id.orig_h:addr id.orig_p:port id.resp_h:addr id.resp_p:port';

export const SYNTH_SCHEMAS = {
  conn: schema(
    'conn',
    `ts:time uid:string ${ID} proto:enum service:string duration:interval orig_bytes:count resp_bytes:count ` +
      'conn_state:string local_orig:bool local_resp:bool missed_bytes:count history:string orig_pkts:count ' +
      'orig_ip_bytes:count resp_pkts:count resp_ip_bytes:count tunnel_parents:set[string] ip_proto:count',
  ),
  dns: schema(
    'dns',
    `ts:time uid:string ${ID} proto:enum trans_id:count rtt:interval query:string qclass:count qclass_name:string ` +
      'qtype:count qtype_name:string rcode:count rcode_name:string AA:bool TC:bool RD:bool RA:bool Z:count ' +
      'answers:vector[string] TTLs:vector[interval] rejected:bool',
  ),
  http: schema(
    'http',
    `ts:time uid:string ${ID} trans_depth:count method:string host:string uri:string referrer:string ` +
      'version:string user_agent:string origin:string request_body_len:count response_body_len:count ' +
      'status_code:count status_msg:string info_code:count info_msg:string tags:set[enum] username:string ' +
      'password:string proxied:set[string] orig_fuids:vector[string] orig_filenames:vector[string] ' +
      'orig_mime_types:vector[string] resp_fuids:vector[string] resp_filenames:vector[string] resp_mime_types:vector[string]',
  ),
  ssl: schema(
    'ssl',
    `ts:time uid:string ${ID} version:string cipher:string curve:string server_name:string resumed:bool ` +
      'last_alert:string next_protocol:string established:bool ssl_history:string cert_chain_fps:vector[string] ' +
      'client_cert_chain_fps:vector[string] sni_matches_cert:bool',
  ),
  files: schema(
    'files',
    `ts:time fuid:string uid:string ${ID} source:string depth:count analyzers:set[string] mime_type:string ` +
      'filename:string duration:interval local_orig:bool is_orig:bool seen_bytes:count total_bytes:count ' +
      'missing_bytes:count overflow_bytes:count timedout:bool parent_fuid:string md5:string sha1:string ' +
      'sha256:string extracted:string extracted_cutoff:bool extracted_size:count',
  ),
  kerberos: schema(
    'kerberos',
    `ts:time uid:string ${ID} request_type:string client:string service:string success:bool error_msg:string ` +
      'from:time till:time cipher:string forwardable:bool renewable:bool client_cert_subject:string ' +
      'client_cert_fuid:string server_cert_subject:string server_cert_fuid:string',
  ),
  smb_mapping: schema(
    'smb_mapping',
    `ts:time uid:string ${ID} path:string service:string native_file_system:string share_type:string`,
  ),
  smb_files: schema(
    'smb_files',
    `ts:time uid:string ${ID} fuid:string action:enum path:string name:string size:count prev_name:string ` +
      'times.modified:time times.accessed:time times.created:time times.changed:time',
  ),
  dce_rpc: schema(
    'dce_rpc',
    `ts:time uid:string ${ID} rtt:interval named_pipe:string endpoint:string operation:string`,
  ),
  ntlm: schema(
    'ntlm',
    `ts:time uid:string ${ID} username:string hostname:string domainname:string server_nb_computer_name:string ` +
      'server_dns_computer_name:string server_tree_name:string success:bool',
  ),
  weird: schema('weird', `ts:time uid:string ${ID} name:string addl:string notice:bool peer:string source:string`),
  dhcp: schema(
    'dhcp',
    'ts:time uids:set[string] client_addr:addr server_addr:addr mac:string host_name:string client_fqdn:string ' +
      'domain:string requested_addr:addr assigned_addr:addr lease_time:interval client_message:string ' +
      'server_message:string msg_types:vector[string] duration:interval',
  ),
} as const satisfies Record<string, ZeekLogSchema>;

export type SynthLogName = keyof typeof SYNTH_SCHEMAS;

/** The logs written, in the order the summary lists them. */
export const SYNTH_LOG_NAMES = Object.keys(SYNTH_SCHEMAS) as SynthLogName[];

/** A connection's identity, as every protocol row repeats it. */
export interface ConnId {
  uid: string;
  origH: string;
  origP: number;
  respH: string;
  respP: number;
}

/** A row ready for the writer, with the log it goes to. */
export interface LogRow {
  log: SynthLogName;
  values: ZeekValue[];
}

export interface DnsFields {
  proto: 'udp' | 'tcp';
  transId: number;
  rtt: number | null;
  query: string;
  qtype: number;
  qtypeName: string;
  /** No rcode when no reply came (multicast name queries). */
  rcode: number | null;
  rcodeName: string | null;
  authoritative: boolean;
  /** Default true (unicast DNS); multicast name resolution does not ask for recursion. */
  recursionDesired?: boolean;
  recursionAvailable: boolean;
  answers: string[];
  ttls: number[];
}

export function dnsRow(ts: number, c: ConnId, f: DnsFields): LogRow {
  const answered = f.answers.length > 0;
  return {
    log: 'dns',
    values: [
      ts,
      c.uid,
      c.origH,
      c.origP,
      c.respH,
      c.respP,
      f.proto,
      f.transId,
      f.rtt,
      f.query,
      1,
      'C_INTERNET',
      f.qtype,
      f.qtypeName,
      f.rcode,
      f.rcodeName,
      f.authoritative,
      false,
      f.recursionDesired ?? true,
      f.recursionAvailable,
      0,
      answered ? f.answers : null,
      answered ? f.ttls : null,
      false,
    ],
  };
}

export interface HttpFields {
  depth: number;
  method: string;
  host: string;
  uri: string;
  referrer: string | null;
  userAgent: string;
  requestLength: number;
  responseLength: number;
  status: number;
  statusMsg: string;
  origFuids?: string[];
  origMimeTypes?: string[];
  respFuids?: string[];
  respFilenames?: string[];
  respMimeTypes?: string[];
}

export function httpRow(ts: number, c: ConnId, f: HttpFields): LogRow {
  return {
    log: 'http',
    values: [
      ts,
      c.uid,
      c.origH,
      c.origP,
      c.respH,
      c.respP,
      f.depth,
      f.method,
      f.host,
      f.uri,
      f.referrer,
      '1.1',
      f.userAgent,
      null,
      f.requestLength,
      f.responseLength,
      f.status,
      f.statusMsg,
      null,
      null,
      [],
      null,
      null,
      null,
      f.origFuids ?? null,
      null,
      f.origMimeTypes ?? null,
      f.respFuids ?? null,
      f.respFilenames ?? null,
      f.respMimeTypes ?? null,
    ],
  };
}

export interface SslFields {
  version: string;
  cipher: string;
  curve: string | null;
  serverName: string | null;
  resumed: boolean;
  nextProtocol: string | null;
  established: boolean;
  history: string;
  certFingerprints: string[];
  sniMatchesCert: boolean | null;
}

export function sslRow(ts: number, c: ConnId, f: SslFields): LogRow {
  return {
    log: 'ssl',
    values: [
      ts,
      c.uid,
      c.origH,
      c.origP,
      c.respH,
      c.respP,
      f.version,
      f.cipher,
      f.curve,
      f.serverName,
      f.resumed,
      null,
      f.nextProtocol,
      f.established,
      f.history,
      f.certFingerprints,
      [],
      f.sniMatchesCert,
    ],
  };
}

export interface FileFields {
  fuid: string;
  source: 'HTTP' | 'SMB';
  analyzers: string[];
  mimeType: string | null;
  filename: string | null;
  duration: number;
  localOrig: boolean | null;
  isOrig: boolean;
  bytes: number;
  md5?: string;
  sha1?: string;
  sha256?: string;
}

export function fileRow(ts: number, c: ConnId, f: FileFields): LogRow {
  return {
    log: 'files',
    values: [
      ts,
      f.fuid,
      c.uid,
      c.origH,
      c.origP,
      c.respH,
      c.respP,
      f.source,
      0,
      f.analyzers,
      f.mimeType,
      f.filename,
      f.duration,
      f.localOrig,
      f.isOrig,
      f.bytes,
      f.bytes,
      0,
      0,
      false,
      null,
      f.md5 ?? null,
      f.sha1 ?? null,
      f.sha256 ?? null,
      null,
      null,
      null,
    ],
  };
}

/** Kerberos tickets that never expire carry this `till` (2037-09-13T02:48:05Z), as Windows asks. */
const KERBEROS_NEVER = 2136422885;

export interface KerberosFields {
  requestType: 'AS' | 'TGS';
  client: string;
  service: string;
  success: boolean;
  error: string | null;
  cipher: string | null;
}

export function kerberosRow(ts: number, c: ConnId, f: KerberosFields): LogRow {
  return {
    log: 'kerberos',
    values: [
      ts,
      c.uid,
      c.origH,
      c.origP,
      c.respH,
      c.respP,
      f.requestType,
      f.client,
      f.service,
      f.success,
      f.error,
      null,
      KERBEROS_NEVER,
      f.cipher,
      true,
      true,
      null,
      null,
      null,
      null,
    ],
  };
}

export function smbMappingRow(ts: number, c: ConnId, path: string, shareType: 'DISK' | 'PIPE'): LogRow {
  return {
    log: 'smb_mapping',
    values: [
      ts,
      c.uid,
      c.origH,
      c.origP,
      c.respH,
      c.respP,
      path,
      null,
      shareType === 'DISK' ? 'NTFS' : null,
      shareType,
    ],
  };
}

export interface SmbFileFields {
  fuid: string | null;
  action: string;
  path: string;
  name: string;
  size: number;
  prevName?: string;
  modified: number;
  accessed: number;
  created: number;
}

export function smbFilesRow(ts: number, c: ConnId, f: SmbFileFields): LogRow {
  return {
    log: 'smb_files',
    values: [
      ts,
      c.uid,
      c.origH,
      c.origP,
      c.respH,
      c.respP,
      f.fuid,
      f.action,
      f.path,
      f.name,
      f.size,
      f.prevName ?? null,
      f.modified,
      f.accessed,
      f.created,
      f.modified,
    ],
  };
}

export function dceRpcRow(
  ts: number,
  c: ConnId,
  rtt: number,
  pipe: string,
  endpoint: string,
  operation: string,
): LogRow {
  return { log: 'dce_rpc', values: [ts, c.uid, c.origH, c.origP, c.respH, c.respP, rtt, pipe, endpoint, operation] };
}

export interface NtlmFields {
  username: string | null;
  hostname: string | null;
  domain: string | null;
  serverNbName: string;
  serverDnsName: string;
  serverTree: string;
  success: boolean;
}

export function ntlmRow(ts: number, c: ConnId, f: NtlmFields): LogRow {
  return {
    log: 'ntlm',
    values: [
      ts,
      c.uid,
      c.origH,
      c.origP,
      c.respH,
      c.respP,
      f.username,
      f.hostname,
      f.domain,
      f.serverNbName,
      f.serverDnsName,
      f.serverTree,
      f.success,
    ],
  };
}

export function weirdRow(ts: number, c: ConnId, name: string, addl: string | null, source: string): LogRow {
  return { log: 'weird', values: [ts, c.uid, c.origH, c.origP, c.respH, c.respP, name, addl, false, 'zeek', source] };
}

export interface DhcpFields {
  uids: string[];
  clientAddr: string | null;
  serverAddr: string;
  mac: string;
  hostName: string;
  clientFqdn: string;
  domain: string;
  requestedAddr: string | null;
  assignedAddr: string | null;
  leaseTime: number | null;
  msgTypes: string[];
  duration: number;
}

export function dhcpRow(ts: number, f: DhcpFields): LogRow {
  return {
    log: 'dhcp',
    values: [
      ts,
      f.uids,
      f.clientAddr,
      f.serverAddr,
      f.mac,
      f.hostName,
      f.clientFqdn,
      f.domain,
      f.requestedAddr,
      f.assignedAddr,
      f.leaseTime,
      null,
      null,
      f.msgTypes,
      f.duration,
    ],
  };
}
