/**
 * Text translation on the page: plans the route (direct, or through English), checks that
 * every model it needs is stored (naming the missing ones and their size), and runs the steps
 * in the worker, streaming the output as it grows. A new request or Cancel stops the running one.
 */
import { batch, signal } from '@preact/signals';
import { loadRegistry } from '../../../runtime/model-store-client';
import { inference, loadTranslator } from '../../../runtime/models';
import { errorMessage, isAbortError } from '../../../shared/errors';
import type { Backend } from '../../../shared/backends';
import { planRoute, type Language, type Route } from '../shared/languages';
import type { TranslateStats } from '../shared/translation';
import { addToHistory, clearHistory, readHistory, type HistoryItem } from './history';

export type TranslateState = 'idle' | 'loading' | 'translating' | 'done' | 'cancelled' | 'failed';

export class TranslateSession {
  readonly source = signal<Language>('en');
  readonly target = signal<Language>('es');
  readonly input = signal('');
  readonly output = signal('');
  readonly state = signal<TranslateState>('idle');
  readonly error = signal<string | null>(null);
  readonly stats = signal<(TranslateStats & { backend: Backend }) | null>(null);
  readonly route = signal<Route | null>(null);
  readonly history = signal<HistoryItem[]>(readHistory());
  private running: AbortController | null = null;

  /** Works out the route for the chosen languages from the registry's pairs. */
  async plan(): Promise<Route | null> {
    const registry = await loadRegistry();
    const route = planRoute(this.source.value, this.target.value, new Set(registry.models.map((m) => m.id)));
    this.route.value = route;
    return route;
  }

  swap(): void {
    batch(() => {
      const source = this.source.value;
      this.source.value = this.target.value;
      this.target.value = source;
      if (this.output.value) {
        this.input.value = this.output.value;
        this.output.value = '';
      }
    });
    void this.plan();
  }

  cancel(): void {
    this.running?.abort();
  }

  /** Translates `text` (default: the input box), step by step along the route. */
  async translate(text: string = this.input.value): Promise<string | null> {
    this.cancel();
    const controller = new AbortController();
    this.running = controller;
    batch(() => {
      this.output.value = '';
      this.error.value = null;
      this.stats.value = null;
      this.state.value = 'loading';
    });
    try {
      const route = await this.plan();
      if (!route) throw new Error('There is no model for this pair of languages.');
      let current = text;
      let stats: TranslateStats | null = null;
      let backend: Backend = 'wasm';
      for (const [i, step] of route.steps.entries()) {
        const translator = await loadTranslator(step.modelId);
        backend = translator.backend;
        if (controller.signal.aborted) throw new DOMException('Cancelled', 'AbortError');
        this.state.value = 'translating';
        const last = i === route.steps.length - 1;
        const result = await inference().translate(translator.handle, current, {
          signal: controller.signal,
          // Only the last step's words are the translation; a pivot step shows its progress.
          onPartial: (partial) => {
            if (this.running === controller) this.output.value = last ? partial : `(via English) ${partial}`;
          },
        });
        current = result.text;
        stats = stats
          ? {
              ...result.stats,
              firstTokenMs: stats.totalMs + result.stats.firstTokenMs,
              totalMs: stats.totalMs + result.stats.totalMs,
            }
          : result.stats;
      }
      if (this.running !== controller) return null;
      batch(() => {
        this.output.value = current;
        this.stats.value = stats && { ...stats, backend };
        this.state.value = 'done';
        this.history.value = addToHistory({
          at: Date.now(),
          source: this.source.value,
          target: this.target.value,
          input: text,
          output: current,
        });
      });
      return current;
    } catch (error) {
      if (this.running === controller)
        batch(() => {
          if (isAbortError(error)) this.state.value = 'cancelled';
          else {
            this.state.value = 'failed';
            this.error.value = `The translation failed: ${errorMessage(error)}`;
          }
        });
      return null;
    } finally {
      if (this.running === controller) this.running = null;
    }
  }

  clearHistory(): void {
    clearHistory();
    this.history.value = [];
  }
}
