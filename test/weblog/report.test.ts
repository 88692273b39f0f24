import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { SessionScore } from '../../src/weblog/detector.js';
import { clientRows, labelsCsv, writeWeblogReport } from '../../src/weblog/report.js';
import { evaluateWeblog, rankLabelledClients } from '../../src/weblog/evaluate.js';
import type { ClientHeuristic, ClientLabel } from '../../src/weblog/heuristic-labels.js';
import { visit } from './fixtures.js';

function scored(
  client: string,
  n: number,
  score: number,
  tier: SessionScore['tier'],
  extra: Partial<SessionScore> = {},
): SessionScore {
  const session = visit(client, 1431857103 + n * 3600, ['/', '/x'], `${client}#${n}`);
  return { session, score, modelTier: tier, tier, canaryHits: [], offending: ['GET / -> GET /x (0.5)'], ...extra };
}

const scores = [
  scored('10.0.0.1', 1, 2.5, 'LOW'),
  scored('10.0.0.2', 1, 0.5, 'NONE'),
  scored('10.0.0.1', 2, 9.25, 'HIGH'),
  scored('2001:db8::7', 1, 1.0, 'HIGH', {
    modelTier: 'NONE',
    canaryHits: ['/join_form'],
    offending: ['GET / -> GET /a,"b" (0.1)', 'and 3 more'],
  }),
  scored('10.0.0.3', 1, 5.0, 'MEDIUM'),
];

describe('report rows', () => {
  it('summarizes each client once with its worst score and tier', () => {
    expect(clientRows(scores)).toEqual([
      { client: '10.0.0.1', sessions: 2, maxScore: 9.25, tier: 'HIGH' },
      { client: '2001:db8::7', sessions: 1, maxScore: 1.0, tier: 'HIGH' },
      { client: '10.0.0.3', sessions: 1, maxScore: 5.0, tier: 'MEDIUM' },
      { client: '10.0.0.2', sessions: 1, maxScore: 0.5, tier: 'NONE' },
    ]);
  });
});

describe('writeWeblogReport', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'zeekseq-report-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes alerts.csv, clients.csv, high-clients.txt and problems.csv', async () => {
    const out = path.join(dir, 'nested', 'out');
    const problem = {
      kind: 'bad-time' as const,
      file: 'a.log',
      line: 3,
      excerpt: 'x "y"',
      message: 'a.log:3: time "x" is not a clf timestamp',
    };
    const written = await writeWeblogReport(out, [{ model: 'markov', scores }], [problem]);
    expect(written).toMatchObject({
      alerts: 4,
      clients: 4,
      highClients: ['10.0.0.1', '2001:db8::7'],
      tiers: { HIGH: 2, MEDIUM: 1, LOW: 1, NONE: 1 },
    });
    const alerts = (await readFile(path.join(out, 'alerts.csv'), 'utf8')).split('\n');
    expect(alerts[0]).toBe('session,client,start,end,requests,tier,score,canary,transitions');
    expect(alerts[1]).toBe(
      '10.0.0.1#2,10.0.0.1,2015-05-17T12:05:03.000Z,2015-05-17T12:06:03.000Z,2,HIGH,9.25,,GET / -> GET /x (0.5)',
    );
    expect(alerts[2]).toBe(
      '2001:db8::7#1,2001:db8::7,2015-05-17T11:05:03.000Z,2015-05-17T11:06:03.000Z,2,HIGH,1,/join_form,"GET / -> GET /a,""b"" (0.1) | and 3 more"',
    );
    // Alerting sessions by tier, then score.
    expect(alerts.slice(1, -1).map((row) => row.split(',')[0])).toEqual([
      '10.0.0.1#2',
      '2001:db8::7#1',
      '10.0.0.3#1',
      '10.0.0.1#1',
    ]);
    expect(alerts).toHaveLength(6);
    expect(await readFile(path.join(out, 'clients.csv'), 'utf8')).toBe(
      'client,sessions,max_score,tier\n10.0.0.1,2,9.25,HIGH\n2001:db8::7,1,1,HIGH\n10.0.0.3,1,5,MEDIUM\n10.0.0.2,1,0.5,NONE\n',
    );
    expect(await readFile(path.join(out, 'high-clients.txt'), 'utf8')).toBe('10.0.0.1\n2001:db8::7\n');
    expect(await readFile(path.join(out, 'problems.csv'), 'utf8')).toBe(
      'kind,file,line,excerpt,message\nbad-time,a.log,3,"x ""y""","a.log:3: time ""x"" is not a clf timestamp"\n',
    );
  });

  it('writes hostile clients as inert cells and keeps all but IP addresses out of high-clients.txt', async () => {
    const out = path.join(dir, 'hostile');
    const hostile = ["=cmd|' /C calc'!A0", '10.0.0.9\n203.0.113.66', '-2+3', '\x1b[2J', '0.0.0.0/0', '::1'];
    const written = await writeWeblogReport(
      out,
      [{ model: 'markov', scores: hostile.map((client, i) => scored(client, i, -1.5, 'HIGH')) }],
      [],
    );
    expect(written.notAddresses.sort()).toEqual(hostile.filter((c) => c !== '::1').sort());
    expect(await readFile(path.join(out, 'high-clients.txt'), 'utf8')).toBe('::1\n');
    const clients = (await readFile(path.join(out, 'clients.csv'), 'utf8')).trimEnd().split('\n');
    expect(clients).toHaveLength(hostile.length + 1);
    expect(clients).toContain("'-2+3,1,-1.5,HIGH");
    expect(clients).toContain("'=cmd|' /C calc'!A0,1,-1.5,HIGH");
    expect(clients).toContain('10.0.0.9\\x0a203.0.113.66,1,-1.5,HIGH');
    expect(clients).toContain('\\x1b[2J,1,-1.5,HIGH');
  });

  it('fails clearly when the output folder cannot be made', async () => {
    const file = path.join(dir, 'plain-file');
    await writeFile(file, 'x');
    await expect(writeWeblogReport(path.join(file, 'sub'), [{ model: 'markov', scores }], [])).rejects.toThrow(
      /cannot create the output folder .*plain-file\/sub: (ENOTDIR|EEXIST); pass a writable --output/,
    );
  });
});

