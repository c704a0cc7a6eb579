import { CAT_7 } from "../../../policy/rules/cat-7-image";
import type { RuleCases } from "./types";

const droplet = (image?: string | number) => ({
  resource: { digitalocean_droplet: { app: { name: "acme-test-app-1", size: "s-1vcpu-1gb", region: "nyc3", ...(image === undefined ? {} : { image }) } } },
});
const APP = "digitalocean_droplet.app";

export const cases: RuleCases = {
  rule: CAT_7,
  compliant: [
    { name: "ubuntu-24-04-x64", json: droplet("ubuntu-24-04-x64"), subject: APP },
    { name: "ubuntu-22-04-x64", json: droplet("ubuntu-22-04-x64"), subject: APP },
    { name: "debian-12-x64", json: droplet("debian-12-x64"), subject: APP },
  ],
  nonCompliant: [
    { name: "seed 001's marketplace image docker-20-04", json: droplet("docker-20-04"), subject: APP, attributes: ["image"] },
    { name: "Ubuntu 20.04 (out of standard support)", json: droplet("ubuntu-20-04-x64"), subject: APP, attributes: ["image"] },
    { name: "a snapshot id", json: droplet(123456789), subject: APP, attributes: ["image"] },
    { name: "no image", json: droplet(), subject: APP, attributes: ["image"] },
  ],
};
