/**
 * OAuth clients: the Client entity and store (secret write-only, hashed), each
 * client's token settings, the root client, and client authentication (HTTP Basic or
 * credentials in the body, RFC 6749 §2.3.1) — at the OAuth endpoints through
 * {@link gatehouse.client.ClientAuthentication}, everywhere else as the Jakarta Security
 * {@link gatehouse.client.ClientIdentityStore}.
 */
package gatehouse.client;
