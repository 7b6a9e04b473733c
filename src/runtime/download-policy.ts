/**
 * When a large download should wait: on a metered or data-saving connection, or on a
 * battery that is low and not charging. Pure; the page feeds it what the browser reports.
 */

/** Downloads above this wait for good conditions unless the user taps "Download now". */
export const DEFAULT_WAIT_THRESHOLD_BYTES = 20_000_000;
/** Below this charge (0–1) and not charging, large downloads wait. */
export const MIN_BATTERY_LEVEL = 0.5;

export interface ConnectionInfo {
  /** NetworkInformation.type: 'cellular', 'wifi', 'ethernet'… (absent in most desktop browsers). */
  type?: string;
  saveData?: boolean;
}

export interface BatteryInfo {
  charging: boolean;
  level: number;
}

export interface PolicyInput {
  bytes: number;
  thresholdBytes: number;
  connection: ConnectionInfo | null;
  /** null where the Battery Status API does not exist. */
  battery: BatteryInfo | null;
}

/** Why a download should wait, in words for the user; null when it may start now. */
export function waitReason({ bytes, thresholdBytes, connection, battery }: PolicyInput): string | null {
  if (bytes <= thresholdBytes) return null;
  if (connection?.saveData) return 'Waiting: Data Saver is on. Tap "Download now" to download anyway.';
  if (connection?.type === 'cellular')
    return 'Waiting for Wi-Fi: this is a large download on a mobile connection.';
  if (battery && !battery.charging && battery.level < MIN_BATTERY_LEVEL) {
    return `Waiting for charging: the battery is at ${Math.round(battery.level * 100)}%.`;
  }
  return null;
}
