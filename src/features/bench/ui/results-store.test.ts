import { describe, expect, it } from 'vitest';
import type { DeviceResult } from '../shared/device-result';
import { clearResults, readResults, RESULTS_KEY, RESULTS_LIMIT, saveResult } from './results-store';

class MemoryStorage implements Storage {
  private items = new Map<string, string>();
  quota = Infinity;
  get length() {
    return this.items.size;
  }
  clear() {
    this.items.clear();
  }
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  key(index: number) {
    return [...this.items.keys()][index] ?? null;
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
  setItem(key: string, value: string) {
    if (value.length > this.quota) throw new DOMException('Full', 'QuotaExceededError');
    this.items.set(key, value);
  }
}

const result = (date: string): DeviceResult => ({
  suite: 'face',
  date,
  quick: false,
  rows: [],
  ratios: [],
  notes: [],
  device: { userAgent: 'test', cores: 2 },
});

describe('bench results store', () => {
  it('keeps the newest first, up to the limit', () => {
    const storage = new MemoryStorage();
    for (let i = 0; i < RESULTS_LIMIT + 5; i += 1) saveResult(result(`2026-12-01T00:00:${i}`), storage);
    const list = readResults(storage);
    expect(list).toHaveLength(RESULTS_LIMIT);
    expect(list[0]!.date).toBe(`2026-12-01T00:00:${RESULTS_LIMIT + 4}`);
  });

  it('ignores what is not a result, and survives a corrupt entry', () => {
    const storage = new MemoryStorage();
    storage.setItem(RESULTS_KEY, JSON.stringify([{ nope: 1 }, result('a')]));
    expect(readResults(storage).map((r) => r.date)).toEqual(['a']);
    storage.setItem(RESULTS_KEY, '{not json');
    expect(readResults(storage)).toEqual([]);
  });

  it('keeps the old list when the storage is full, and clears', () => {
    const storage = new MemoryStorage();
    saveResult(result('old'), storage);
    storage.quota = 10;
    expect(() => saveResult(result('new'), storage)).toThrow();
    expect(readResults(storage).map((r) => r.date)).toEqual(['old']);
    clearResults(storage);
    expect(readResults(storage)).toEqual([]);
  });
});
