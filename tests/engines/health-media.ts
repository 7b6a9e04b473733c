/**
 * A pulse camera for engines whose fake camera shows no face: the one-man photo, placed as in
 * the Chromium heart-rate clips (tests/media/pulse-media.ts), whose facial skin carries a
 * pulse at a known rate, drawn into a canvas about 30 times a second and handed to the page as
 * getUserMedia's stream. The pulse is a function of wall-clock time (not of frame count), so
 * however many frames the engine manages, the skin it sees pulses at exactly `bpm`. It has
 * what a webcam adds, as pulse-signal.ts models it: the pulse's blood-volume signature over
 * the channels (PULSE_RGB), a second harmonic, sensor noise, a slow light drift, and a head
 * that wanders and sways with breathing.
 */
import { readFileSync } from 'node:fs';
import { PULSE_RGB } from '../media/pulse-signal';
import type { EnginePage } from './engine-page';

/** What the page draws; pulse-media.ts has the same frame, photo placement and skin box. */
export interface PulseCameraConfig {
  /** The true rate. */
  bpm: number;
  /** Pulse amplitude as a fraction of the skin's intensity (pulse-media.ts: 0.005). */
  amplitude: number;
  /** Sensor noise σ per pixel and channel, in 8-bit levels. */
  noiseSigma: number;
  /** Peak fractional change of the global light, over `driftSeconds`. */
  drift: number;
  driftSeconds: number;
  /** Peak head wander in pixels (x, y), over `driftSeconds`, and the breathing sway (pixels, per minute). */
  motionPixels: { x: number; y: number };
  swayPixels: number;
  swayPerMinute: number;
  /** Frames drawn per second (the canvas stream asks for as many). */
  fps: number;
}

/** The Chromium clips' scene (pulse-media.ts), at 72 bpm. */
export const DEFAULT_PULSE_CAMERA: PulseCameraConfig = {
  bpm: 72,
  amplitude: 0.005,
  noiseSigma: 2,
  drift: 0.02,
  driftSeconds: 12,
  motionPixels: { x: 1.5, y: 1 },
  swayPixels: 0.4,
  swayPerMinute: 15,
  fps: 30,
};

/** What the page reports of its drawing: frames drawn and the seconds they span. */
export interface PulseCameraStats {
  frames: number;
  seconds: number;
  /** Total time spent drawing, ms. */
  drawMs: number;
}

/**
 * Replaces getUserMedia with the pulse camera on the current page. Call before pressing
 * "Start measurement".
 */
