import { describe, expect, it } from 'vitest';
import type { ModelJobStatus } from '../../shared/model-store-protocol';
import { freshStatuses } from './job-statuses';

const job = (modelId: string, state: ModelJobStatus['state'], receivedBytes = 100): ModelJobStatus => ({
  modelId,
  variant: 'fp32',
  version: '1.0.0',
  state,
  receivedBytes,
  totalBytes: 100,
});

describe('freshStatuses', () => {
  it('applies the whole answer when no event has come since the question', () => {
    const answer = [job('facemesh', 'downloading'), job('movenet', 'stored')];
    expect(freshStatuses(answer, new Set())).toEqual(answer);
  });

  it('never puts back a job an event has already moved on (the answer was read before it finished)', () => {
    const answer = [job('facemesh', 'downloading'), job('movenet', 'queued', 0)];
    expect(freshStatuses(answer, new Set(['facemesh']))).toEqual([job('movenet', 'queued', 0)]);
  });
});
