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
