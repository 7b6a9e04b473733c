import { describe, expect, it } from 'vitest';
import { chooseVoice } from './voices';

const voice = (name: string, lang: string, localService: boolean, isDefault = false) =>
  ({ name, lang, localService, default: isDefault, voiceURI: name }) as SpeechSynthesisVoice;

describe('chooseVoice', () => {
  it('prefers a voice on this device over a server voice, and the default among local ones', () => {
    const voices = [
      voice('Server Spanish', 'es-ES', false, true),
      voice('eSpeak Spanish', 'es', true),
      voice('Local Mexican', 'es_MX', true, true),
    ];
    expect(chooseVoice(voices, 'es')).toEqual({ kind: 'local', voice: voices[2] });
  });

  it('reports a server voice when it is the only one for the language', () => {
    const voices = [voice('Server French', 'fr-FR', false), voice('Local English', 'en-US', true)];
    expect(chooseVoice(voices, 'fr')).toEqual({ kind: 'remote', voice: voices[0] });
  });

  it('reports no voice when none speaks the language, whatever else exists', () => {
    expect(chooseVoice([voice('Local English', 'en-GB', true)], 'de')).toEqual({ kind: 'none' });
    expect(chooseVoice([], 'en')).toEqual({ kind: 'none' });
  });

  it('matches the primary language only, not a prefix of another code', () => {
    // "e" is not English, and "en" does not match "eo" (Esperanto).
    expect(chooseVoice([voice('Esperanto', 'eo', true)], 'en')).toEqual({ kind: 'none' });
    expect(chooseVoice([voice('Local English', 'EN-us', true)], 'en').kind).toBe('local');
  });
});
