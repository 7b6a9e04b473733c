/**
 * Speech synthesis voices, chosen with privacy in mind: a voice whose `localService` is false
 * is synthesised by a server (the browser sends it the text), so it is only ever used when the
 * person asks for it knowing that.
 */

export type VoiceChoice =
  /** A voice for the language that runs on this device. */
  | { kind: 'local'; voice: SpeechSynthesisVoice }
  /** The only voices for the language run on a server. */
  | { kind: 'remote'; voice: SpeechSynthesisVoice }
  /** No voice speaks the language (or the browser has no speech synthesis). */
  | { kind: 'none' };

/** Matches a BCP 47 tag ("es-ES", "es_MX") to a primary language ("es"). */
function speaks(voice: Pick<SpeechSynthesisVoice, 'lang'>, language: string): boolean {
  return voice.lang.toLowerCase().replace('_', '-').split('-')[0] === language.toLowerCase();
}

/**
 * The best voice for `language` (ISO 639-1): a local one if any, preferring the browser's
 * default among them; else a remote one, so the page can say so. Pure, for tests.
 */
export function chooseVoice(voices: readonly SpeechSynthesisVoice[], language: string): VoiceChoice {
  const matching = voices.filter((voice) => speaks(voice, language));
  const local = matching.filter((voice) => voice.localService);
  const best = (list: SpeechSynthesisVoice[]) => list.find((voice) => voice.default) ?? list[0];
  if (local.length > 0) return { kind: 'local', voice: best(local)! };
  if (matching.length > 0) return { kind: 'remote', voice: best(matching)! };
  return { kind: 'none' };
}

/**
 * The browser's voices. Chromium fills the list a moment after the page loads and says so with
 * `voiceschanged`, so an empty list is waited on briefly before it is believed.
 */
export async function availableVoices(waitMs = 1000): Promise<SpeechSynthesisVoice[]> {
  if (typeof speechSynthesis === 'undefined') return [];
  const now = speechSynthesis.getVoices();
  if (now.length > 0) return now;
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      speechSynthesis.removeEventListener('voiceschanged', done);
      resolve(speechSynthesis.getVoices());
    };
    const timer = setTimeout(done, waitMs);
    speechSynthesis.addEventListener('voiceschanged', done);
  });
}

/** Speaks `text` with `voice`, stopping anything already being said; resolves when it ends. */
export function speak(text: string, voice: SpeechSynthesisVoice): Promise<void> {
  return new Promise((resolve, reject) => {
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.voice = voice;
    utterance.lang = voice.lang;
    utterance.onend = () => resolve();
    utterance.onerror = (event) =>
      event.error === 'interrupted' || event.error === 'canceled'
        ? resolve()
        : reject(new Error(`The voice “${voice.name}” could not speak: ${event.error}.`));
    speechSynthesis.cancel();
    speechSynthesis.speak(utterance);
  });
}
