import { test } from './fixtures';

test('probe', async ({ engine, origin, project }) => {
  await engine.goto(`${origin}/health?backend=wasm`);
  const r = await engine.evaluate(async () => {
    const realGum = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    const rate = async (stream: MediaStream) => {
      const video = document.createElement('video');
      video.muted = true;
      video.playsInline = true;
      video.width = 320;
      document.body.append(video);
      video.srcObject = stream;
      await video.play();
      let n = 0;
      const t0 = performance.now();
      await new Promise<void>((resolve) => {
        const cb = () => {
          n++;
          if (performance.now() - t0 > 3000) resolve();
          else video.requestVideoFrameCallback(cb);
        };
        video.requestVideoFrameCallback(cb);
      });
      video.remove();
      stream.getTracks().forEach((t) => t.stop());
      return +(n / ((performance.now() - t0) / 1000)).toFixed(1);
    };
    const canvasStream = (fps: number | undefined, mode: 'interval' | 'raf', attach: boolean) => {
      const canvas = document.createElement('canvas');
      canvas.width = 320;
      canvas.height = 240;
      if (attach) document.body.append(canvas);
      const ctx = canvas.getContext('2d')!;
      let k = 0;
      let stop = false;
      const draw = () => {
        ctx.fillStyle = `rgb(${k % 255},100,100)`;
        ctx.fillRect(0, 0, 320, 240);
        k++;
        if (mode === 'raf' && !stop) requestAnimationFrame(draw);
      };
      const id = mode === 'interval' ? setInterval(draw, 33) : (requestAnimationFrame(draw), 0);
      const stream = fps === undefined ? canvas.captureStream() : canvas.captureStream(fps);
      const end = () => {
        stop = true;
        clearInterval(id);
        canvas.remove();
        return k;
      };
      return { stream, end };
    };
    const out: Record<string, unknown> = {};
    out.mock = await rate(await realGum({ video: { width: 640, height: 480 } })).catch((e) => String(e));
    for (const [name, fps, mode, attach] of [
      ['interval30', 30, 'interval', false],
      ['intervalAuto', undefined, 'interval', false],
      ['raf30', 30, 'raf', false],
      ['interval30attached', 30, 'interval', true],
      ['rafAutoAttached', undefined, 'raf', true],
    ] as const) {
      const s = canvasStream(fps, mode, attach);
      out[name] = await rate(s.stream);
      out[name + 'Drawn'] = s.end();
    }
    return out;
  });
  console.log(project, JSON.stringify(r));
});
