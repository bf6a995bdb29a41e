/**
 * Access policies (docs/access-policies.md): the AccessPolicy resource, validated and compiled
 * on write and held in memory; the matcho matcher and the evaluator, both pure
 * functions; the filter that applies them to every non-public request after
 * authentication (deny by default), reading the caller from the request's
 * {@code SecurityContext}; and {@code @RolesAllowed} for every resource.
 */
package gatehouse.policy;
