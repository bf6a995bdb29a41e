/**
 * Black-box tests of sign-in for web applications: the authorization endpoint, the login
 * and consent pages, the code exchange at /auth/token with PKCE, ID tokens, browser
 * Sessions and logout, driven over HTTP by simulated browsers (a cookie jar each, no
 * script, no automatic redirects) that read the server's HTML forms generically.
 * Real browsers and relying-party libraries are tested elsewhere; this package owns the
 * protocol's edge cases: redirect URI matching, code replay and binding, CSRF, consent.
 */
package gatehouse.signin;
