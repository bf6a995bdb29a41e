/**
 * OAuth clients: the Client entity and store (secret write-only, hashed), each
 * client's password-grant settings, the root client, and client authentication
 * (HTTP Basic or credentials in the body, RFC 6749 §2.3.1).
 */
package gatehouse.client;
