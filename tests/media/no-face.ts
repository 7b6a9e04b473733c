/**
 * Deterministic images with no face in them, painted by the page's canvas from a seeded
 * PRNG, for the "no false positives" tests.
 */
import type { Page } from '@playwright/test';

/** The no-face scenes are a camera-sized 4:3 frame. */
export const NO_FACE_SIZE = { width: 640, height: 480 } as const;
/** Fixed so the scenes are identical on every run. */
const NO_FACE_SEED = 0x0ff9_41d;

export interface NoFaceImages {
  gradient: Buffer;
  noise: Buffer;
  objects: Buffer;
}

/**
 * Three 640×480 PNGs with nothing face-like in them, the same bytes on every run: a smooth
 * colour gradient, RGB noise, and a still life (table, mug, books, a potted plant, a window).
 */
export async function makeNoFaceImages(page: Page): Promise<NoFaceImages> {
  const encoded = await page.evaluate(
    async ({ width, height, seed }) => {
      /** mulberry32: a tiny seeded PRNG, so "random" pixels repeat exactly. */
      let state = seed >>> 0;
      const random = (): number => {
        state = (state + 0x6d2b79f5) >>> 0;
        let t = state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
      };
      const canvas = (): [HTMLCanvasElement, CanvasRenderingContext2D] => {
        const c = document.createElement('canvas');
        c.width = width;
        c.height = height;
        return [c, c.getContext('2d')!];
      };
      const encode = async (c: HTMLCanvasElement): Promise<string> => {
        const blob = await new Promise<Blob>((done, fail) =>
          c.toBlob((b) => (b ? done(b) : fail(new Error('PNG encoding failed.'))), 'image/png'),
        );
        const dataUrl = await new Promise<string>((done, fail) => {
          const reader = new FileReader();
          reader.onload = () => done(reader.result as string);
          reader.onerror = () => fail(reader.error);
          reader.readAsDataURL(blob);
        });
        return dataUrl.slice(dataUrl.indexOf(',') + 1);
      };

      // 1. Gradient: a diagonal hue sweep under a soft vertical darkening.
      const [gradient, g] = canvas();
      const sweep = g.createLinearGradient(0, 0, width, height);
      sweep.addColorStop(0, '#1d4e89');
      sweep.addColorStop(0.35, '#3fa7a0');
      sweep.addColorStop(0.7, '#e8c547');
      sweep.addColorStop(1, '#d1495b');
      g.fillStyle = sweep;
      g.fillRect(0, 0, width, height);
      const shade = g.createLinearGradient(0, 0, 0, height);
      shade.addColorStop(0, 'rgba(0,0,0,0)');
      shade.addColorStop(1, 'rgba(0,0,0,0.35)');
      g.fillStyle = shade;
      g.fillRect(0, 0, width, height);

      // 2. Noise: every channel of every pixel uniform in 0..255.
      const [noise, n] = canvas();
      const pixels = n.createImageData(width, height);
      for (let i = 0; i < pixels.data.length; i += 4) {
        pixels.data[i] = random() * 256;
        pixels.data[i + 1] = random() * 256;
        pixels.data[i + 2] = random() * 256;
        pixels.data[i + 3] = 255;
      }
      n.putImageData(pixels, 0, 0);

      // 3. Still life. Only rectangles, polygons and pointed leaves: no round blob with two dots.
      const [objects, o] = canvas();
      const wall = o.createLinearGradient(0, 0, 0, 300);
      wall.addColorStop(0, '#d9d2c5');
      wall.addColorStop(1, '#bfb6a6');
      o.fillStyle = wall;
      o.fillRect(0, 0, width, 300);
      // Window with four panes and a view of sky.
      o.fillStyle = '#f4f1ea';
      o.fillRect(404, 34, 196, 176);
      const sky = o.createLinearGradient(0, 44, 0, 200);
      sky.addColorStop(0, '#8ab6d6');
      sky.addColorStop(1, '#cfe3ee');
      o.fillStyle = sky;
      o.fillRect(414, 44, 84, 76);
      o.fillRect(506, 44, 84, 76);
      o.fillRect(414, 124, 84, 76);
      o.fillRect(506, 124, 84, 76);
      // Shelf with books of random heights and colours.
      o.fillStyle = '#6b4f3a';
      o.fillRect(40, 150, 300, 12);
      const bookColours = ['#8c2f39', '#2e5266', '#6e8898', '#d3a625', '#3b7a57', '#5c415d', '#b5651d'];
      let bx = 52;
      while (bx < 320) {
        const w = 14 + Math.floor(random() * 14);
        const h = 60 + Math.floor(random() * 50);
        o.fillStyle = bookColours[Math.floor(random() * bookColours.length)]!;
        o.fillRect(bx, 150 - h, w, h);
        o.fillStyle = 'rgba(255,255,255,0.25)';
        o.fillRect(bx + 2, 150 - h + 8, w - 4, 3);
        bx += w + 2;
      }
      // Table top in perspective, and its front edge.
      o.fillStyle = '#8a5a35';
      o.beginPath();
      o.moveTo(0, 300);
      o.lineTo(width, 300);
      o.lineTo(width, height);
      o.lineTo(0, height);
      o.closePath();
      o.fill();
      for (let i = 0; i < 14; i++) {
        // wood grain: long thin streaks
        o.strokeStyle = `rgba(60,35,20,${0.15 + random() * 0.2})`;
        o.lineWidth = 1 + random() * 2;
        const y = 305 + random() * 170;
        o.beginPath();
        o.moveTo(0, y);
        o.bezierCurveTo(200, y + random() * 10 - 5, 440, y + random() * 10 - 5, width, y + random() * 8 - 4);
        o.stroke();
      }
      // Mug: a straight-sided body with a square handle and a shadow.
      o.fillStyle = 'rgba(0,0,0,0.25)';
      o.fillRect(118, 392, 130, 14);
      o.fillStyle = '#2f6690';
      o.fillRect(120, 290, 100, 110);
      o.fillStyle = '#3a7ca5';
      o.fillRect(128, 290, 20, 110);
      o.strokeStyle = '#2f6690';
      o.lineWidth = 12;
      o.strokeRect(220, 312, 32, 52);
      o.fillStyle = '#1b3a4b';
      o.fillRect(120, 290, 100, 8);
      // A closed book lying on the table.
      o.fillStyle = '#7d1d3f';
      o.beginPath();
      o.moveTo(280, 380);
      o.lineTo(400, 360);
      o.lineTo(430, 392);
      o.lineTo(306, 414);
      o.closePath();
      o.fill();
      o.fillStyle = '#efe6d5';
      o.beginPath();
      o.moveTo(306, 414);
      o.lineTo(430, 392);
      o.lineTo(430, 400);
      o.lineTo(306, 422);
      o.closePath();
      o.fill();
      // Pot (a trapezoid) with a plant of pointed leaves.
      o.fillStyle = '#b4532a';
      o.beginPath();
      o.moveTo(470, 300);
      o.lineTo(570, 300);
      o.lineTo(556, 400);
      o.lineTo(484, 400);
      o.closePath();
      o.fill();
      o.fillStyle = '#8e3b1b';
      o.fillRect(464, 292, 112, 16);
      for (let i = 0; i < 11; i++) {
        const angle = -Math.PI / 2 + (i - 5) * 0.22 + (random() - 0.5) * 0.1;
        const length = 90 + random() * 70;
        const tipX = 520 + Math.cos(angle) * length;
        const tipY = 292 + Math.sin(angle) * length;
        const side = 12 + random() * 8;
        o.fillStyle = i % 2 ? '#3b7a3a' : '#4f9a48';
        o.beginPath();
        o.moveTo(520, 292);
        o.quadraticCurveTo(
          520 + Math.cos(angle + 0.5) * side * 3,
          292 + Math.sin(angle + 0.5) * side * 3,
          tipX,
          tipY,
        );
        o.quadraticCurveTo(
          520 + Math.cos(angle - 0.5) * side * 3,
          292 + Math.sin(angle - 0.5) * side * 3,
          520,
          292,
        );
        o.fill();
      }
      // A faint film of sensor noise, so the scene is not flat colour.
      const scene = o.getImageData(0, 0, width, height);
      for (let i = 0; i < scene.data.length; i += 4) {
        const grain = (random() - 0.5) * 10;
        scene.data[i] = scene.data[i]! + grain;
        scene.data[i + 1] = scene.data[i + 1]! + grain;
        scene.data[i + 2] = scene.data[i + 2]! + grain;
      }
      o.putImageData(scene, 0, 0);

      return { gradient: await encode(gradient), noise: await encode(noise), objects: await encode(objects) };
    },
    { ...NO_FACE_SIZE, seed: NO_FACE_SEED },
  );
  return {
    gradient: Buffer.from(encoded.gradient, 'base64'),
    noise: Buffer.from(encoded.noise, 'base64'),
    objects: Buffer.from(encoded.objects, 'base64'),
  };
}
