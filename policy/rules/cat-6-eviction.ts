import { REDIS_EVICTION_POLICIES, VALKEY_DEFAULT_EVICTION_POLICY } from "../../catalog/databases";
import { verdict, type PolicyRule } from "../rule";
import { oneOf } from "./util";

export const CAT_6: PolicyRule = {
  id: "DO-CAT-6",
  title: "eviction_policy only on Redis clusters, spelled as the API spells it",
  rationale: "terraform validate accepts allkeys-lru; the API wants allkeys_lru, and refuses any eviction_policy on Valkey.",
  equivalents: [],
  appliesTo: ["digitalocean_database_cluster"],
  evaluate(subject) {
    const { engine, eviction_policy: policy } = subject.config;
    if (policy === undefined) return { status: "NOT_APPLICABLE" };
    if (engine !== "redis") {
      return verdict([{
        attribute: "eviction_policy",
        value: policy,
        problem: `eviction_policy is accepted for engine redis only, not ${String(engine)}.`,
        fix: `remove it (Valkey's default is ${VALKEY_DEFAULT_EVICTION_POLICY}).`,
      }]);
    }
    return verdict(
      (REDIS_EVICTION_POLICIES as readonly unknown[]).includes(policy)
        ? []
        : [{ attribute: "eviction_policy", value: policy, problem: "not an eviction policy.", fix: `use one of ${oneOf(REDIS_EVICTION_POLICIES)}.` }],
    );
  },
};