describe('writeWeblogReport with two models', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'zeekseq-report-both-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  // The transformer's view of the same sessions: it finds 10.0.0.2 HIGH and 10.0.0.1#2 unremarkable.
  const transformerTiers: Array<[number, SessionScore['tier']]> = [
    [3.5, 'NONE'],
    [9.5, 'HIGH'],
    [2.0, 'NONE'],
    [4.0, 'HIGH'],
    [6.0, 'LOW'],
  ];
  const transformer = scores.map((s, i) => ({
    ...s,
    score: transformerTiers[i][0],
    modelTier: transformerTiers[i][1],
    tier: s.canaryHits.length > 0 ? ('HIGH' as const) : transformerTiers[i][1],
    offending: [`GET /x (0.0${i}; expected GET / 0.5)`],
  }));

  it("writes one row per session and client with both models' scores and tiers, and the union of HIGH clients", async () => {
    const written = await writeWeblogReport(
      dir,
      [
        { model: 'markov', scores },
        { model: 'transformer', scores: transformer },
      ],
      [],
    );
    const alerts = (await readFile(path.join(dir, 'alerts.csv'), 'utf8')).trim().split('\n');
    expect(alerts[0]).toBe(
      'session,client,start,end,requests,tier,markov_score,markov_tier,transformer_score,transformer_tier,canary,transitions,tokens',
    );
    // The tier is the more severe of the two; ties by the Markov score, then the transformer's.
    expect(
      alerts.slice(1).map((row) => row.split(',').slice(0, 1).concat(row.split(',').slice(5, 10)).join(',')),
    ).toEqual([
      '10.0.0.1#2,HIGH,9.25,HIGH,2,NONE',
      '2001:db8::7#1,HIGH,1,HIGH,4,HIGH',
      '10.0.0.2#1,HIGH,0.5,NONE,9.5,HIGH',
      '10.0.0.3#1,MEDIUM,5,MEDIUM,6,LOW',
      '10.0.0.1#1,LOW,2.5,LOW,3.5,NONE',
    ]);
    expect(alerts[3]).toMatch(/,GET \/ -> GET \/x \(0\.5\),GET \/x \(0\.01; expected GET \/ 0\.5\)$/);
    expect(await readFile(path.join(dir, 'clients.csv'), 'utf8')).toBe(
      'client,sessions,tier,markov_max_score,markov_tier,transformer_max_score,transformer_tier\n' +
        '10.0.0.1,2,HIGH,9.25,HIGH,3.5,NONE\n' +
        '2001:db8::7,1,HIGH,1,HIGH,4,HIGH\n' +
        '10.0.0.2,1,HIGH,0.5,NONE,9.5,HIGH\n' +
        '10.0.0.3,1,MEDIUM,5,MEDIUM,6,LOW\n',
    );
    expect(await readFile(path.join(dir, 'high-clients.txt'), 'utf8')).toBe('10.0.0.1\n2001:db8::7\n10.0.0.2\n');
    expect(written).toMatchObject({ alerts: 5, clients: 4, tiers: { HIGH: 3, MEDIUM: 1, LOW: 1, NONE: 0 } });
  });

  it('refuses model scores of different sessions', async () => {
    await expect(
      writeWeblogReport(
        dir,
        [
          { model: 'markov', scores },
          { model: 'transformer', scores: transformer.slice(1) },
        ],
        [],
      ),
    ).rejects.toThrow(/the transformer scores are not of the same sessions as the markov scores/);
  });
});