export async function pulseCamera(
  page: EnginePage,
  photoPath: string,
  config: PulseCameraConfig = DEFAULT_PULSE_CAMERA,
): Promise<void> {
  const base64 = readFileSync(photoPath).toString('base64');
  await page.evaluate(
    async ({ base64, config, rgb }) => {
      const TAU = 2 * Math.PI;
      // pulse-media.ts: 320×240, the 138² crop scaled to 240² and centred on dark grey; skin
      // may pulse inside an ellipse around the face oval (crop pixels), where it looks like skin.
      const W = 320;
      const H = 240;
      const SIZE = 240;
      const BACKGROUND = 32;
      const ELLIPSE = { cx: 74, cy: 67.5, rx: 39, ry: 43, soft: 3 };
      const SKIN = { cb: [77, 127], cr: [133, 173], soft: 8, darkY: [30, 50] };
      const WAVE = { harmonic: 0.35, harmonicPhase: -Math.PI / 2, phase: 0.7 };

      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const photo = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
      const layer = document.createElement('canvas');
      layer.width = W;
      layer.height = H;
      const layerCtx = layer.getContext('2d')!;
      layerCtx.fillStyle = `rgb(${BACKGROUND},${BACKGROUND},${BACKGROUND})`;
      layerCtx.fillRect(0, 0, W, H);
      const left = (W - SIZE) / 2;
      const scale = SIZE / photo.width;
      layerCtx.drawImage(photo, left, 0, SIZE, SIZE);
      const base = layerCtx.getImageData(0, 0, W, H);
      const pixels = W * H;

      const ramp = (v: number, from: number, to: number) =>
        v <= from ? 0 : v >= to ? 1 : (v - from) / (to - from);
      const softBox = (v: number, low: number, high: number, soft: number) =>
        Math.min(ramp(v, low - soft, low), 1 - ramp(v, high, high + soft));
      let mask = new Float32Array(pixels);
      const ellipse = {
        cx: left + ELLIPSE.cx * scale,
        cy: ELLIPSE.cy * scale,
        rx: ELLIPSE.rx * scale,
        ry: ELLIPSE.ry * scale,
        soft: ELLIPSE.soft * scale,
      };
      for (let y = 0; y < H; y++) {
        for (let x = 0; x < W; x++) {
          const i = y * W + x;
          const [r, g, b] = [base.data[i * 4]!, base.data[i * 4 + 1]!, base.data[i * 4 + 2]!];
          const rho = Math.hypot((x + 0.5 - ellipse.cx) / ellipse.rx, (y + 0.5 - ellipse.cy) / ellipse.ry);
          const inFace = 1 - ramp((rho - 1) * ((ellipse.rx + ellipse.ry) / 2), -ellipse.soft, 0);
          const luma = 0.299 * r + 0.587 * g + 0.114 * b;
          const cb = 128 - 0.168736 * r - 0.331264 * g + 0.5 * b;
          const cr = 128 + 0.5 * r - 0.418688 * g - 0.081312 * b;
          mask[i] =
            inFace *
            softBox(cb, SKIN.cb[0]!, SKIN.cb[1]!, SKIN.soft) *
            softBox(cr, SKIN.cr[0]!, SKIN.cr[1]!, SKIN.soft) *
            ramp(luma, SKIN.darkY[0]!, SKIN.darkY[1]!);
        }
      }
      // Two 3×3 box blurs soften the mask's edge like a camera's blur.
      for (let pass = 0; pass < 2; pass++) {
        const blurred = new Float32Array(pixels);
        for (let y = 0; y < H; y++) {
          for (let x = 0; x < W; x++) {
            let sum = 0;
            let count = 0;
            for (let v = Math.max(0, y - 1); v <= Math.min(H - 1, y + 1); v++)
              for (let u = Math.max(0, x - 1); u <= Math.min(W - 1, x + 1); u++) {
                sum += mask[v * W + u]!;
                count++;
              }
            blurred[y * W + x] = sum / count;
          }
        }
        mask = blurred;
      }

      // Seeded Gaussian noise (mulberry32, Box–Muller), a few frames' worth, cycled with a random start.
      let seed = 0x9075e;
      const random = () => {
        seed = (seed + 0x6d2b79f5) | 0;
        let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
        t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
      };
      const noise = new Float32Array(pixels * 3 * 4 + 1);
      for (let i = 0; i < noise.length; i += 2) {
        const radius = config.noiseSigma * Math.sqrt(-2 * Math.log(Math.max(random(), 1e-12)));
        noise[i] = radius * Math.cos(TAU * random());
        noise[i + 1] = radius * Math.sin(TAU * random());
      }

      // The photo and mask with a 2-pixel border (edges repeated), so the bilinear head motion
      // (under 2 pixels each way) reads no pixel outside them.
      const PAD = 2;
      const PW = W + 2 * PAD;
      const planes = [0, 1, 2, 3].map(() => new Float32Array(PW * (H + 2 * PAD)));
      for (let y = 0; y < H + 2 * PAD; y++) {
        for (let x = 0; x < PW; x++) {
          const i = Math.min(H - 1, Math.max(0, y - PAD)) * W + Math.min(W - 1, Math.max(0, x - PAD));
          const j = y * PW + x;
          for (let c = 0; c < 3; c++) planes[c]![j] = base.data[i * 4 + c]!;
          planes[3]![j] = mask[i]!;
        }
      }
      const [pr, pg, pb, pm] = planes as [Float32Array, Float32Array, Float32Array, Float32Array];

      const canvas = document.createElement('canvas');
      canvas.width = W;
      canvas.height = H;
      const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
      const frame = ctx.createImageData(W, H);
      const out = frame.data;
      const started = performance.now();
      const stats = { frames: 0, seconds: 0, drawMs: 0 };
      (window as unknown as { pulseCameraStats: typeof stats }).pulseCameraStats = stats;
      // Frames are pushed after each draw where the engine can (requestFrame), else sampled at `fps`.
      const stream = canvas.captureStream(0);
      const track = stream.getVideoTracks()[0] as MediaStreamTrack & { requestFrame?: () => void };
      const push = typeof track.requestFrame === 'function' ? () => track.requestFrame!() : null;
      const captured = push ? stream : canvas.captureStream(config.fps);
      const draw = () => {
        const drawStarted = performance.now();
        const t = (drawStarted - started) / 1000;
        const phase = TAU * (config.bpm / 60) * t + WAVE.phase;
        const pulse =
          config.amplitude * (Math.sin(phase) + WAVE.harmonic * Math.sin(2 * phase + WAVE.harmonicPhase));
        const slow = (TAU * t) / config.driftSeconds;
        const gain = 1 + config.drift * (0.8 * Math.sin(slow) + 0.2 * Math.sin(2 * slow + 1));
        const sway = config.swayPixels * Math.sin((TAU * config.swayPerMinute * t) / 60);
        const dx = config.motionPixels.x * Math.sin(slow);
        const dy = config.motionPixels.y * Math.sin(2 * slow + 0.5) + sway;
        // Output (x, y) samples the photo at (x − dx, y − dy): one offset and one set of
        // bilinear weights for the whole frame.
        const ox = Math.floor(-dx);
        const oy = Math.floor(-dy);
        const fx = -dx - ox;
        const fy = -dy - oy;
        const w00 = (1 - fx) * (1 - fy);
        const w01 = fx * (1 - fy);
        const w10 = (1 - fx) * fy;
        const w11 = fx * fy;
        const kr = pulse * rgb[0];
        const kg = pulse * rgb[1];
        const kb = pulse * rgb[2];
        let n = Math.floor(random() * pixels * 3 * 3);
        for (let y = 0, p = 0; y < H; y++) {
          let j = (y + PAD + oy) * PW + PAD + ox;
          for (let x = 0; x < W; x++, j++, p += 4, n += 3) {
            const a = j + 1;
            const b = j + PW;
            const c = b + 1;
            const m = w00 * pm[j]! + w01 * pm[a]! + w10 * pm[b]! + w11 * pm[c]!;
            const r = w00 * pr[j]! + w01 * pr[a]! + w10 * pr[b]! + w11 * pr[c]!;
            const g = w00 * pg[j]! + w01 * pg[a]! + w10 * pg[b]! + w11 * pg[c]!;
            const bl = w00 * pb[j]! + w01 * pb[a]! + w10 * pb[b]! + w11 * pb[c]!;
            out[p] = gain * r * (1 + kr * m) + noise[n]!;
            out[p + 1] = gain * g * (1 + kg * m) + noise[n + 1]!;
            out[p + 2] = gain * bl * (1 + kb * m) + noise[n + 2]!;
            out[p + 3] = 255;
          }
        }
        ctx.putImageData(frame, 0, 0);
        push?.();
        stats.frames += 1;
        stats.seconds = t;
        stats.drawMs += performance.now() - drawStarted;
      };
      draw();
      setInterval(draw, 1000 / config.fps);
      navigator.mediaDevices.getUserMedia = async () => captured;
    },
    { base64, config, rgb: [...PULSE_RGB] as [number, number, number] },
  );
}

/** Frames the pulse camera has drawn, and over how many seconds. */
export function pulseCameraStats(page: EnginePage): Promise<PulseCameraStats> {
  return page.evaluate(
    () =>
      (window as unknown as { pulseCameraStats?: PulseCameraStats }).pulseCameraStats ?? {
        frames: 0,
        seconds: 0,
        drawMs: 0,
      },
  );
}
