import { describe, expect, it } from 'vitest';
import { PRESETS, transformerConfig } from '../../src/model/config.js';
import { ZeekseqError } from '../../src/util/errors.js';

describe('transformerConfig', () => {
  it('defaults to the tiny preset with BERT dropout and initialisation', () => {
    expect(transformerConfig({ vocabSize: 64, seqLen: 12 })).toEqual({
      vocabSize: 64,
      seqLen: 12,
      hidden: 64,
      layers: 2,
      heads: 4,
      ff: 128,
      dropout: 0.1,
      attentionDropout: 0.1,
      initRange: 0.02,
      layerNormEps: 1e-12,
    });
  });

  it('has the small and original presets, and any size can be overridden', () => {
    expect(PRESETS.small).toEqual({ hidden: 128, layers: 4, heads: 4, ff: 256 });
    expect(PRESETS.original).toEqual({ hidden: 768, layers: 12, heads: 12, ff: 1024 });
    const config = transformerConfig({ vocabSize: 20, seqLen: 10, preset: 'original', layers: 3, dropout: 0 });
    expect(config).toMatchObject({ hidden: 768, layers: 3, heads: 12, dropout: 0 });
  });

  it('names every bad setting in one error', () => {
    let message = '';
    try {
      transformerConfig({ vocabSize: 5, seqLen: 1, hidden: 30, heads: 4, dropout: 1 });
    } catch (error) {
      expect(error).toBeInstanceOf(ZeekseqError);
      message = (error as Error).message;
    }
    expect(message).toMatch(/vocabSize must be a whole number >= 6, got 5/);
    expect(message).toMatch(/seqLen must be a whole number >= 2, got 1/);
    expect(message).toMatch(/dropout must be in \[0, 1\), got 1/);
    expect(message).toMatch(/heads \(4\) must divide hidden \(30\)/);
    expect(() => transformerConfig({ vocabSize: 20, seqLen: 10, preset: 'huge' as never })).toThrow(
      /unknown preset "huge"/,
    );
  });
});
