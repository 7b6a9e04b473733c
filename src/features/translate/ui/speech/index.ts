/** Speech input for the Translate page: microphone, voice activity detection, utterances. */
export { SpeechInput, type SpeechInputProps } from './SpeechInput';
export {
  SpeechSession,
  type SegmentRange,
  type SpeechSessionConfig,
  type SpeechState,
} from './speech-session';
export type { Utterance } from '../../shared/segmenter';
export type { SpeechMode } from '../../shared/vad-config';
