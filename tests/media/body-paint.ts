/**
 * The page side of the workout clips: a furnished room painted once, then each frame's figure
 * (body-figure.ts) as lit capsules with the face photo on the head, read back as RGB. Every
 * function passed to `page.evaluate` runs in the page, so it is self-contained.
 */
import type { Page } from '@playwright/test';
import type { FigureDrawing } from './body-figure';

/** A soft contact shadow on the floor (frame pixels). */
export type Shadow = { x: number; y: number; rx: number; ry: number };

/** The face oval in the photo's pixels. */
export type FaceOval = { cx: number; cy: number; rx: number; ry: number };

/** Paints the room once and keeps it, and the face photo, in the page. */
export async function setUpPage(page: Page, width: number, height: number, facePng: Buffer): Promise<void> {
  await page.evaluate(
    async ({ width, height, face }) => {
      const room = new OffscreenCanvas(width, height);
      const ctx = room.getContext('2d')!;
      const floorTop = height * 0.8;
      // Wall: warm, lit from the left.
      const wall = ctx.createLinearGradient(0, 0, width, 0);
      wall.addColorStop(0, '#d9cdb4');
      wall.addColorStop(1, '#a99d86');
      ctx.fillStyle = wall;
      ctx.fillRect(0, 0, width, floorTop);
      // Window with daylight and a frame.
      ctx.fillStyle = '#f2f6fa';
      ctx.fillRect(20, 40, 62, 82);
      ctx.strokeStyle = '#8a7a66';
      ctx.lineWidth = 3;
      ctx.strokeRect(20, 40, 62, 82);
      ctx.beginPath();
      ctx.moveTo(51, 40);
      ctx.lineTo(51, 122);
      ctx.moveTo(20, 81);
      ctx.lineTo(82, 81);
      ctx.stroke();
      // Door on the right.
      ctx.fillStyle = '#7b5a3e';
      ctx.fillRect(262, 58, 46, floorTop - 58);
      ctx.fillStyle = '#c8b27a';
      ctx.beginPath();
      ctx.arc(270, 125, 2.5, 0, 2 * Math.PI);
      ctx.fill();
      // A shelf of books and a picture.
      ctx.fillStyle = '#6e5844';
      ctx.fillRect(208, 92, 44, 4);
      const spines = ['#9c2f2f', '#2f5f9c', '#d8b040', '#3c7a4a', '#5a3c7a', '#c86a2a'];
      spines.forEach((colour, i) => {
        ctx.fillStyle = colour;
        ctx.fillRect(210 + i * 7, 72 + (i % 3) * 3, 6, 20 - (i % 3) * 3);
      });
      ctx.fillStyle = '#394b5c';
      ctx.fillRect(214, 24, 30, 22);
      ctx.strokeStyle = '#222';
      ctx.lineWidth = 2;
      ctx.strokeRect(214, 24, 30, 22);
      // Floor: wooden boards, darker far away, and a skirting board.
      const floor = ctx.createLinearGradient(0, floorTop, 0, height);
      floor.addColorStop(0, '#8a6446');
      floor.addColorStop(1, '#a87c56');
      ctx.fillStyle = floor;
      ctx.fillRect(0, floorTop, width, height - floorTop);
      ctx.strokeStyle = 'rgba(60, 40, 25, 0.45)';
      ctx.lineWidth = 1;
      for (let x = -200; x < width + 200; x += 34) {
        ctx.beginPath();
        ctx.moveTo(width / 2 + (x - width / 2) * 0.6, floorTop);
        ctx.lineTo(x, height);
        ctx.stroke();
      }
      ctx.fillStyle = '#eee8dc';
      ctx.fillRect(0, floorTop - 5, width, 5);
      // Lens vignette.
      const vignette = ctx.createRadialGradient(
        width / 2,
        height / 2,
        height * 0.3,
        width / 2,
        height / 2,
        width * 0.7,
      );
      vignette.addColorStop(0, 'rgba(0, 0, 0, 0)');
      vignette.addColorStop(1, 'rgba(0, 0, 0, 0.35)');
      ctx.fillStyle = vignette;
      ctx.fillRect(0, 0, width, height);

      const bytes = Uint8Array.from(atob(face), (c) => c.charCodeAt(0));
      const w = window as unknown as { bodyRoom: OffscreenCanvas; bodyFace: ImageBitmap };
      w.bodyRoom = room;
      w.bodyFace = await createImageBitmap(new Blob([bytes]));
    },
    { width, height, face: facePng.toString('base64') },
  );
}

/**
 * Paints one frame in the page and brings it back as RGB: the room, the shadow, the figure's
 * parts far to near, and the face photo with its `oval` (photo pixels) fitted to the head.
 */
