/**
 * The "db-store-app": a stand-in for an existing Jakarta EE application on the
 * same server that authenticates Gatehouse users with nothing but Jakarta
 * Security's {@code @DatabaseIdentityStoreDefinition} over Gatehouse's
 * datasource. No Gatehouse class is used; the tests package it as its own WAR.
 */
package gatehouse.interop.dbstore;
