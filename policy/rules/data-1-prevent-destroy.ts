import { verdict, type PolicyRule } from "../rule";
import { blocks } from "../stack-view";

export const DATA_1: PolicyRule = {
  id: "DO-DATA-1",
  title: "In production stacks, database clusters, replicas and buckets carry lifecycle.prevent_destroy",
  rationale: "A mistaken destroy or a replacing change must stop at plan time, not delete customer data.",
  equivalents: [],
  appliesTo: ["digitalocean_database_cluster", "digitalocean_database_replica", "digitalocean_spaces_bucket"],
  evaluate(subject, stack) {
    if (!stack.facts.production) return { status: "NOT_APPLICABLE" };
    const protectedFromDestroy = blocks(subject.config.lifecycle).some((l) => l.prevent_destroy === true);
    return verdict(
      protectedFromDestroy
        ? []
        : [{ attribute: "lifecycle.prevent_destroy", value: blocks(subject.config.lifecycle)[0]?.prevent_destroy ?? null, problem: "production data can be destroyed by a plan.", fix: "set lifecycle { prevent_destroy = true } (constructs take protect: true)." }],
    );
  },
};
