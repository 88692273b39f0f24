/**
 * The attack scenarios the generator can inject, by name (the names `--attacks` accepts).
 */
import { c2HttpBeacon } from './attacks/c2-http-beacon.js';
import { c2TlsBeacon } from './attacks/c2-tls-beacon.js';
import { dnsTunnel } from './attacks/dns-tunnel.js';
import { exeDownload } from './attacks/exe-download.js';
import { lateralMovement } from './attacks/lateral-movement.js';
import { portScan } from './attacks/port-scan.js';
import type { Scenario } from './attacks/scenario.js';

export const SCENARIO_NAMES = [
  'c2-tls-beacon',
  'c2-http-beacon',
  'dns-tunnel',
  'lateral-movement',
  'port-scan',
  'exe-download',
] as const;

export type ScenarioName = (typeof SCENARIO_NAMES)[number];

export const SCENARIOS: Readonly<Record<ScenarioName, Scenario>> = {
  'c2-tls-beacon': c2TlsBeacon,
  'c2-http-beacon': c2HttpBeacon,
  'dns-tunnel': dnsTunnel,
  'lateral-movement': lateralMovement,
  'port-scan': portScan,
  'exe-download': exeDownload,
};

export function isScenarioName(name: string): name is ScenarioName {
  return (SCENARIO_NAMES as readonly string[]).includes(name);
}
