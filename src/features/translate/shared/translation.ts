/** Translation results as both sides see them. */

export interface TranslateStats {
  /** Sentences translated (whitespace between them is copied, not translated). */
  sentences: number;
  /** Tokens generated. */
  tokens: number;
  /** From the call to the first generated token of the first sentence. */
  firstTokenMs: number;
  totalMs: number;
}

export interface Translation {
  text: string;
  stats: TranslateStats;
}

export interface TranscribeOptions {
  /** ISO 639-1 code; omitted: detect it. */
  language?: string;
}

export interface TranscribeStats {
  /** Length of the audio transcribed. */
  audioMs: number;
  /** Log-mel features, over all 30 s windows. */
  featuresMs: number;
  /** The encoder, over all windows. */
  encoderMs: number;
  /** From the call to the first generated token (features, encoder, language detection included). */
  firstTokenMs: number;
  totalMs: number;
  /** Tokens generated, over all windows. */
  tokens: number;
}

export interface Transcript {
  /** Trimmed. */
  text: string;
  /** The language code used: given, or detected. */
  language: string;
  /** The detector's probability for `language`; 1 when it was given. */
  languageProbability: number;
  detected: boolean;
  stats: TranscribeStats;
}
