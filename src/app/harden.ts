/**
 * Runs before every other module of the page (main.tsx imports it first): claims the Trusted
 * Types `default` policy with no rules, so no later script can register a permissive one,
 * switches WebRTC off, and logs any policy violation (src/shared/policy-violations.ts).
 */
import { reportPolicyViolations } from '../shared/policy-violations';
import { claimDefaultPolicy } from '../shared/trusted-types';
import { lockWebRtc } from './lock-webrtc';

reportPolicyViolations('the page', document);
claimDefaultPolicy([]);
lockWebRtc(window);
