/**
 * conn.log rows whose numbers agree with each other the way Zeek's do: packets follow from bytes
 * (1460-byte segments, delayed ACKs, handshake and teardown), IP bytes from packets and headers,
 * and the history string and duration from the connection's outcome.
 */
import type { Random } from '../util/random.js';
import type { ZeekValue } from '../zeek/write-tsv.js';
import type { ConnId } from './logs.js';

/** How a connection ended, in Zeek's conn_state terms (the ones this network produces). */
export type ConnState = 'SF' | 'S0' | 'REJ' | 'RSTO' | 'RSTR' | 'SH';

export interface ConnSpec {
  ts: number;
  origH: string;
  origP: number;
  respH: string;
  respP: number;
  proto: 'tcp' | 'udp';
  /** Protocols Zeek recognised (`dns`, `ssl`, `gssapi,smb,krb`), or null. */
  service: string | null;
  /** Seconds; for a one-packet connection Zeek logs none. */
  duration: number;
  origBytes: number;
  respBytes: number;
  /** Default SF. */
  state?: ConnState;
  /** UDP datagrams each way, when more than one (NTP, DHCP retries, DNS over a reused port). */
  origPackets?: number;
  respPackets?: number;
}

/** A connection as other rows refer to it. */
export interface Conn extends ConnId {
  ts: number;
  /** When the last packet was seen. */
  end: number;
}

const MSS = 1460;
const TCP_HEADERS = 40; // IPv4 + TCP, no options (Windows does not use TCP timestamps)
const SYN_OPTIONS = 12; // MSS, window scale and SACK-permitted on SYN and SYN-ACK
const UDP_HEADERS = 28;

function segments(bytes: number): number {
  return Math.ceil(bytes / MSS);
}

/** The conn.log values (schema order) for a connection with uid `uid`. */
export function connValues(rng: Random, uid: string, spec: ConnSpec, local: (ip: string) => boolean): ZeekValue[] {
  const state = spec.state ?? 'SF';
  let history: string;
  let origPkts: number;
  let respPkts: number;
  let origBytes = spec.origBytes;
  let respBytes = spec.respBytes;
  let duration = spec.duration;
  let origIp: number;
  let respIp: number;
  if (spec.proto === 'udp') {
    origPkts = spec.origPackets ?? (origBytes > 0 ? 1 : 0);
    respPkts = state === 'S0' ? 0 : (spec.respPackets ?? (respBytes > 0 ? 1 : 0));
    if (state === 'S0') respBytes = 0;
    history = respPkts > 0 ? 'Dd' : 'D';
    origIp = origBytes + origPkts * UDP_HEADERS;
    respIp = respBytes + respPkts * UDP_HEADERS;
  } else if (state === 'S0') {
    // SYNs only; a retry comes about 3 s later.
    origPkts = rng.next() < 0.3 ? 2 : 1;
    respPkts = 0;
    origBytes = respBytes = 0;
    history = 'S';
    duration = 3 + rng.next() * 0.03;
    origIp = origPkts * (TCP_HEADERS + SYN_OPTIONS);
    respIp = 0;
  } else if (state === 'REJ') {
    origPkts = respPkts = 1;
    origBytes = respBytes = 0;
    history = 'Sr';
    origIp = TCP_HEADERS + SYN_OPTIONS;
    respIp = TCP_HEADERS;
  } else if (state === 'SH') {
    // A SYN-ACK answered by a reset, as a SYN scan leaves an open port.
    origPkts = 2;
    respPkts = 1;
    origBytes = respBytes = 0;
    history = 'ShR';
    origIp = TCP_HEADERS * 2 + SYN_OPTIONS;
    respIp = TCP_HEADERS + SYN_OPTIONS;
  } else {
    const origData = segments(origBytes);
    const respData = segments(respBytes);
    // Data segments, one ACK per two segments received, the handshake and the teardown.
    origPkts = 2 + origData + Math.ceil(respData / 2) + (state === 'RSTR' ? 0 : 1);
    respPkts = 1 + respData + Math.ceil(origData / 2) + (state === 'RSTO' ? 0 : 1);
    const middle =
      origData > 0 && respData > 0 ? (rng.next() < 0.5 ? 'Dad' : 'Dda') : origData > 0 ? 'Da' : respData > 0 ? 'd' : '';
    const u = rng.next();
    const close =
      state === 'SF' ? (u < 0.6 ? 'Ff' : 'fF') : state === 'RSTO' ? (u < 0.5 ? 'R' : 'FR') : u < 0.5 ? 'r' : 'Fr';
    history = `ShA${middle}${close}`;
    origIp = origBytes + origPkts * TCP_HEADERS + SYN_OPTIONS;
    respIp = respBytes + respPkts * TCP_HEADERS + SYN_OPTIONS;
  }
  // Zeek logs no duration or sizes for a connection of a single packet.
  const single = origPkts + respPkts === 1;
  return [
    spec.ts,
    uid,
    spec.origH,
    spec.origP,
    spec.respH,
    spec.respP,
    spec.proto,
    spec.service,
    single ? null : duration,
    single ? null : origBytes,
    single ? null : respBytes,
    state,
    local(spec.origH),
    local(spec.respH),
    0,
    history,
    origPkts,
    origIp,
    respPkts,
    respIp,
    null,
    spec.proto === 'tcp' ? 6 : 17,
  ];
}
