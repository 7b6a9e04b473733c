import { useEffect } from 'preact/hooks';
import { useAppState } from '../../../app/state/app-state';
import { Icon } from '../../../app/components/Icon';
import { LabelOptions } from '../../../app/components/SelectField';
import { LANGUAGES, type Language } from '../shared/languages';
import { MissingModel } from './MissingModel';
import { ReadAloud } from './ReadAloud';
import type { TranslateSession } from './translate-session';

function LanguageSelect(props: {
  value: Language;
  onChange: (value: Language) => void;
  testId: string;
  label: string;
}) {
  return (
    <label class="inline-field">
      <span class="visually-hidden">{props.label}</span>
      <select
        data-testid={props.testId}
        aria-label={props.label}
        value={props.value}
        onChange={(event) => props.onChange(event.currentTarget.value as Language)}
      >
        <LabelOptions labels={LANGUAGES} />
      </select>
    </label>
  );
}

/** Typed text → translation, streamed as it is generated, with cancel and a local history. */
export function TextTranslator({ session }: { session: TranslateSession }) {
  const { models } = useAppState();
  useEffect(() => {
    void session.plan();
    return () => session.cancel();
  }, [session]);

  const state = session.state.value;
  const route = session.route.value;
  const busy = state === 'loading' || state === 'translating';
  const missing = route?.steps.filter((step) => {
    const model = models.registry.value?.models.find((m) => m.id === step.modelId);
    return !model || models.rowState(model).state !== 'stored';
  });
  const stats = session.stats.value;
  const setLanguage = (which: 'source' | 'target') => (value: Language) => {
    session[which].value = value;
    void session.plan();
  };

  return (
    <section class="card translate" aria-label="Translate text">
      <div class="translate-languages">
        <LanguageSelect
          value={session.source.value}
          onChange={setLanguage('source')}
          testId="source-lang"
          label="From"
        />
        <button
          type="button"
          class="button icon-button"
          aria-label="Swap languages"
          onClick={() => session.swap()}
        >
          <Icon name="switch" size={18} />
        </button>
        <LanguageSelect
          value={session.target.value}
          onChange={setLanguage('target')}
          testId="target-lang"
          label="To"
        />
      </div>
      {route?.pivot && (
        <p class="fine" data-testid="pivot-note">
          There is no direct {LANGUAGES[session.source.value]} → {LANGUAGES[session.target.value]} model: this
          goes through English, which can lose some nuance.
        </p>
      )}
      {!route && session.source.value !== session.target.value && models.registry.value && (
        <p class="error">There is no model for this pair of languages.</p>
      )}
      {models.loadError.value && !models.registry.value && (
        <p class="error" role="alert" data-testid="model-store-error">
          The models on this device could not be listed: {models.loadError.value}
        </p>
      )}
      {missing?.map((step) => (
        <MissingModel key={step.modelId} id={step.modelId} />
      ))}
      <div class="translate-panes">
        <label class="field">
          <span class="visually-hidden">Text to translate</span>
          <textarea
            data-testid="source-text"
            rows={6}
            placeholder="Type or paste text to translate"
            value={session.input.value}
            onInput={(event) => (session.input.value = event.currentTarget.value)}
          />
        </label>
        <div
          class="translate-output"
          data-testid="translation-output"
          data-state={state}
          aria-live="polite"
          lang={session.target.value}
          dir="auto"
        >
          {session.output.value || (
            <span class="fine">{busy ? 'Translating…' : 'The translation appears here.'}</span>
          )}
        </div>
      </div>
      <div class="actions-row">
        {busy ? (
          <button type="button" class="button" data-testid="cancel-button" onClick={() => session.cancel()}>
            <Icon name="stop" size={18} /> Cancel
          </button>
        ) : (
          <button
            type="button"
            class="button primary"
            data-testid="translate-button"
            disabled={!session.input.value.trim() || !route || (missing?.length ?? 0) > 0}
            onClick={() => void session.translate()}
          >
            <Icon name="translate" size={18} /> Translate
          </button>
        )}
        {state === 'done' && session.output.value && (
          <ReadAloud text={session.output.value} language={session.target.value} testId="read-aloud" />
        )}
      </div>
      {state === 'cancelled' && <p class="fine">Cancelled.</p>}
      {session.error.value && (
        <p class="error" role="alert" data-testid="translate-error">
          {session.error.value}
        </p>
      )}
      {stats && (
        <p class="fine" data-testid="translate-stats" data-first-token-ms={stats.firstTokenMs.toFixed(1)}>
          <span data-testid="backend">{stats.backend}</span> · {stats.sentences} sentence
          {stats.sentences === 1 ? '' : 's'}, {stats.tokens} tokens · first token{' '}
          {stats.firstTokenMs.toFixed(0)} ms ·{' '}
          {((stats.tokens * 1000) / Math.max(1, stats.totalMs)).toFixed(1)} tokens/s
        </p>
      )}
      {session.history.value.length > 0 && (
        <details class="translate-history" data-testid="history">
          <summary>History ({session.history.value.length})</summary>
          <ul>
            {session.history.value.map((item) => (
              <li key={item.at}>
                <span class="fine">
                  {LANGUAGES[item.source]} → {LANGUAGES[item.target]}
                </span>
                <p dir="auto">{item.input}</p>
                <p dir="auto">
                  <strong>{item.output}</strong>
                </p>
              </li>
            ))}
          </ul>
          <button
            type="button"
            class="button"
            data-testid="clear-history"
            onClick={() => session.clearHistory()}
          >
            Clear history
          </button>
        </details>
      )}
    </section>
  );
}
