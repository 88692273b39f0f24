import { afterAll, describe, expect, it } from 'vitest';
import { readContent, tempFolder, zeekTsv } from './support/logs.js';

const folder = tempFolder('tsv');
afterAll(folder.remove);

const FIELDS = [
  'ts',
  'uid',
  'id.orig_h',
  'id.orig_p',
  'proto',
  'duration',
  'orig_bytes',
  'local_orig',
  'tunnel_parents',
  'ttls',
  'delta',
  'score',
];
const TYPES = [
  'time',
  'string',
  'addr',
  'port',
  'enum',
  'interval',
  'count',
  'bool',
  'set[string]',
  'vector[interval]',
  'int',
  'double',
];

/** Line numbers in zeekTsv output: 8 header lines, so row k (0-based) is on line 9 + k. */
const rowLine = (k: number): number => 9 + k;

describe('Zeek TSV typed by #types', () => {
  it('reads each Zeek type into its column kind, with unset and empty values', async () => {
    const { dataset, problemTotals } = await readContent(
      folder.dir,
      'conn.log',
      zeekTsv(FIELDS, TYPES, [
        [
          '1541117137.618695',
          'C1',
          '10.0.0.1',
          '49159',
          'tcp',
          '0.013561',
          '244',
          'T',
          '-',
          '1.5,2.25',
          '-7',
          '3.5e-05',
        ],
        ['1541117138.000001', 'C2', '10.0.0.2', '53', 'udp', '-', '-', 'F', '(empty)', '(empty)', '12', '-'],
        ['1541117139.5', 'C3', 'fe80::1', '443', 'tcp', '1.0', '0', '-', 'Cx1,Cx2', '-', '0', 'inf'],
      ]),
    );
    expect(problemTotals).toEqual([]);
    const conn = dataset.log('conn');
    expect(conn.numRows()).toBe(3);
    expect(conn.columnNames()).toEqual(FIELDS);
    const ts = conn.column('ts') as unknown as Float64Array;
    expect(ts).toBeInstanceOf(Float64Array);
    expect([...ts]).toEqual([1541117137.618695, 1541117138.000001, 1541117139.5]);
    expect(conn.column('id.orig_p')).toBeInstanceOf(Float64Array);
    expect(conn.column('duration')).toBeInstanceOf(Float64Array);
    expect(Number.isNaN(conn.get('duration', 1))).toBe(true);
    expect(Number.isNaN(conn.get('orig_bytes', 1))).toBe(true);
    expect(conn.get('orig_bytes', 2)).toBe(0);
    expect(conn.get('delta', 0)).toBe(-7);
    expect(conn.get('score', 0)).toBe(3.5e-5);
    expect(conn.get('score', 2)).toBe(Infinity);
    expect(conn.array('local_orig')).toEqual([true, false, null]);
    expect(conn.array('uid')).toEqual(['C1', 'C2', 'C3']);
    expect(conn.array('id.orig_h')).toEqual(['10.0.0.1', '10.0.0.2', 'fe80::1']);
    expect(conn.array('tunnel_parents')).toEqual([null, [], ['Cx1', 'Cx2']]);
    expect(conn.array('ttls')).toEqual([[1.5, 2.25], [], null]);
    expect(Object.isFrozen(conn.get('tunnel_parents', 2))).toBe(true);
    expect(dataset.sources.get('conn')!.fieldTypes).toEqual(Object.fromEntries(FIELDS.map((f, i) => [f, TYPES[i]])));
    expect(dataset.sources.get('conn')!.files).toEqual([
      { path: expect.stringMatching(/conn\.log$/), format: 'tsv', gzip: false, rows: 3 },
    ]);
  });

  it('parses decimals exactly as Number() does, including long and exponent forms', async () => {
    const texts = [
      'nan',
      '0',
      '-0.5',
      '1713740391.343651',
      '0.000001',
      '123456789012345678901',
      '9007199254740993',
      '1e-05',
      '-2.5E+3',
      '0.1',
      '.5',
      '5.',
    ];
    for (let k = 0; k < 200; k++) texts.push((1.5e9 + k * 12345.678901).toFixed(6), (k * 0.001).toFixed(3));
    const { dataset, problemTotals } = await readContent(
      folder.dir,
      'n.log',
      zeekTsv(
        ['x'],
        ['double'],
        texts.map((t) => [t]),
      ),
    );
    expect(problemTotals).toEqual([]);
    expect([...(dataset.log('n').column('x') as unknown as Float64Array)]).toEqual(texts.map(Number));
  });

  it('decodes \\x escapes and \\\\, keeps escaped non-UTF-8 bytes as written, splits sets only on raw commas', async () => {
    const { dataset, problemTotals } = await readContent(
      folder.dir,
      'http.log',
      zeekTsv(
        ['uri', 'tags'],
        ['string', 'set[string]'],
        [
          ['/a\\x09b', 'x\\x2cy,z'],
          ['O=Google Trust Services\\\\, Inc', '-'],
          ['caf\\xc3\\xa9 \\xe2\\x82\\xac', '-'],
          ['bin\\xff\\x00end', '-'],
          ['raw café', '-'],
        ],
        'http',
      ),
    );
    expect(problemTotals).toEqual([]);
    const http = dataset.log('http');
    expect(http.array('uri')).toEqual([
      '/a\tb',
      'O=Google Trust Services\\, Inc',
      'café €',
      'bin\\xff\\x00end',
      'raw café',
    ]);
    expect(http.get('tags', 0)).toEqual(['x,y', 'z']);
  });

  it('reads a file with its own separator, set separator and markers', async () => {
    const content = [
      '#separator \\x2c',
      '#set_separator,;',
      '#empty_field,EMPTY',
      '#unset_field,NONE',
      '#fields,ts,names,note',
      '#types,time,set[string],string',
      '1.5,a;b,hello',
      'NONE,EMPTY,NONE',
      '2,NONE,EMPTY',
    ].join('\n');
    const { dataset, problemTotals } = await readContent(folder.dir, 'custom.log', content);
    expect(problemTotals).toEqual([]);
    const log = dataset.log('custom');
    expect([...(log.column('ts') as unknown as Float64Array)]).toEqual([1.5, NaN, 2]);
    expect(log.array('names')).toEqual([['a', 'b'], [], null]);
    expect(log.array('note')).toEqual(['hello', null, '']);
  });

  it('applies markers redefined by a later header block to the rows after it', async () => {
    const first = zeekTsv(['note'], ['string'], [['-'], ['x']]);
    const second = first
      .replace('#unset_field\t-', '#unset_field\tNONE')
      .replace('#empty_field\t(empty)', '#empty_field\tEMPTY');
    const { dataset } = await readContent(folder.dir, 'markers.log', first + second);
    expect(dataset.log('markers').array('note')).toEqual([null, 'x', '-', 'x']);
  });

  it('types columns from their values when #types is absent', async () => {
    const content = ['#fields\tts\tflag\tname\tport', '1.25\tT\tx\t80', '2\tF\t-\t-', '3\t-\t12ab\t443'].join('\n');
    const { dataset } = await readContent(folder.dir, 'notypes.log', content);
    const log = dataset.log('notypes');
    expect(log.column('ts')).toBeInstanceOf(Float64Array);
    expect(log.array('flag')).toEqual([true, false, null]);
    expect(log.array('name')).toEqual(['x', null, '12ab']);
    expect([...(log.column('port') as unknown as Float64Array)]).toEqual([80, NaN, 443]);
  });

  it('reads more than 65,536 distinct values in one column correctly (interning gives up on them)', async () => {
    const rows: string[][] = [];
    for (let k = 0; k < 70_000; k++) rows.push([`C${k.toString(36)}x`, k % 3 === 0 ? 'tcp' : 'udp']);
    const { dataset } = await readContent(folder.dir, 'many.log', zeekTsv(['uid', 'proto'], ['string', 'enum'], rows));
    const log = dataset.log('many');
    expect(log.numRows()).toBe(70_000);
    expect(log.get('uid', 69_999)).toBe(`C${(69_999).toString(36)}x`);
    expect(log.get('uid', 65_536)).toBe(`C${(65_536).toString(36)}x`);
    expect(log.array('proto').filter((p) => p === 'tcp').length).toBe(23_334);
  });
});