export async function paintFrame(
  page: Page,
  width: number,
  height: number,
  drawing: FigureDrawing,
  shadow: Shadow,
  oval: FaceOval,
): Promise<Buffer> {
  const base64 = await page.evaluate(
    async ({ width, height, drawing, shadow, oval }) => {
      const w = window as unknown as {
        bodyRoom: OffscreenCanvas;
        bodyFace: ImageBitmap;
        bodyCanvas?: OffscreenCanvas;
      };
      const canvas = (w.bodyCanvas ??= new OffscreenCanvas(width, height));
      const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
      ctx.drawImage(w.bodyRoom, 0, 0);
      // A soft contact shadow on the floor.
      const shade = ctx.createRadialGradient(shadow.x, shadow.y, 0, shadow.x, shadow.y, shadow.rx);
      shade.addColorStop(0, 'rgba(30, 20, 10, 0.45)');
      shade.addColorStop(1, 'rgba(30, 20, 10, 0)');
      ctx.save();
      ctx.translate(shadow.x, shadow.y);
      ctx.scale(1, shadow.ry / shadow.rx);
      ctx.translate(-shadow.x, -shadow.y);
      ctx.fillStyle = shade;
      ctx.fillRect(shadow.x - shadow.rx, shadow.y - shadow.rx, 2 * shadow.rx, 2 * shadow.rx);
      ctx.restore();

      const rgb = (c: readonly number[], k: number) =>
        `rgb(${Math.min(255, c[0]! * k)}, ${Math.min(255, c[1]! * k)}, ${Math.min(255, c[2]! * k)})`;
      // Light from the upper left and the front: a lit cylinder is brightest left of its axis.
      const light = { x: -0.45, y: -0.55 };
      const capsule = (c: (typeof drawing.capsules)[number]) => {
        const dx = c.bx - c.ax;
        const dy = c.by - c.ay;
        const length = Math.hypot(dx, dy);
        const angle = Math.atan2(dy, dx);
        const r = Math.max(c.ra, c.rb);
        ctx.save();
        ctx.translate(c.ax, c.ay);
        ctx.rotate(angle);
        // The side normal (0, 1) in frame terms, against the light.
        const facing = -Math.sin(angle) * light.x + Math.cos(angle) * light.y;
        const gradient = ctx.createLinearGradient(0, -r, 0, r);
        for (let i = 0; i <= 6; i++) {
          const k = -1 + i / 3; // −1..1 across the limb
          const lit = Math.max(0, k * facing + Math.sqrt(1 - k * k) * 0.75);
          gradient.addColorStop(i / 6, rgb(c.colour, 0.5 + 0.6 * lit));
        }
        ctx.fillStyle = gradient;
        ctx.beginPath();
        ctx.arc(0, 0, c.ra, Math.PI / 2, (3 * Math.PI) / 2);
        ctx.lineTo(length, -c.rb);
        ctx.arc(length, 0, c.rb, -Math.PI / 2, Math.PI / 2);
        ctx.closePath();
        ctx.fill();
        ctx.restore();
      };
      const head = () => {
        const h = drawing.head;
        // Hair: a dark cap, a little larger than the face and higher.
        ctx.fillStyle = 'rgb(52, 36, 28)';
        ctx.beginPath();
        ctx.ellipse(h.x - h.faceShift * 0.3, h.y - h.ry * 0.08, h.rx * 1.05, h.ry * 1.02, 0, 0, 2 * Math.PI);
        ctx.fill();
        // The face photo, its oval fitted to the face and squeezed as the head turns.
        const fx = h.x + h.faceShift;
        const fy = h.y + h.ry * 0.1;
        const frx = h.rx * 0.92 * h.faceSqueeze;
        const fry = h.ry * 0.9;
        ctx.save();
        ctx.beginPath();
        ctx.ellipse(fx, fy, frx, fry, 0, 0, 2 * Math.PI);
        ctx.clip();
        const sx = frx / oval.rx;
        const sy = fry / oval.ry;
        ctx.drawImage(
          w.bodyFace,
          fx - oval.cx * sx,
          fy - oval.cy * sy,
          w.bodyFace.width * sx,
          w.bodyFace.height * sy,
        );
        ctx.restore();
      };
      drawing.capsules.forEach((c, i) => {
        if (i === drawing.headAfter) head();
        capsule(c);
      });
      if (drawing.headAfter >= drawing.capsules.length) head();

      const rgba = ctx.getImageData(0, 0, width, height).data;
      const out = new Uint8Array(width * height * 3);
      for (let i = 0, j = 0; i < rgba.length; i += 4, j += 3) {
        out[j] = rgba[i]!;
        out[j + 1] = rgba[i + 1]!;
        out[j + 2] = rgba[i + 2]!;
      }
      const dataUrl = await new Promise<string>((done, fail) => {
        const reader = new FileReader();
        reader.onload = () => done(reader.result as string);
        reader.onerror = () => fail(reader.error);
        reader.readAsDataURL(new Blob([out]));
      });
      return dataUrl.slice(dataUrl.indexOf(',') + 1);
    },
    { width, height, drawing, shadow, oval },
  );
  const rgb = Buffer.from(base64, 'base64');
  if (rgb.length !== width * height * 3) throw new Error(`A frame came back with ${rgb.length} bytes.`);
  return rgb;
}
