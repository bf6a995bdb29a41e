/**
 * docs/sign-in.md in black-box tests: standard OpenID Connect clients (relying parties) sign
 * users in at Gatehouse in a real browser. The applications are built from the page's own
 * examples ({@link SignInDoc}), compiled and packed here ({@link RelyingPartyApps}), and
 * driven through Gatehouse's login page by headless Chromium ({@link Browser}).
 */
package gatehouse.interop.oidc;
