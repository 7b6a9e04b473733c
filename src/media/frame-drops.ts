/**
 * Counts the camera frames a reader never saw, from the timestamps of those it did. Pure (no DOM,
 * no VideoFrame), so the page and the workers can share it.
 *
 * Camera timestamps jitter: a frame stamped late makes one gap long and the next one short, so
 * comparing each gap with the shortest one seen counts frames that were never missing. Here each
 * frame read gets the camera slot (frame number) its stamp is nearest to on a line fitted (least
 * squares) to the recent frames' slots and stamps; a skipped slot is a dropped frame. The fit
 * averages the jitter out of both the interval and the phase, so stamps up to a fifth of an interval
 * off their slots count nothing (taking the shortest gap for the interval miscounts from a tenth).
 */

/** Recent frames the line is fitted to. */
export const DROP_FIT_FRAMES = 48;

export class FrameDropCounter {
  /** Slots and stamps of recent frames, oldest first; stamps relative to the first frame's. */
  private readonly slots: number[] = [];
  private readonly stamps: number[] = [];
  private origin: number | null = null;
  /** Frames the camera made between those read. */
  dropped = 0;

  /** Notes the timestamp of the frame just read (any unit, increasing); returns `dropped`. */
  frame(timestamp: number): number {
    if (this.origin === null) {
      this.origin = timestamp;
      this.record(0, 0);
      return this.dropped;
    }
    const stamp = timestamp - this.origin;
    const lastSlot = this.slots.at(-1)!;
    // A stamp that does not move forward says nothing about frames in between.
    if (stamp <= this.stamps.at(-1)!) return this.dropped;
    // The second frame fixes the first interval: nothing before it tells a gap from a drop.
    const slot = this.slots.length < 2 ? lastSlot + 1 : Math.max(lastSlot + 1, this.nearestSlot(stamp));
    this.dropped += slot - lastSlot - 1;
    this.record(slot, stamp);
    return this.dropped;
  }

  private record(slot: number, stamp: number): void {
    this.slots.push(slot);
    this.stamps.push(stamp);
    if (this.slots.length > DROP_FIT_FRAMES) {
      this.slots.shift();
      this.stamps.shift();
    }
  }

  /** The slot whose time on the fitted line `stamp = a + b × slot` is nearest to `stamp`. */
  private nearestSlot(stamp: number): number {
    const n = this.slots.length;
    let meanSlot = 0;
    let meanStamp = 0;
    for (let i = 0; i < n; i++) {
      meanSlot += this.slots[i]! / n;
      meanStamp += this.stamps[i]! / n;
    }
    let covariance = 0;
    let variance = 0;
    for (let i = 0; i < n; i++) {
      const ds = this.slots[i]! - meanSlot;
      covariance += ds * (this.stamps[i]! - meanStamp);
      variance += ds * ds;
    }
    const interval = covariance / variance;
    return Math.round(meanSlot + (stamp - meanStamp) / interval);
  }
}
