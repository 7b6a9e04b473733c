/**
 * Rolling per-stage latency and frame rate of the live view: medians over the last frames,
 * so one slow frame does not make the numbers jump.
 */

export const STAGES = ['capture', 'pre', 'model', 'post', 'mesh', 'draw'] as const;
export type Stage = (typeof STAGES)[number];

/** Frames the medians cover. */
export const STATS_WINDOW = 60;

export interface StatsSnapshot {
  fps: number;
  /** Median milliseconds per stage. */
  stages: Record<Stage, number>;
  /** Median time from the frame taken to the boxes drawn. */
  endToEnd: number;
  frames: number;
  dropped: number;
}

function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export class LiveStats {
  private readonly samples = new Map<Stage | 'endToEnd', number[]>();
  private readonly finished: number[] = [];
  frames = 0;

  /** Records one finished frame: its stage times, its end-to-end time and when it finished. */
  add(stages: Partial<Record<Stage, number>>, endToEnd: number, finishedAt: number): void {
    this.frames += 1;
    for (const [stage, ms] of [...Object.entries(stages), ['endToEnd', endToEnd]] as [Stage, number][]) {
      const list = this.samples.get(stage) ?? [];
      list.push(ms);
      if (list.length > STATS_WINDOW) list.shift();
      this.samples.set(stage, list);
    }
    this.finished.push(finishedAt);
    while (this.finished.length > 0 && finishedAt - this.finished[0]! > 2000) this.finished.shift();
  }

  snapshot(now: number, dropped: number): StatsSnapshot {
    const recent = this.finished.filter((t) => now - t <= 2000);
    const span = recent.length > 1 ? (recent.at(-1)! - recent[0]!) / 1000 : 0;
    const stages = Object.fromEntries(STAGES.map((s) => [s, median(this.samples.get(s) ?? [])])) as Record<
      Stage,
      number
    >;
    return {
      fps: span > 0 ? (recent.length - 1) / span : 0,
      stages,
      endToEnd: median(this.samples.get('endToEnd') ?? []),
      frames: this.frames,
      dropped,
    };
  }
}
