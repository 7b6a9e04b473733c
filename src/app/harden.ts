/**
 * Runs before every other module of the page (main.tsx imports it first): claims the Trusted
 * Types `default` policy with no rules, so no later script can register a permissive one, and
 * switches WebRTC off.
 */
import { claimDefaultPolicy } from '../shared/trusted-types';
import { lockWebRtc } from './lock-webrtc';

claimDefaultPolicy([]);
lockWebRtc(window);
