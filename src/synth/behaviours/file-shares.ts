/**
 * Users working with documents on the file server: bursts of opening, reading and saving files
 * on the department, project and home shares, each burst a new SMB session (Windows tears idle
 * sessions down). Each user keeps returning to their own set of documents.
 */
import { createRandom, type Random } from '../../util/random.js';
import { eventTimes, userLevel } from '../activity.js';
import { STREAMS, servicePrincipal, userPrincipal, type HostDay, type SynthContext } from '../context.js';
import { chance, intBetween, logNormal, pick, uniform } from '../distributions.js';
import type { Workstation } from '../network.js';
import { deriveSeed, hashName } from '../seeds.js';
import { serviceTicket } from './kerberos.js';
import { smbSession, unc, type SmbFileOp } from './smb.js';

/** Extension → [mime type Zeek's libmagic reports, median size]. */
const TYPES: Record<string, readonly [string, number]> = {
  docx: ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', 60_000],
  xlsx: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 120_000],
  pptx: ['application/vnd.openxmlformats-officedocument.presentationml.presentation', 2_500_000],
  pdf: ['application/pdf', 350_000],
  txt: ['text/plain', 3000],
  csv: ['text/plain', 40_000],
  png: ['image/png', 250_000],
};
const FOLDERS = ['Finance', 'HR', 'Sales', 'Marketing', 'Operations', 'IT', 'Legal'];
const WORDS = [
  'budget',
  'forecast',
  'minutes',
  'proposal',
  'invoice',
  'contract',
  'report',
  'roadmap',
  'schedule',
  'inventory',
  'survey',
  'policy',
];

interface Document {
  share: string;
  name: string;
  ext: string;
  size: number;
}

const libraries = new WeakMap<Workstation, Document[]>();

/** The documents a user works with, the same every day. */
function library(ctx: SynthContext, ws: Workstation): Document[] {
  let docs = libraries.get(ws);
  if (docs) return docs;
  const rng = createRandom(deriveSeed(ctx.seed, hashName(ws.user), 3));
  const fs = ctx.net.fileServer.name;
  const folder = pick(rng, FOLDERS);
  docs = Array.from({ length: intBetween(rng, 8, 30) }, () => {
    const ext = pick(rng, Object.keys(TYPES));
    const where = rng.next();
    const [share, path] =
      where < 0.45
        ? [unc(fs, 'Shared'), `${folder}\\`]
        : where < 0.75
          ? [unc(fs, 'Projects'), `P-${intBetween(rng, 1000, 1040)}\\`]
          : [unc(fs, `Users$\\${ws.user}`), 'Documents\\'];
    const name = `${path}${pick(rng, WORDS)}_${pick(rng, ['2023', '2024', 'Q1', 'Q2', 'draft', 'final', 'v2'])}.${ext}`;
    return { share, name, ext, size: Math.round(logNormal(rng, TYPES[ext][1], 0.8)) };
  });
  libraries.set(ws, docs);
  return docs;
}

function work(ctx: SynthContext, host: HostDay, rng: Random, t: number): void {
  const { net } = ctx;
  const docs = library(ctx, host.ws);
  const files: SmbFileOp[] = [];
  const shares = new Set<string>();
  for (let i = intBetween(rng, 1, 4); i > 0; i--) {
    // Favour the first documents: people return to a few files most of the time.
    const doc = docs[Math.floor(docs.length * rng.next() ** 2)];
    const [mime] = TYPES[doc.ext];
    shares.add(doc.share);
    files.push({
      action: 'SMB::FILE_OPEN',
      share: doc.share,
      name: doc.name,
      size: doc.size,
      gap: uniform(rng, 0.5, 20),
    });
    files.push({ action: 'SMB::FILE_READ', share: doc.share, name: doc.name, size: doc.size, mime });
    if (chance(rng, 0.3)) {
      const size = Math.max(1000, Math.round(doc.size * logNormal(rng, 1.02, 0.05)));
      files.push({
        action: 'SMB::FILE_WRITE',
        share: doc.share,
        name: doc.name,
        size,
        mime,
        gap: uniform(rng, 30, 900),
      });
    }
  }
  if (chance(rng, 0.04)) {
    const doc = pick(rng, docs);
    const renamed = doc.name.replace(/\.(\w+)$/, '_old.$1');
    files.push({ action: 'SMB::FILE_RENAME', share: doc.share, name: renamed, prevName: doc.name, size: doc.size });
  }
  const at = serviceTicket(
    ctx,
    host,
    rng,
    t,
    userPrincipal(net, host.ws.user),
    servicePrincipal('cifs', net.fileServer),
  );
  smbSession(ctx, host, rng, at + 0.002, {
    server: net.fileServer.ip,
    service: 'gssapi,smb,krb',
    shares: [
      { path: unc(net.fileServer.name, 'IPC$'), type: 'PIPE' },
      ...[...shares].map((path) => ({ path, type: 'DISK' as const })),
    ],
    files,
  });
}

export function fileShares(ctx: SynthContext, host: HostDay, from: number, to: number): void {
  const rng = host.rng(STREAMS.fileShares);
  for (const t of eventTimes(rng, from, to, 2.5 * host.ws.busyness * ctx.scale, (x) => userLevel(host.plan, x))) {
    work(ctx, host, rng, t);
  }
}
