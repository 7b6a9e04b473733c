/**
 * A way out of the current task of the worker's event loop. ONNX Runtime's WebAssembly runs
 * resolve through promises alone, so a generation that only awaits them never leaves its task:
 * the page's messages (a cancel, the next request) wait until it ends. Awaiting `nextTask()`
 * between decoder steps lets the messages queued before it be handled first.
 */
let port: MessagePort | undefined;
const waiting: (() => void)[] = [];

/**
 * Resolves in a new task. In a browser: a message to itself, which comes after the messages
 * already queued (and, unlike setTimeout, is not clamped to 4 ms when repeated). Where there is
 * setImmediate (Node, where the tests run), that: Node hands one port's new messages out before
 * another port's, so a message to itself would keep others waiting.
 */
export function nextTask(): Promise<void> {
  const immediate = (globalThis as { setImmediate?: (run: () => void) => unknown }).setImmediate;
  if (immediate) return new Promise((resolve) => immediate(resolve));
  if (typeof MessageChannel !== 'function') return new Promise((resolve) => setTimeout(resolve, 0));
  if (!port) {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => waiting.shift()?.();
    port = channel.port2;
  }
  const sender = port;
  return new Promise((resolve) => {
    waiting.push(resolve);
    sender.postMessage(null);
  });
}
