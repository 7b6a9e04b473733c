/**
 * The translation history: the last HISTORY_LIMIT translations, kept only in this browser
 * (localStorage), and clearable. Long texts are kept shortened.
 */
import type { Language } from '../shared/languages';

export interface HistoryItem {
  at: number;
  source: Language;
  target: Language;
  input: string;
  output: string;
}

export const HISTORY_KEY = 'offgrid-translate-history';
export const HISTORY_LIMIT = 50;
/** Characters of each side kept per entry. */
export const HISTORY_TEXT_LIMIT = 2000;

function clip(text: string): string {
  return text.length > HISTORY_TEXT_LIMIT ? `${text.slice(0, HISTORY_TEXT_LIMIT)}…` : text;
}

export function readHistory(storage: Storage = localStorage): HistoryItem[] {
  try {
    const value: unknown = JSON.parse(storage.getItem(HISTORY_KEY) ?? '[]');
    return Array.isArray(value) ? (value as HistoryItem[]).slice(0, HISTORY_LIMIT) : [];
  } catch {
    return [];
  }
}

/** Adds an item at the top and returns the new list; a full storage keeps the old list. */
export function addToHistory(item: HistoryItem, storage: Storage = localStorage): HistoryItem[] {
  const list = [
    { ...item, input: clip(item.input), output: clip(item.output) },
    ...readHistory(storage),
  ].slice(0, HISTORY_LIMIT);
  try {
    storage.setItem(HISTORY_KEY, JSON.stringify(list));
    return list;
  } catch {
    return readHistory(storage);
  }
}

export function clearHistory(storage: Storage = localStorage): void {
  storage.removeItem(HISTORY_KEY);
}
