import { afterAll, describe, expect, it } from 'vitest';
import { exportRuns, runsCsv } from '../../src/track/export-runs.js';
import { listRuns } from '../../src/track/read-runs.js';
import { finishedRun, tempRunsDir } from './support/runs.js';

const temp = tempRunsDir('export');
afterAll(temp.remove);

describe('exportRuns', () => {
  it('has a row per run with param.<name> and metric.<name> columns, formulas neutralised in the CSV', async () => {
    const first = await finishedRun(temp.dir, {
      name: '=cmd|" /C calc"!A0',
      params: { seed: 1, excludeIps: ['10.0.0.1'] },
      metrics: { ap: 0.5 },
    });
    const second = await finishedRun(temp.dir, { params: { seed: 2, note: '@SUM(A1)' }, metrics: { loss: -0.25 } });
    const table = exportRuns(await listRuns(temp.dir));
    expect(table.columns).toEqual([
      'id',
      'name',
      'kind',
      'status',
      'start',
      'duration_s',
      'param.excludeIps',
      'param.note',
      'param.seed',
      'metric.ap',
      'metric.loss',
    ]);
    expect(table.rows.map((row) => [row.id, row['param.seed'], row['metric.ap'], row['metric.loss']])).toEqual([
      [first, 1, 0.5, undefined],
      [second, 2, undefined, -0.25],
    ]);

    const lines = runsCsv(table).trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe(table.columns.join(','));
    expect(lines[1]).toMatch(new RegExp(`^${first},"'=cmd\\|"" /C calc""!A0",train,finished,[^,]+,[0-9.]+,"\\["`));
    expect(lines[1]).toMatch(/,"\[""10\.0\.0\.1""\]",,1,0\.5,$/);
    expect(lines[2]).toMatch(/,'@SUM\(A1\),2,,-0\.25$/);
  });
});
