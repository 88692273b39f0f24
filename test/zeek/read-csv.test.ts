import { afterAll, describe, expect, it } from 'vitest';
import { readContent, tempFolder } from './support/logs.js';

const folder = tempFolder('csv');
afterAll(folder.remove);

describe('CSV with a header row', () => {
  it('reads RFC 4180 quoting (commas, doubled quotes, line breaks) and types each column', async () => {
    const content = [
      'ts,uid,id.orig_p,local_orig,note,when',
      '1575413096.5,C1,80,T,"a, b",2019-12-03T22:44:56Z',
      '1575413097,C2,-,F,"say ""hi""",2019-12-03T22:44:57.25Z',
      '1575413098,C3,443,,"two',
      'lines",',
      '1575413099,"C4",22,true,"",',
    ].join('\r\n');
    const { dataset, problemTotals } = await readContent(folder.dir, 'conn.csv', `\ufeff${content}\r\n`);
    expect(problemTotals).toEqual([]);
    const conn = dataset.log('conn');
    expect(conn.columnNames()).toEqual(['ts', 'uid', 'id.orig_p', 'local_orig', 'note', 'when']);
    expect([...(conn.column('ts') as unknown as Float64Array)]).toEqual([
      1575413096.5, 1575413097, 1575413098, 1575413099,
    ]);
    expect([...(conn.column('id.orig_p') as unknown as Float64Array)]).toEqual([80, NaN, 443, 22]);
    expect(conn.array('uid')).toEqual(['C1', 'C2', 'C3', 'C4']);
    expect(conn.array('local_orig')).toEqual([true, false, null, true]);
    expect(conn.array('note')).toEqual(['a, b', 'say "hi"', 'two\nlines', '']);
    expect([...(conn.column('when') as unknown as Float64Array)]).toEqual([1575413096, 1575413097.25, NaN, NaN]);
    expect(dataset.sources.get('conn')!.files[0]).toMatchObject({ format: 'csv', rows: 4 });
  });

  it('keeps a column with any non-number as text', async () => {
    const { dataset } = await readContent(folder.dir, 'mixed.csv', 'port,name\n80,web\n8080x,alt\n');
    expect(dataset.log('mixed').array('port')).toEqual(['80', '8080x']);
  });

  it('drops a record with the wrong field count and reports an unterminated quote', async () => {
    const { dataset, file } = await readContent(
      folder.dir,
      'bad.csv',
      'a,b\n1,2\n3\n4,5,6\n7,8\n9,"open\nstill open\n',
    );
    expect([...(dataset.log('bad').column('a') as unknown as Float64Array)]).toEqual([1, 7]);
    expect(dataset.problems.map((p) => [p.file, p.line, p.kind])).toEqual([
      [file, 3, 'field-count'],
      [file, 4, 'field-count'],
      [file, 6, 'field-count'],
    ]);
    expect(dataset.problems[2].message).toMatch(/never closed/);
  });
});
