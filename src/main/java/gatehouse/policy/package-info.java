/**
 * Access policies (API.md §5): the AccessPolicy resource, validated and compiled
 * on write and held in memory; the matcho matcher and the evaluator, both pure
 * functions; and the filter that applies them to every non-public request after
 * authentication. Deny by default.
 */
package gatehouse.policy;
