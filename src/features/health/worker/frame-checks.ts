/**
 * Brightness of the skin's colour means: enough to tell dark from bright, and what the face
 * tracker matches when a frame has no luma plane.
 */

/** Rec. 601 luma weights: cheap, and close enough to tell dark from bright. */
export function luminance(r: number, g: number, b: number): number {
  return 0.299 * r + 0.587 * g + 0.114 * b;
}
