import { describe, expect, it } from 'vitest';
import { DEFAULT_WAIT_THRESHOLD_BYTES, waitReason } from './download-policy';

const big = DEFAULT_WAIT_THRESHOLD_BYTES + 1;
const base = { thresholdBytes: DEFAULT_WAIT_THRESHOLD_BYTES, connection: null, battery: null };

describe('waitReason', () => {
  it('never holds back a download at or under the threshold', () => {
    const worst = {
      connection: { type: 'cellular', saveData: true },
      battery: { charging: false, level: 0.05 },
    };
    expect(waitReason({ ...base, ...worst, bytes: DEFAULT_WAIT_THRESHOLD_BYTES })).toBeNull();
  });

  it('lets a large download start when nothing is known (desktop browsers)', () => {
    expect(waitReason({ ...base, bytes: big })).toBeNull();
  });

  it('waits for Wi-Fi on a cellular connection', () => {
    expect(waitReason({ ...base, bytes: big, connection: { type: 'cellular' } })).toMatch(/Wi-Fi/);
    expect(waitReason({ ...base, bytes: big, connection: { type: 'wifi' } })).toBeNull();
  });

  it('respects Data Saver', () => {
    expect(waitReason({ ...base, bytes: big, connection: { type: 'wifi', saveData: true } })).toMatch(
      /Data Saver/,
    );
  });

  it('waits on a low battery that is not charging, and says the level', () => {
    expect(waitReason({ ...base, bytes: big, battery: { charging: false, level: 0.3 } })).toBe(
      'Waiting for charging: the battery is at 30%.',
    );
    expect(waitReason({ ...base, bytes: big, battery: { charging: true, level: 0.3 } })).toBeNull();
    expect(waitReason({ ...base, bytes: big, battery: { charging: false, level: 0.8 } })).toBeNull();
  });

  it('uses the threshold the user set', () => {
    expect(
      waitReason({ ...base, thresholdBytes: 5, bytes: 6, connection: { type: 'cellular' } }),
    ).not.toBeNull();
  });
});
