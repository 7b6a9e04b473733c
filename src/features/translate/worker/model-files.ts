/**
 * The parsed JSON files of a Transformers.js seq2seq model folder, as the translator and the
 * transcriber are both built from them: the tokenizer, and the two configs generation reads.
 */
import { Tokenizer } from '@huggingface/tokenizers';

/** tokenizer.json, tokenizer_config.json, config.json and generation_config.json, parsed. */
export interface ModelFiles {
  tokenizer: object;
  tokenizerConfig: object;
  config: object;
  generationConfig: object;
}

/** The model's tokenizer, and its settings as `readConfig` takes them from the two configs. */
export function readModelFiles<Config>(
  files: ModelFiles,
  readConfig: (config: Record<string, unknown>, generation: Record<string, unknown>) => Config,
): { tokenizer: Tokenizer; config: Config } {
  return {
    tokenizer: new Tokenizer(files.tokenizer, files.tokenizerConfig),
    config: readConfig(
      files.config as Record<string, unknown>,
      files.generationConfig as Record<string, unknown>,
    ),
  };
}
