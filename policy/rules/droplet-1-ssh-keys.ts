/**
 * DO-DROPLET-1: every Droplet gets SSH keys.
 * On App Platform: nothing to check. An App Platform stack has no `digitalocean_droplet` (the
 * platform runs the containers; there is no SSH to them), so the rule never applies there.
 */
import { verdict, type PolicyRule } from "../rule";
import { list } from "./util";

export const DROPLET_1: PolicyRule = {
  id: "DO-DROPLET-1",
  title: "Every Droplet gets SSH keys",
  rationale: "Without keys DigitalOcean e-mails a root password, and password logins invite brute force.",
  equivalents: ["tfsec DIG003", "checkov CKV_DIO_2"],
  appliesTo: ["digitalocean_droplet"],
  evaluate(subject) {
    const keys = subject.config.ssh_keys;
    // A reference (`${var.ssh_key_fingerprints}`) is fine: the variable itself must be non-empty.
    const present = typeof keys === "string" ? keys.length > 0 : list(keys).length > 0;
    return verdict(
      present
        ? []
        : [{ attribute: "ssh_keys", value: keys ?? null, problem: "the Droplet has no SSH keys.", fix: "set ssh_keys (the stack's ssh_key_fingerprints variable)." }],
    );
  },
};
