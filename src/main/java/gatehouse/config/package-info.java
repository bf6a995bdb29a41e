/**
 * What is truly global, and depends on no other package: the JAX-RS application,
 * the datasource and the schema migrations, the clock, the JSON-P provider and the
 * media types Gatehouse speaks, and the protocol constants (challenges, caching
 * headers, public paths, the root group). Feature logic lives in the feature packages.
 */
package gatehouse.config;
