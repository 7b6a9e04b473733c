/**
 * Merging the service worker's answer to `model/status` with its progress events. The answer is
 * read in the worker before it is posted, and arrives on another channel than the events, so a
 * job can finish (and say so) between the two: an answer applied after that event would put a
 * stored model back to "downloading" for good, with no event left to correct it.
 */
import type { ModelJobStatus } from '../../shared/model-store-protocol';

/**
 * The statuses of a `model/status` answer worth applying: those of models no progress event has
 * been heard from since the question was sent. Events carry every change, the last one
 * included, so where one has arrived it is at least as current as the answer.
 */
export function freshStatuses(
  answer: readonly ModelJobStatus[],
  heardFrom: ReadonlySet<string>,
): ModelJobStatus[] {
  return answer.filter((job) => !heardFrom.has(job.modelId));
}
