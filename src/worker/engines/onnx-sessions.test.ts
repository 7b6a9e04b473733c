import { describe, expect, it, vi } from 'vitest';
import { buildOverSessions, type OnnxModel } from './onnx';

const session = (url: string) => ({ url }) as unknown as OnnxModel;

describe('buildOverSessions', () => {
  it('returns what was built and keeps the sessions', async () => {
    const release = vi.fn(async () => undefined);
    await expect(buildOverSessions([session('encoder')], () => 'translator', release)).resolves.toBe(
      'translator',
    );
    expect(release).not.toHaveBeenCalled();
  });

  it('releases every session when building throws, and rethrows that error', async () => {
    const release = vi.fn(async (_: OnnxModel) => undefined);
    const sessions = [session('encoder'), session('decoder')];
    const broken = new Error('config.json has no d_model');
    await expect(
      buildOverSessions(
        sessions,
        () => {
          throw broken;
        },
        release,
      ),
    ).rejects.toBe(broken);
    expect(release.mock.calls.map(([s]) => s.url)).toEqual(['encoder', 'decoder']);
  });

  it('a session that fails to release does not hide the error', async () => {
    const release = vi.fn(async () => {
      throw new Error('already released');
    });
    const broken = new Error('bad tokenizer');
    await expect(
      buildOverSessions(
        [session('encoder')],
        () => {
          throw broken;
        },
        release,
      ),
    ).rejects.toBe(broken);
    expect(release).toHaveBeenCalledTimes(1);
  });
});
