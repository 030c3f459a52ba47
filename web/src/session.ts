const KEY = 'vetline.token';

/** The session token, kept for this browser tab's session. */
export const getToken = () => sessionStorage.getItem(KEY);
export const setToken = (token: string | null) =>
  token ? sessionStorage.setItem(KEY, token) : sessionStorage.removeItem(KEY);
