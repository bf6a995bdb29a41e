// The console's only way to the server. It signs in as the public client gatehouse-console
// with the authorization code flow and PKCE (RFC 6749 §4.1, RFC 7636 S256): the browser goes to
// Gatehouse's login page and comes back to this page with a code, which is exchanged at
// /auth/token; then Bearer requests to the REST API. Tokens live in this module's variables
// alone: never localStorage, sessionStorage or a cookie. A reload signs in again without a
// question while the browser session at Gatehouse lasts (prompt=none). Only the state and
// the PKCE verifier of a sign-in under way wait in sessionStorage, for the way back.

export const CLIENT_ID = 'gatehouse-console';
/** The context root: the console is served at <root>/console/. */
export const ROOT = new URL('..', document.baseURI);
/** Where the sign-in and the sign-out come back to: the registered redirect_uri and post_logout_redirect_uri. */
export const CONSOLE = new URL('console/', ROOT).href;
const SCOPE = 'openid profile';
const PENDING = 'gatehouse-console.pending';

let accessToken = null;
let refreshToken = null;
let refreshTimer = null;
let refreshing = null;
let signedIn = null;
const signOutListeners = [];

/** An error the server answered, with its OperationOutcome diagnostics (or OAuth error_description). */
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export function user() {
  return signedIn;
}

export function onSignedOut(listener) {
  signOutListeners.push(listener);
}

/**
 * Goes to Gatehouse's authorization endpoint; the browser comes back to this page with a code
 * (or an error). silent: prompt=none, which answers login_required instead of showing the
 * login page when there is no browser session. The hash (the page shown) survives the trip.
 */
export async function startSignIn({ silent = false } = {}) {
  if (!(window.crypto && crypto.subtle)) {
    throw new ApiError(0, 'The console needs a secure context to sign in (https, or http on localhost): '
        + 'its PKCE challenge is computed with the browser\'s WebCrypto.');
  }
  const state = random();
  const verifier = random();
  const challenge = base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  sessionStorage.setItem(PENDING, JSON.stringify({ state, verifier, silent, hash: location.hash }));
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: CLIENT_ID,
    redirect_uri: CONSOLE,
    scope: SCOPE,
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  if (silent) {
    query.set('prompt', 'none');
  }
  location.assign(url('auth/authorize') + '?' + query);
}

/**
 * The way back from the authorization endpoint, when this load is one: the code is exchanged
 * for tokens, and code, state and iss leave the address bar (history.replaceState), so a reload
 * or a bookmark never presents them again. Returns null when this load is not a way back;
 * otherwise {signedIn} or {error, silent, message}.
 */
export async function finishSignIn() {
  const params = new URLSearchParams(location.search);
  if (!params.has('state') || !(params.has('code') || params.has('error'))) {
    return null;
  }
  const pending = JSON.parse(sessionStorage.getItem(PENDING) || 'null');
  sessionStorage.removeItem(PENDING);
  history.replaceState(null, '', CONSOLE + ((pending && pending.hash) || ''));
  if (!pending || params.get('state') !== pending.state) {
    // Not the answer to this tab's request: a stale or forged redirect is never used.
    return { error: 'invalid_state', silent: false, message: 'The sign-in answer did not match this tab\'s request: sign in again.' };
  }
  if (params.has('error')) {
    return { error: params.get('error'), silent: pending.silent, message: params.get('error_description') || params.get('error') };
  }
  const tokens = await tokenRequest({
    grant_type: 'authorization_code',
    code: params.get('code'),
    redirect_uri: CONSOLE,
    code_verifier: pending.verifier,
  });
  keep(tokens);
  signedIn = tokens.userinfo || (await userinfo());
  return { signedIn };
}

/**
 * Signs out of Gatehouse: the browser goes to the end-session endpoint, which closes the browser
 * session and every Session issued from it (this page's too) and comes back here.
 */
export function signOut() {
  forget(null);
  const query = new URLSearchParams({ client_id: CLIENT_ID, post_logout_redirect_uri: CONSOLE });
  location.assign(url('auth/logout') + '?' + query);
}

/**
 * A request to the REST API as the signed-in user. Returns {status, body, headers};
 * throws ApiError with the server's diagnostics for 4xx/5xx. A 401 gets one refresh (shared by
 * every request that meets the expiry at the same time) and one retry.
 */
