/**
 * DO-TAG-1: every taggable resource carries the app tag and the environment tag.
 * On App Platform: `digitalocean_app` and `digitalocean_container_registry` have no `tags` at
 * provider v2.71.0 (digitalocean/app/resource_app.go: `spec` plus computed attributes;
 * @cdktf/provider-digitalocean 13.14.1 lib/app has `spec`, `project_id`, `dedicated_ips`, no tags;
 * digitalocean/registry/resource_container_registry.go: name, subscription_tier_slug, region), so
 * they are not TAGGABLE and the rule demands nothing of them. The app is told apart by its name
 * (`<app>-<stack>`) and its project; the data tier it uses is tagged as before.
 */
import { verdict, type PolicyRule } from "../rule";
import { list } from "./util";

/** Resources whose `tags` label them (a firewall's tags select Droplets instead). Others go in the project. */
const TAGGABLE = ["digitalocean_droplet", "digitalocean_database_cluster", "digitalocean_database_replica", "digitalocean_volume", "digitalocean_kubernetes_cluster"];

export const TAG_1: PolicyRule = {
  id: "DO-TAG-1",
  title: "Every taggable resource carries the app tag and the environment tag",
  rationale: "Tags are how billing, firewalls, alerts and humans tell prod from dev in one account.",
  equivalents: [],
  appliesTo: TAGGABLE,
  evaluate(subject, stack) {
    const tags = list(subject.config.tags).map((t) => stack.tagName(t));
    const missing = [stack.facts.appTag, stack.facts.envTag].filter((t) => !tags.includes(t));
    return verdict(
      missing.length
        ? [{ attribute: "tags", value: tags, problem: `missing tag${missing.length > 1 ? "s" : ""} ${missing.join(", ")}.`, fix: "tag it with the StackTags construct (tags.resource or tags.droplet(role))." }]
        : [],
    );
  },
};
