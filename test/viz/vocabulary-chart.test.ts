import { describe, expect, it } from 'vitest';
import { Vocabulary } from '../../src/sequence/vocabulary.js';
import { ALERT_COLOUR } from '../../src/viz/chart-style.js';
import { vocabularyChart } from '../../src/viz/vocabulary-chart.js';
import { chartFixtures } from '../support/chart-fixtures.js';
import { countMarks, snapshotSvg, texts } from '../support/svg-snapshot.js';

const { vocabulary } = chartFixtures();

describe('vocabularyChart', () => {
  it('draws a bar per word with its count, outlier tokens in the alert colour', async () => {
    const svg = await snapshotSvg(vocabularyChart(vocabulary));
    await expect(svg).toMatchFileSnapshot('../output/vocabulary-chart.svg');
    expect(countMarks(svg, 'bar')).toBe(10);
    expect(svg.match(new RegExp(`aria-roledescription="bar"[^>]*fill="${ALERT_COLOUR}"`, 'g'))).toHaveLength(2);
    const labels = texts(svg);
    expect(labels).toContain('conn:outlier');
    expect(labels).toContain('40,000');
    expect(labels).not.toContain('[CLS]');
    expect(labels.some((t) => t.includes('44,668 training events'))).toBe(true);
  });

  it('takes the entries as well, and refuses a vocabulary of special tokens only', () => {
    expect(vocabularyChart(vocabulary.entries)).toEqual(vocabularyChart(vocabulary));
    const empty = Vocabulary.build({ clustered: {}, unclustered: [] });
    expect(() => vocabularyChart(empty)).toThrow(/no words/);
  });
});