export async function api(method, path, { body, type = 'application/json', accept = 'application/json' } = {}) {
  const used = accessToken;
  let reply = await send(method, path, body, type, accept);
  if (reply.status === 401 && used) {
    if (used === accessToken) {
      try {
        await refresh();
      } catch (e) {
        throw new ApiError(401, 'Your session has ended: sign in again.');
      }
    }
    if (accessToken) {
      // Refreshed, by this request or by another one meanwhile: once more with the new token.
      reply = await send(method, path, body, type, accept);
    }
  }
  const text = await reply.text();
  const parsed = parse(text, reply.headers.get('Content-Type'));
  if (reply.status === 401) {
    forget('Your session has ended: sign in again.');
  }
  if (!reply.ok) {
    throw new ApiError(reply.status, describe(reply.status, parsed, text));
  }
  return { status: reply.status, body: parsed, headers: reply.headers };
}

/** The path and query of a link the server built on its issuer URL, resolved against this origin. */
export function localPath(link) {
  const parsed = new URL(link, ROOT);
  const rootPath = ROOT.pathname;
  return parsed.pathname.slice(rootPath.length) + parsed.search;
}

function url(path) {
  return new URL(path.replace(/^\//, ''), ROOT);
}

function send(method, path, body, type, accept) {
  const headers = bearer({ Accept: accept });
  if (body !== undefined) {
    headers['Content-Type'] = type;
  }
  const payload = body === undefined ? undefined : (typeof body === 'string' ? body : JSON.stringify(body));
  return fetch(url(path), { method, headers, body: payload, credentials: 'omit', cache: 'no-store' });
}

function bearer(headers) {
  if (accessToken) {
    headers.Authorization = 'Bearer ' + accessToken;
  }
  return headers;
}

function parse(text, contentType) {
  if (contentType && contentType.includes('json') && text) {
    try {
      return JSON.parse(text);
    } catch (e) {
      return text;
    }
  }
  return text;
}

function describe(status, body, text) {
  if (body && body.resourceType === 'OperationOutcome' && Array.isArray(body.issue)) {
    return body.issue.map((issue) => issue.diagnostics || issue.code).join('\n');
  }
  if (body && body.error) {
    return body.error_description || body.error;
  }
  return `HTTP ${status}` + (text && text.length < 300 ? ': ' + text : '');
}

async function tokenRequest(form) {
  const reply = await fetch(url('auth/token'), {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
    body: new URLSearchParams({ ...form, client_id: CLIENT_ID }),
    credentials: 'omit',
    cache: 'no-store',
  });
  const text = await reply.text();
  const body = parse(text, reply.headers.get('Content-Type'));
  if (!reply.ok) {
    if (body && (body.error === 'invalid_client' || body.error === 'unauthorized_client')) {
      throw new ApiError(reply.status, 'The console\'s client (gatehouse-console) is missing or cannot sign in on this server: '
          + describe(reply.status, body, text));
    }
    throw new ApiError(reply.status, describe(reply.status, body, text));
  }
  return body;
}

async function userinfo() {
  const reply = await send('GET', 'auth/userinfo', undefined, undefined, 'application/json');
  if (!reply.ok) {
    throw new ApiError(reply.status, describe(reply.status, null, await reply.text()));
  }
  return reply.json();
}

function keep(tokens) {
  accessToken = tokens.access_token;
  refreshToken = tokens.refresh_token || null;
  clearTimeout(refreshTimer);
  if (refreshToken && tokens.expires_in) {
    // Refresh well before expiry: at 80% of the lifetime, and at least 30 s early.
    const seconds = Math.max(5, Math.min(tokens.expires_in * 0.8, tokens.expires_in - 30));
    refreshTimer = setTimeout(() => refresh().catch(() => {}), seconds * 1000);
  }
}

/**
 * One refresh at a time: callers that come while one is under way share its promise, since a
 * refresh token is used once (rotation) and a second use would close the Session as stolen.
 * A refresh that fails signs out, once.
 */
function refresh() {
  if (!refreshing) {
    refreshing = refreshOnce().finally(() => {
      refreshing = null;
    });
  }
  return refreshing;
}

async function refreshOnce() {
  const token = refreshToken;
  refreshToken = null;
  if (!token) {
    forget('Your session has ended: sign in again.');
    throw new ApiError(401, 'Your session has ended: sign in again.');
  }
  try {
    keep(await tokenRequest({ grant_type: 'refresh_token', refresh_token: token }));
  } catch (e) {
    forget('Your session has ended: sign in again.');
    throw e;
  }
}

function forget(reason) {
  const wasSignedIn = signedIn !== null;
  accessToken = null;
  refreshToken = null;
  signedIn = null;
  clearTimeout(refreshTimer);
  if (wasSignedIn) {
    signOutListeners.forEach((listener) => listener(reason));
  }
}

/** 256 random bits, base64url: a state, or a PKCE verifier (43 characters, RFC 7636 §4.1). */
function random() {
  return base64url(crypto.getRandomValues(new Uint8Array(32)));
}

function base64url(bytes) {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
