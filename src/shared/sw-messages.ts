/** Messages a page may post to the service worker. Shared by both sides. */
export const SW_MESSAGE = {
  SKIP_WAITING: 'SKIP_WAITING',
  GET_VERSION: 'GET_VERSION',
} as const;

export type SwRequest = { type: typeof SW_MESSAGE.SKIP_WAITING } | { type: typeof SW_MESSAGE.GET_VERSION };

/** What GET_VERSION answers on the transferred port. */
export interface SwVersion {
  version: string;
  build: string;
}
