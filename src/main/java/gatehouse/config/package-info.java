/**
 * What is truly global: the JAX-RS application, the datasource, the schema
 * migrations and the clock. Feature logic lives in the feature packages.
 */
package gatehouse.config;
