import { createContext, useContext } from 'react';

const KEY = 'vetline.token';

/** The session token, shared by every tab of this browser (a reviewer opens queue items in new tabs). */
export const getToken = () => localStorage.getItem(KEY);
export const setToken = (token: string | null) => (token ? localStorage.setItem(KEY, token) : localStorage.removeItem(KEY));

/**
 * Calls `listener` with the new token when another tab signs in, signs out or loses its session.
 * The `storage` event fires in every other tab of the origin, never in the one that wrote.
 */
export function onTokenChangedElsewhere(listener: (token: string | null) => void): () => void {
  const handle = (event: StorageEvent) => {
    // `key` is null when the whole storage is cleared (e.g. the browser's "clear site data").
    if (event.storageArea === localStorage && (event.key === KEY || event.key === null)) listener(getToken());
  };
  window.addEventListener('storage', handle);
  return () => window.removeEventListener('storage', handle);
}

/** Signing in and out; the shell swaps the GraphQL client (and its cache) when the token changes. */
export interface Session {
  token: string | null;
  /** Why the session ended when the viewer did not end it (e.g. the server refused the token). */
  notice: string | null;
  signIn(token: string): void;
  signOut(): void;
}

export const SessionContext = createContext<Session>({ token: null, notice: null, signIn: () => {}, signOut: () => {} });

/** The current session and the functions that change it. */
export const useSession = () => useContext(SessionContext);
