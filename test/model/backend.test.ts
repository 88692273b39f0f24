import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { chooseBackend, describeBackend } from '../../src/model/backend.js';

describe('chooseBackend', () => {
  it('starts the best available backend and says what it skipped', async () => {
    const info = await chooseBackend();
    expect(tf.getBackend()).toBe(info.name);
    expect(info.tfjs).toBe(tf.version.tfjs);
    // tfjs-node cannot be installed on the project's machines: auto falls through to wasm with SIMD
    if (info.name !== 'tensorflow') {
      expect(info.name).toBe('wasm');
      expect(info.skipped[0]).toMatch(/^tensorflow: /);
      expect(describeBackend(info)).toMatch(/^wasm \((no )?SIMD\) on tfjs \d+\.\d+\.\d+; skipped tensorflow: /);
    }
    expect(await chooseBackend()).toBe(info);
  });

  it('starts a named backend on request and refuses unknown names or unavailable ones', async () => {
    const cpu = await chooseBackend({ backend: 'cpu' });
    expect(cpu).toMatchObject({ name: 'cpu', simd: false, skipped: [] });
    expect(tf.getBackend()).toBe('cpu');
    expect(() => chooseBackend({ backend: 'gpu' as never })).toThrow(
      /unknown backend "gpu"; use one of auto, tensorflow, wasm, cpu/,
    );
    const tensorflow = chooseBackend({ backend: 'tensorflow' });
    if (
      !(await tensorflow.then(
        () => true,
        () => false,
      ))
    ) {
      await expect(tensorflow).rejects.toThrow(
        /could not start tensorflow \(tensorflow: @tensorflow\/tfjs-node is not installed\)/,
      );
    }
  });
});