describe('Zeek TSV bad input: recorded, never fatal, never silent', () => {
  it('drops a row with the wrong field count (and only that row), keeping the others aligned', async () => {
    const { dataset, problemTotals, file } = await readContent(
      folder.dir,
      'fc.log',
      zeekTsv(
        ['ts', 'uid', 'orig_bytes', 'tags'],
        ['time', 'string', 'count', 'set[string]'],
        [
          ['1', 'C1', '10', 'a'],
          ['2', 'C2', '20'],
          ['3', 'C3', '30', 'c', 'extra'],
          ['4', 'C4', '40', 'd'],
        ],
      ),
    );
    const log = dataset.log('fc');
    expect(log.array('uid')).toEqual(['C1', 'C4']);
    expect([...(log.column('orig_bytes') as unknown as Float64Array)]).toEqual([10, 40]);
    expect(log.array('tags')).toEqual([['a'], ['d']]);
    expect(problemTotals).toEqual([{ file, kind: 'field-count', count: 2 }]);
    expect(dataset.problems.map((p) => [p.line, p.kind])).toEqual([
      [rowLine(1), 'field-count'],
      [rowLine(2), 'field-count'],
    ]);
    expect(dataset.problems[0].message).toMatch(/expected 4 .*found 3.*not read/);
    expect(dataset.sources.get('fc')!.files[0].rows).toBe(2);
  });

  it('keeps a row with an unparsable number or bool, with that value unset', async () => {
    const { dataset, file } = await readContent(
      folder.dir,
      'bad.log',
      zeekTsv(
        ['ts', 'orig_bytes', 'local_orig', 'ttls'],
        ['time', 'count', 'bool', 'vector[interval]'],
        [
          ['1', '12a', 'T', '1.0'],
          ['2', '', 'X', '1.0,zz'],
          ['3', '7', 'F', '2.0'],
        ],
      ),
    );
    const log = dataset.log('bad');
    expect(log.numRows()).toBe(3);
    expect([...(log.column('orig_bytes') as unknown as Float64Array)]).toEqual([NaN, NaN, 7]);
    expect(log.array('local_orig')).toEqual([true, null, false]);
    expect(log.array('ttls')).toEqual([[1], [1, null], [2]]);
    expect(dataset.problems.map((p) => [p.file, p.line, p.kind])).toEqual([
      [file, rowLine(0), 'bad-number'],
      [file, rowLine(1), 'bad-number'],
      [file, rowLine(1), 'bad-bool'],
      [file, rowLine(1), 'bad-number'],
    ]);
    expect(dataset.problems[0].message).toContain('"12a"');
    expect(dataset.problems[0].message).toContain('orig_bytes');
  });

  it('keeps a broken \\x escape as written and reports it', async () => {
    const { dataset, file } = await readContent(
      folder.dir,
      'esc.log',
      zeekTsv(['uri'], ['string'], [['/a\\x4'], ['/b\\xZZ'], ['/ok\\x41']]),
    );
    expect(dataset.log('esc').array('uri')).toEqual(['/a\\x4', '/b\\xZZ', '/okA']);
    expect(dataset.problems.map((p) => [p.file, p.line, p.kind])).toEqual([
      [file, rowLine(0), 'bad-escape'],
      [file, rowLine(1), 'bad-escape'],
    ]);
  });

  it('replaces bytes that are not UTF-8 by U+FFFD, keeps the row and reports each one', async () => {
    const text = zeekTsv(
      ['uid', 'host'],
      ['string', 'string'],
      [
        ['C1', 'HOST_A'],
        ['C2', 'HOST_B'],
        ['C3', 'HOST_A'],
      ],
    );
    const bytes = Buffer.from(text.replace('HOST_B', 'ab\u0001cd').replace(/HOST_A/g, 'xy\u0002'), 'latin1');
    bytes[bytes.indexOf(0x01)] = 0xff;
    while (bytes.includes(0x02)) bytes[bytes.indexOf(0x02)] = 0xc3; // a lead byte with no continuation
    const { dataset, file } = await readContent(folder.dir, 'utf.log', bytes);
    expect(dataset.log('utf').array('host')).toEqual(['xy\ufffd', 'ab\ufffdcd', 'xy\ufffd']);
    expect(dataset.problems.map((p) => [p.file, p.line, p.kind])).toEqual([
      [file, rowLine(0), 'bad-utf8'],
      [file, rowLine(1), 'bad-utf8'],
      [file, rowLine(2), 'bad-utf8'],
    ]);
  });

  it('reads rows after a changed #fields under the new header and records the change', async () => {
    const first = zeekTsv(['ts', 'uid', 'old'], ['time', 'string', 'count'], [['1', 'C1', '5']]);
    const same = zeekTsv(['ts', 'uid', 'old'], ['time', 'string', 'count'], [['2', 'C2', '6']]);
    const changed = zeekTsv(['ts', 'uid', 'new'], ['time', 'string', 'bool'], [['3', 'C3', 'T']]);
    const { dataset, file } = await readContent(folder.dir, 'hc.log', first + same + changed);
    const log = dataset.log('hc');
    expect(log.columnNames()).toEqual(['ts', 'uid', 'old', 'new']);
    expect(log.array('uid')).toEqual(['C1', 'C2', 'C3']);
    expect([...(log.column('old') as unknown as Float64Array)]).toEqual([5, 6, NaN]);
    expect(log.array('new')).toEqual([null, null, true]);
    // The identical header of the second block is not a change; the third block's is, at its #fields line.
    const fieldsLine = 2 * 10 + 7;
    expect(dataset.problems).toEqual([
      { file, line: fieldsLine, kind: 'header-change', message: expect.stringMatching(/added new; removed old/) },
    ]);
  });

  it('keeps a column whose type changes between header blocks as text', async () => {
    const a = zeekTsv(['ts', 'code'], ['time', 'count'], [['1', '5']]);
    const b = zeekTsv(['ts', 'code'], ['time', 'string'], [['2', 'abc']]);
    const { dataset } = await readContent(folder.dir, 'retype.log', a + b);
    expect(dataset.log('retype').array('code')).toEqual(['5', 'abc']);
    expect(dataset.problems.map((p) => p.kind)).toEqual(['header-change']);
    expect(dataset.sources.get('retype')!.fieldTypes.code).toBe('string');
  });

  it('reports data lines before any #fields and reads the rows after it', async () => {
    const content = `1\tC0\n\n2\tC00\n${zeekTsv(['ts', 'uid'], ['time', 'string'], [['3', 'C3']])}`;
    const { dataset, file } = await readContent(folder.dir, 'early.log', content);
    expect(dataset.log('early').array('uid')).toEqual(['C3']);
    expect(dataset.problems.map((p) => [p.file, p.line, p.kind])).toEqual([
      [file, 1, 'missing-header'],
      [file, 3, 'missing-header'],
    ]);
  });

  it('reports an empty file and gives its log no rows', async () => {
    const { dataset, file } = await readContent(folder.dir, 'empty.log', '');
    expect(dataset.log('empty').numRows()).toBe(0);
    expect(dataset.problems).toEqual([
      { file, line: 0, kind: 'missing-header', message: expect.stringMatching(/empty/) },
    ]);
  });

  it('refuses a multi-byte separator with a problem per line instead of misreading', async () => {
    const { dataset, problemTotals } = await readContent(
      folder.dir,
      'multi.log',
      '#separator \\x3a\\x3a\n#fields::a\n#types::string\nx\ny\n',
    );
    expect(dataset.log('multi').numRows()).toBe(0);
    expect(problemTotals[0]).toMatchObject({ kind: 'missing-header', count: 3 });
    expect(dataset.problems[0].message).toMatch(/not a single byte/);
  });

  it('stores the first 100 problems of a kind per file and counts the rest', async () => {
    const rows = Array.from({ length: 250 }, (_, k) => [String(k), k % 2 ? 'x' : 'y']);
    const { dataset, problemTotals, file } = await readContent(
      folder.dir,
      'garbage.log',
      zeekTsv(['ts', 'n'], ['time', 'count'], rows),
    );
    expect(dataset.log('garbage').numRows()).toBe(250);
    expect(problemTotals).toEqual([{ file, kind: 'bad-number', count: 250 }]);
    expect(dataset.problems).toHaveLength(101);
    expect(dataset.problems[99].line).toBe(rowLine(99));
    expect(dataset.problems[100]).toMatchObject({
      line: 0,
      kind: 'bad-number',
      message: expect.stringMatching(/^150 more bad-number problems.*250 in all/),
    });
  });
});
