/** A sound or a spoken number on each counted rep, so the person need not watch the screen. */
import { chooseVoice, speak } from '../../../media/voices';

export type RepFeedback = 'none' | 'beep' | 'voice';

let audio: AudioContext | null = null;

/** A short 880 Hz beep with a soft attack and release (no click). */
function beep(): void {
  audio ??= new AudioContext();
  const now = audio.currentTime;
  const oscillator = audio.createOscillator();
  const gain = audio.createGain();
  oscillator.frequency.value = 880;
  gain.gain.setValueAtTime(0, now);
  gain.gain.linearRampToValueAtTime(0.25, now + 0.01);
  gain.gain.exponentialRampToValueAtTime(0.001, now + 0.15);
  oscillator.connect(gain).connect(audio.destination);
  oscillator.start(now);
  oscillator.stop(now + 0.16);
}

/** Says the count with a local voice in the page's language; otherwise beeps (remote voices would send the text away). */
function say(count: number): void {
  if (typeof speechSynthesis === 'undefined') return beep();
  const choice = chooseVoice(speechSynthesis.getVoices(), document.documentElement.lang || 'en');
  if (choice.kind !== 'local') return beep();
  void speak(String(count), choice.voice).catch(beep);
}

export function repFeedback(kind: RepFeedback, count: number): void {
  if (kind === 'beep') beep();
  else if (kind === 'voice') say(count);
}

/** Lets the feedback sound: browsers allow audio only after a tap, so call this from the start button. */
export function unlockAudio(): void {
  audio ??= new AudioContext();
  void audio.resume().catch(() => undefined);
}