describe('evaluateWeblog', () => {
  it('ranks sessions and clients (worst session, anomalous if any session is) against labels', () => {
    const anomalous = new Set(['10.0.0.1#2', '10.0.0.3#1']);
    const evaluation = evaluateWeblog(scores, (s) => anomalous.has(s.session.id));
    // Sessions by score: 9.25 (+), 5 (+), 2.5, 1, 0.5: both positives first.
    expect(evaluation.sessions).toMatchObject({ items: 5, positives: 2, averagePrecision: 1, rocAuc: 1 });
    expect(evaluation.sessions.tiers).toEqual({
      HIGH: { anomalous: 1, normal: 1 },
      MEDIUM: { anomalous: 1, normal: 0 },
      LOW: { anomalous: 0, normal: 1 },
      NONE: { anomalous: 0, normal: 1 },
    });
    // Clients: 10.0.0.1 (9.25, +), 10.0.0.3 (5, +), 2001:db8::7 (1), 10.0.0.2 (0.5).
    expect(evaluation.clients).toMatchObject({ items: 4, positives: 2, averagePrecision: 1, rocAuc: 1 });
    // With 10.0.0.2 anomalous instead of 10.0.0.3: the positives rank 1st and 4th, AP = (1 + 2/4) / 2.
    const worse = evaluateWeblog(scores, (s) => s.session.id === '10.0.0.1#2' || s.session.client === '10.0.0.2');
    expect(worse.clients.averagePrecision).toBeCloseTo(0.75, 12);
    expect(worse.clients.rocAuc).toBeCloseTo(0.5, 12);
  });
});

function heuristic(client: string, label: ClientLabel, extra: Partial<ClientHeuristic> = {}): ClientHeuristic {
  return { client, label, requests: 1, probes: 0, firstProbe: null, burst: 0, crawler: null, ...extra };
}

describe('rankLabelledClients', () => {
  // a probing at 9; a crawler and a 404 burst tied at 5; six ordinary 4 .. 1.5; a probing and an ordinary tied at 1.
  const ordinary = [4, 3.5, 3, 2.5, 2, 1.5].map((score, i) => [`o${i + 1}`, score, 'ordinary'] as const);
  const clients = [
    ['a', 9, 'probing'],
    ['b', 5, 'crawler'],
    ['c', 5, '404-burst'],
    ...ordinary,
    ['f', 1, 'probing'],
    ['g', 1, 'ordinary'],
  ] as const;
  const sessions = clients.flatMap(([client, score]) => [
    scored(client, 1, score, 'NONE'),
    scored(client, 2, 0, 'NONE'),
  ]);
  const labels = new Map(clients.map(([client, , label]) => [client, heuristic(client, label)]));

  it('ranks clients by their highest session, ties broken against the suspicious ones', () => {
    const ranking = rankLabelledClients(sessions, labels);
    expect(ranking).toMatchObject({
      clientScore: 'max',
      clients: 11,
      positives: 3,
      labels: { probing: 2, '404-burst': 1, crawler: 1, ordinary: 7 },
      // g is 10th, f 11th: two suspicious clients in the top 10.
      precisionAt10: 0.2,
      precisionAt20: 3 / 11,
      medianRank: { probing: 5.75, '404-burst': 2.5, crawler: 2.5, ordinary: 7 },
    });
    expect(ranking.averagePrecision).toBeCloseTo(1 / 3 + 2 / 9 + 1 / 11, 12);
    expect(ranking.rocAuc).toBeCloseTo(2 / 3, 12);
    expect(ranking.suspicious).toEqual([
      { client: 'a', label: 'probing', rank: 1, score: 9 },
      { client: 'c', label: '404-burst', rank: 2.5, score: 5 },
      { client: 'f', label: 'probing', rank: 10.5, score: 1 },
    ]);
  });

  it('says null for a label nobody has, and refuses a client without a label', () => {
    const few = new Map([...labels].map(([client]) => [client, heuristic(client, 'ordinary')]));
    few.set('a', heuristic('a', 'probing'));
    expect(rankLabelledClients(sessions, few).medianRank).toMatchObject({
      probing: 1,
      '404-burst': null,
      crawler: null,
    });
    const missing = new Map(labels);
    missing.delete('g');
    expect(() => rankLabelledClients(sessions, missing)).toThrow(/scored client g has no heuristic label/);
  });
});

describe('labelsCsv', () => {
  it('writes suspicious clients first, with their evidence escaped', () => {
    const csv = labelsCsv([
      heuristic('192.0.2.9', 'ordinary'),
      heuristic('192.0.2.1', 'crawler', { crawler: 'robots.txt', requests: 3 }),
      heuristic('=cmd|x', 'probing', { probes: 2, firstProbe: { kind: 'secret', path: '/.env\u001b[31m,"x"' } }),
      heuristic('192.0.2.5', '404-burst', { burst: 6 }),
    ]);
    expect(csv.split('\n')).toEqual([
      'client,label,requests,probes,first_probe_kind,first_probe,burst,crawler',
      '\'=cmd|x,probing,1,2,secret,"/.env\\x1b[31m,""x""",0,',
      '192.0.2.5,404-burst,1,0,,,6,',
      '192.0.2.1,crawler,3,0,,,0,robots.txt',
      '192.0.2.9,ordinary,1,0,,,0,',
      '',
    ]);
  });
});
