import { DROPLET_1 } from "../../../policy/rules/droplet-1-ssh-keys";
import type { RuleCases } from "./types";
import { ref } from "./types";

const droplet = (ssh_keys?: unknown) => ({
  resource: { digitalocean_droplet: { app: { name: "acme-test-app-1", image: "ubuntu-24-04-x64", region: "nyc3", size: "s-1vcpu-1gb", ...(ssh_keys === undefined ? {} : { ssh_keys }) } } },
});
const APP = "digitalocean_droplet.app";

export const cases: RuleCases = {
  rule: DROPLET_1,
  compliant: [
    { name: "the stack's fingerprint variable", json: droplet("${var.ssh_key_fingerprints}"), subject: APP },
    { name: "a literal MD5 fingerprint", json: droplet(["3b:16:bf:e4:8b:00:8b:b8:59:8c:a9:d3:f0:19:45:fa"]), subject: APP },
    { name: "a list holding a reference to a digitalocean_ssh_key", json: droplet([ref("digitalocean_ssh_key.deploy", "fingerprint")]), subject: APP },
  ],
  nonCompliant: [
    { name: "no ssh_keys attribute", json: droplet(), subject: APP, attributes: ["ssh_keys"] },
    { name: "an empty list", json: droplet([]), subject: APP, attributes: ["ssh_keys"] },
    { name: "an empty string", json: droplet(""), subject: APP, attributes: ["ssh_keys"] },
  ],
};
