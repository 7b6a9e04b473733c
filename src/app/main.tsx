import { render } from 'preact';
import { App } from './App';
import { createAppState } from './state/app-state';
import { registerServiceWorker } from './sw-client';
import './styles.css';

const state = createAppState();
render(<App state={state} />, document.getElementById('app')!);
registerServiceWorker(state);
