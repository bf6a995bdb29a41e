/**
 * The generic resource store: one CRUD + search API ({@code /{type}}) for every
 * resource type, JSON and YAML both ways, request bodies bounded, and the storage
 * of types that have no entity of their own. Built-in types with typed columns
 * (User, Client, Session) plug in as further {@link gatehouse.store.ResourceStore}s.
 * Also the change counters by which instances notice each other's writes
 * ({@link gatehouse.store.Snapshot}). Stores know nothing of the request; the caller
 * matters only to the resource class, through the standard {@code SecurityContext}.
 */
package gatehouse.store;
