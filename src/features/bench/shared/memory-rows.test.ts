import { describe, expect, it } from 'vitest';
import { EMPTY_TALLY, NOT_REPORTED, memoryRows, tallySample, type MemorySample } from './memory-rows';

const MB = 1_000_000;

function tally(samples: MemorySample[]) {
  return samples.reduce(tallySample, EMPTY_TALLY);
}

function byMetric(samples: MemorySample[]) {
  return Object.fromEntries(memoryRows(tally(samples)).map((row) => [row.metric, row]));
}

describe('memoryRows', () => {
  it('has a row per metric and no numbers before the first reading', () => {
    const rows = memoryRows(EMPTY_TALLY);
    expect(rows.map((r) => r.metric)).toEqual(['js-heap', 'tfjs-wasm', 'ort-wasm', 'total']);
    expect(rows.every((r) => r.now === null && r.peak === null && r.missing === null)).toBe(true);
  });

  it('sums the workers, keeps the largest value seen, and adds the parts into the total', () => {
    const rows = byMetric([
      { jsHeap: { bytes: 30 * MB, source: 'measureUserAgentSpecificMemory' } },
      {
        workers: [
          { tfjsHeapBytes: 16 * MB, otherBytes: [] },
          { tfjsHeapBytes: null, otherBytes: [200 * MB] },
        ],
      },
      // The suite's worker ends: only the app's stays.
      { workers: [{ tfjsHeapBytes: 16 * MB, otherBytes: [] }] },
      { jsHeap: { bytes: 20 * MB, source: 'measureUserAgentSpecificMemory' } },
    ]);
    expect(rows['js-heap']).toMatchObject({
      label: 'JS heap',
      detail: 'page and workers',
      now: 20 * MB,
      peak: 30 * MB,
      missing: null,
    });
    expect(rows['tfjs-wasm']).toMatchObject({ now: 16 * MB, peak: 16 * MB });
    expect(rows['ort-wasm']).toMatchObject({ now: null, peak: 200 * MB, missing: null });
    // The peak total is the largest sum at one reading, not the sum of the peaks.
    expect(rows.total).toMatchObject({ now: 36 * MB, peak: 246 * MB });
  });

  it('says when the browser reports no JS heap, and totals the WebAssembly alone', () => {
    const rows = byMetric([{ jsHeap: null, workers: [{ tfjsHeapBytes: 33 * MB, otherBytes: [] }] }]);
    expect(rows['js-heap']).toMatchObject({ label: 'JS heap', now: null, peak: null, missing: NOT_REPORTED });
    expect(rows['ort-wasm']!.missing).toBe('not loaded');
    expect(rows.total).toMatchObject({ now: 33 * MB, peak: 33 * MB, missing: null });
  });

  it('counts readings and workers', () => {
    const result = tally([{ workers: [] }, { workers: [{ tfjsHeapBytes: null, otherBytes: [1, 2] }] }]);
    expect(result).toMatchObject({ samples: 2, workers: 1 });
    expect(result.now['ort-wasm']).toBe(3);
  });
});
