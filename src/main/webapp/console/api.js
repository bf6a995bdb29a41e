// The console's only way to the server: the password grant of the public client
// gatehouse-console, and Bearer requests to the REST API. Tokens live in this module's
// variables alone: never localStorage, sessionStorage or a cookie, so a reload signs out.

export const CLIENT_ID = 'gatehouse-console';
/** The context root: the console is served at <root>/console/. */
export const ROOT = new URL('..', document.baseURI);

let accessToken = null;
let refreshToken = null;
let refreshTimer = null;
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

export async function signIn(username, password) {
  const tokens = await tokenRequest({ grant_type: 'password', username, password });
  keep(tokens);
  signedIn = tokens.userinfo || { id: username };
  return signedIn;
}

/** DELETE /Session ends this token's Session on the server; the tokens are dropped whatever it answers. */
export async function signOut() {
  try {
    if (accessToken) {
      await fetch(url('Session'), { method: 'DELETE', headers: bearer({}), credentials: 'omit', cache: 'no-store' });
    }
  } finally {
    forget('You signed out.');
  }
}

/**
 * A request to the REST API as the signed-in user. Returns {status, body, headers};
 * throws ApiError with the server's diagnostics for 4xx/5xx. A 401 gets one refresh and one retry.
 */
export async function api(method, path, { body, type = 'application/json', accept = 'application/json' } = {}) {
  let reply = await send(method, path, body, type, accept);
  if (reply.status === 401 && refreshToken) {
    await refresh();
    reply = await send(method, path, body, type, accept);
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
    if (body && body.error === 'invalid_grant' && form.grant_type === 'password') {
      throw new ApiError(reply.status, 'Wrong user name or password, or the account cannot sign in now.');
    }
    if (body && body.error === 'invalid_client') {
      throw new ApiError(reply.status, 'The console\'s client (gatehouse-console) is missing or turned off on this server.');
    }
    throw new ApiError(reply.status, describe(reply.status, body, text));
  }
  return body;
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

async function refresh() {
  const token = refreshToken;
  refreshToken = null; // rotation: a refresh token is used once
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
