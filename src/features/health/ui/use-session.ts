import { useEffect, useMemo } from 'preact/hooks';

/**
 * A view's own session, made once and disposed when the view goes: leaving the page stops the
 * camera and microphone.
 */
export function useSession<T extends { dispose(): void }>(create: () => T): T {
  const session = useMemo(create, []);
  useEffect(() => () => session.dispose(), [session]);
  return session;
}
