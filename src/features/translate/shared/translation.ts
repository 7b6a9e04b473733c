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
