import { createContext, useContext } from 'react';

const KEY = 'vetline.token';

/** The session token, kept for this browser tab's session. */
export const getToken = () => sessionStorage.getItem(KEY);
export const setToken = (token: string | null) =>
  token ? sessionStorage.setItem(KEY, token) : sessionStorage.removeItem(KEY);

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
