/**
 * Users: the User entity and store (password write-only, kept as a
 * {@code Pbkdf2PasswordHash} hash), and the Jakarta Security IdentityStore that
 * every password check goes through. Does not issue tokens.
 */
package gatehouse.user;
