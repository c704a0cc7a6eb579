/**
 * DO-DATA-1: in production stacks, what holds data that cannot be recreated from the repository
 * carries `lifecycle.prevent_destroy`.
 *
 * On App Platform: a `digitalocean_app` holds no data (its spec is in the JSON, its code in git and
 * the registry; a replaced app is redeployed from them), so it is not listed. A
 * `digitalocean_container_registry` is: it holds every released image the app runs and rolls back
 * to, new instances (autoscaling, a redeploy) pull from it, and a destroy deletes them all
 * (provider v2.71.0 digitalocean/registry/resource_container_registry.go: Delete calls
 * Registries.Delete; `name` and `region` are ForceNew, so a rename also destroys it). It lives in
 * the stack that owns the DNS zone (prod), so that stack protects it.
 */
import { verdict, type PolicyRule } from "../rule";
import { blocks } from "../stack-view";

export const DATA_1: PolicyRule = {
  id: "DO-DATA-1",
  title: "In production stacks, database clusters, replicas, buckets and the container registry carry lifecycle.prevent_destroy",
  rationale: "A mistaken destroy or a replacing change must stop at plan time, not delete customer data.",
  equivalents: [],
  appliesTo: ["digitalocean_database_cluster", "digitalocean_database_replica", "digitalocean_spaces_bucket", "digitalocean_container_registry"],
  evaluate(subject, stack) {
    if (!stack.facts.production) return { status: "NOT_APPLICABLE" };
    const protectedFromDestroy = blocks(subject.config.lifecycle).some((l) => l.prevent_destroy === true);
    return verdict(
      protectedFromDestroy
        ? []
        : [{ attribute: "lifecycle.prevent_destroy", value: blocks(subject.config.lifecycle)[0]?.prevent_destroy ?? null, problem: subject.type === "digitalocean_container_registry" ? "the released images can be destroyed by a plan." : "production data can be destroyed by a plan.", fix: "set lifecycle { prevent_destroy = true } (constructs take protect: true)." }],
    );
  },
};
