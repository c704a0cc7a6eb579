import { EVICTION_POLICIES, EVICTION_POLICY_ENGINES } from "../../catalog/databases";
import { verdict, type PolicyRule } from "../rule";
import { oneOf } from "./util";

/**
 * DO-CAT-6 on App Platform: unchanged (the cache is the same managed Valkey cluster).
 *
 * Provider v2.71.0, digitalocean/database/resource_database_cluster.go (CustomizeDiff) refuses
 * `eviction_policy` unless the engine is `redis` or `valkey` ("eviction_policy is only supported for
 * Redis or Valkey Database Clusters"); its schema accepts any non-empty string, so a misspelled
 * value passes `terraform validate` and fails only when the provider calls
 * `PUT /v2/databases/{database_cluster_uuid}/eviction_policy` after creating the cluster.
 */
export const CAT_6: PolicyRule = {
  id: "DO-CAT-6",
  title: "eviction_policy only on caching clusters (Redis, Valkey), spelled as the API spells it",
  rationale:
    "terraform validate accepts any eviction_policy; the provider refuses it on MySQL and PostgreSQL, and the API refuses allkeys-lru (it wants allkeys_lru) only after creating the cluster.",
  equivalents: [],
  appliesTo: ["digitalocean_database_cluster"],
  evaluate(subject) {
    const { engine, eviction_policy: policy } = subject.config;
    if (policy === undefined) return { status: "NOT_APPLICABLE" };
    if (!(EVICTION_POLICY_ENGINES as readonly unknown[]).includes(engine)) {
      return verdict([{
        attribute: "eviction_policy",
        value: policy,
        problem: `eviction_policy is accepted for engines ${oneOf(EVICTION_POLICY_ENGINES)} only, not ${String(engine)}.`,
        fix: `remove it (only ${oneOf(EVICTION_POLICY_ENGINES)} clusters take one).`,
      }]);
    }
    return verdict(
      (EVICTION_POLICIES as readonly unknown[]).includes(policy)
        ? []
        : [{
            attribute: "eviction_policy",
            value: policy,
            problem: "not an eviction policy the API accepts (it spells them with underscores).",
            fix: `use one of ${oneOf(EVICTION_POLICIES)}.`,
          }],
    );
  },
};
