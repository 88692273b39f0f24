/**
 * The event stream's progress handle: events at most once per percent of the total, a note (rows read) carried by
 * the next event emitted, and one closing event.
 */
import { describe, expect, it } from 'vitest';
import { EventStream, type ZeekseqEvent } from '../../src/util/events.js';

describe('EventStream.progress', () => {
  it('emits at most once per percent, with the latest note, and ends once', () => {
    const events = new EventStream();
    const seen: ZeekseqEvent[] = [];
    events.on((event) => seen.push(event));
    const progress = events.progress('reading', 1000, 'rows');
    for (let i = 0; i < 1000; i++) progress.tick(1, i === 500 ? 'half way' : undefined);
    progress.stop();
    progress.stop();
    const shown = seen.filter((e) => e.type === 'progress');
    expect(shown.length).toBe(1 + 100 + 1);
    expect(shown[0]).toMatchObject({ done: 0, total: 1000, unit: 'rows' });
    expect(shown[0]).not.toHaveProperty('note');
    expect(shown.find((e) => e.type === 'progress' && e.done === 510)).toMatchObject({ note: 'half way' });
    expect(shown.at(-1)).toMatchObject({ done: 1000, end: true, note: 'half way' });
  });
});
