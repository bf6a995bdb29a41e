/**
 * Sessions: one per issued access token, the store behind {@code /Session}, and
 * {@link gatehouse.session.AuthenticationFilter}, the one place that reads the
 * {@code Authorization} header and decides who the caller is. Does not decide
 * what the caller may do (see the policy package) nor sign tokens.
 */
package gatehouse.session;
