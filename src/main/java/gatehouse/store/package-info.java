/**
 * The generic resource store: one CRUD + search API ({@code /{type}}) for every
 * resource type, JSON and YAML both ways, and the storage of types that have no
 * entity of their own. Built-in types with typed columns (User, Client,
 * Session) plug in as further {@link gatehouse.store.ResourceStore}s.
 * Does not own authentication or authorization.
 */
package gatehouse.store;
