/**
 * DO-SEC-2: nothing in a stack runs code, or sends credentials, beyond what the platform itself uses.
 *
 * `terraform plan` is not read-only: it starts every provider the configuration names, reads every
 * data source (`external` runs a program, `http` fetches a URL), and evaluates functions such as
 * `file()` on the machine that plans. A pull request's plan runs with the state credentials in its
 * environment, and the state holds the database passwords and Spaces secrets, so a branch that adds
 * any of those could send them anywhere (Atlantis documents the same exploit for its automatic
 * plans: https://www.runatlantis.io/docs/security). Provisioners run at apply, on the machine that
 * applies. So, in every stack (the bootstrap too):
 * - providers: only digitalocean/digitalocean and hashicorp/random, configured without another API
 *   or Spaces endpoint (`api_endpoint` and `spaces_endpoint` are where the provider sends the token
 *   and the Spaces keys: provider v2.71.0 schema, @cdktf/provider-digitalocean 13.14.1
 *   lib/provider/index.d.ts "The URL to use for the DigitalOcean API / Spaces API");
 * - resources and data sources: those providers' own, and Terraform's builtin `terraform_data` and
 *   `terraform_remote_state`; the latter only on this stack's own state backend (same bucket, same
 *   Spaces endpoint), so it can read the platform's state outputs (dr reading prod's) and nothing else;
 * - no `module` (a module can bring any provider or data source) and no `check` block (its scoped
 *   data sources are read at plan);
 * - no function that reads the planning machine's files (`file`, `templatefile`, …);
 * - the state backend: `local`, or `s3` on a Spaces endpoint;
 * - provisioners: only `local-exec` on a `terraform_data` that its construct marks as a step of the
 *   app tier's rolling chain (`//.platform.role` = ROLLING_CHAIN_ROLE, constructs/terraform-data.ts
 *   `markRollingChainStep`); what that command runs is reviewed with the construct.
 *
 * On App Platform: unchanged. `digitalocean_app` and `digitalocean_container_registry` are the
 * digitalocean provider's own; a plan reads them by id on the API (policy/region-reach.ts) and runs
 * nothing. What App Platform builds (a GitHub source, a build command) runs on DigitalOcean at
 * deploy, with the app's own env, not on the machine that plans.
 *
 * It cannot be suppressed (`suppressible: false`): its one exception is built in, and a suppression
 * is one more line in the same branch as the code it would let through.
 */
import { verdict, type Finding, type PolicyRule } from "../rule";
import { blocks, type Block, type Json, type StackView, type Subject } from "../stack-view";
import { oneOf } from "./util";

/** The role the rolling chain's `terraform_data` declares in its `//` comment (Terraform ignores `//`). */
export const ROLLING_CHAIN_ROLE = "rolling-chain";

/** Provider local name → registry source. */
export const ALLOWED_PROVIDERS: Readonly<Record<string, string>> = { digitalocean: "digitalocean/digitalocean", random: "hashicorp/random" };
const BUILTIN_RESOURCES = ["terraform_data"];
const BUILTIN_DATA = ["terraform_remote_state"];
/** Top-level keys of Terraform JSON that run nothing by themselves (their contents are judged as subjects). */
const TOP_LEVEL = ["//", "terraform", "provider", "resource", "data", "variable", "output", "locals", "moved", "removed", "import"];
const TERRAFORM_SETTINGS = ["backend", "required_providers", "required_version"];
/** Provider settings that send its credentials somewhere else. */
const ENDPOINT_SETTINGS = ["api_endpoint", "spaces_endpoint"];
const SPACES_ENDPOINT = /^https:\/\/[a-z0-9]+\.digitaloceanspaces\.com\/?$/;
/** Terraform functions that read files of the machine running Terraform. */
const FILE_FUNCTION = /\b(file|filebase64|filebase64sha256|filebase64sha512|fileexists|fileset|filemd5|filesha1|filesha256|filesha512|templatefile)\s*\(/;

const ALLOWED = `the ${Object.keys(ALLOWED_PROVIDERS).join(" and ")} providers`;

function isObject(value: Json | undefined): value is Block {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A required_providers entry's source, normalised: `registry.terraform.io/x/y` is `x/y`. */
function sourceOf(entry: Json | undefined): string {
  const source = isObject(entry) ? entry.source : entry;
  return String(source ?? "").toLowerCase().replace(/^registry\.terraform\.io\//, "");
}

/** The provider local name of a resource or data source type (`digitalocean_droplet` → `digitalocean`). */
function providerOfType(type: string): string {
  return type.split("_")[0]!;
}

function fileReads(value: Json, path: string, findings: Finding[]): void {
  if (typeof value === "string") {
    const m = FILE_FUNCTION.exec(value);
    if (m) {
      findings.push({
        attribute: path,
        value,
        problem: `calls ${m[1]}(), which reads a file of the machine running Terraform (a pull request's plan runs it next to the state credentials).`,
        fix: "read the file while synthesizing (in TypeScript) and put its text in the JSON, or drop it.",
      });
    }
  } else if (Array.isArray(value)) value.forEach((v, i) => fileReads(v, `${path}[${i}]`, findings));
  else if (isObject(value)) for (const [k, v] of Object.entries(value)) fileReads(v, path ? `${path}.${k}` : k, findings);
}

/** `provider = "name.alias"`: the local name must be an allowed provider. */
function providerArgument(config: Block, findings: Finding[]): void {
  if (config.provider === undefined) return;
  const name = String(config.provider).replace(/^\$\{|\}$/g, "").split(".")[0]!;
  if (!(name in ALLOWED_PROVIDERS)) {
    findings.push({ attribute: "provider", value: config.provider, problem: `uses the provider ${name}, which is not one of ${ALLOWED}.`, fix: `use ${oneOf(Object.keys(ALLOWED_PROVIDERS))}, or drop the provider argument.` });
  }
}

function provisioners(subject: Subject, findings: Finding[]): void {
  const list = blocks(subject.config.provisioner);
  if (list.length === 0) return;
  const rolling = subject.type === "terraform_data" && subject.role === ROLLING_CHAIN_ROLE;
  list.forEach((p, i) => {
    const kind = Object.keys(p)[0] ?? "(empty)";
    if (rolling && kind === "local-exec" && Object.keys(p).length === 1) return;
    findings.push({
      attribute: `provisioner[${i}]`,
      value: kind,
      problem: rolling
        ? `the rolling chain's step runs a ${kind} provisioner; only local-exec is allowed there.`
        : `a ${kind} provisioner runs a command on the machine that applies (with the stack's credentials); only the app tier's rolling chain may run one.`,
      fix: rolling ? "use local-exec." : "remove the provisioner; a wait between app Droplets belongs in the rolling chain (constructs/app-tier.ts), whose steps markRollingChainStep() marks.",
    });
  });
  if (subject.config.connection !== undefined && !rolling) {
    findings.push({ attribute: "connection", value: "(connection)", problem: "a connection block serves remote-exec and file provisioners.", fix: "remove it." });
  }
}

/** `terraform_remote_state`: s3, on this stack's own state bucket and Spaces endpoint. */
function remoteState(config: Block, stack: StackView, findings: Finding[]): void {
  const own = ownBackend(stack);
  const settings = isObject(config.config) ? config.config : {};
  const endpoints = isObject(settings.endpoints) ? settings.endpoints : {};
  const fix = own
    ? `read state with backend = "s3", bucket = "${String(own.bucket)}" and endpoints = { s3 = "${String(isObject(own.endpoints) ? own.endpoints.s3 : "")}" } (this stack's own state backend), and nothing else.`
    : "remove it: a stack with a local backend reads no other state.";
  const wrong = (attribute: string, value: Json | undefined, problem: string): void => {
    findings.push({ attribute, value: value ?? null, problem, fix });
  };
  if (!own) return wrong("backend", config.backend, "reads state, but this stack has no state backend on Spaces to compare it with.");
  if (config.backend !== "s3") return wrong("backend", config.backend, "reads state from a backend other than s3 on the platform's Spaces.");
  if (settings.bucket !== own.bucket) wrong("config.bucket", settings.bucket, "reads state from a bucket other than this stack's state bucket.");
  const ownEndpoint = isObject(own.endpoints) ? own.endpoints.s3 : undefined;
  if (JSON.stringify(endpoints) !== JSON.stringify({ s3: ownEndpoint })) wrong("config.endpoints", settings.endpoints, "reads state from an endpoint other than this stack's state backend.");
  for (const key of Object.keys(settings).filter((k) => /endpoint/.test(k) && k !== "endpoints")) wrong(`config.${key}`, settings[key], "sets another endpoint for the state backend.");
}

function ownBackend(stack: StackView): Block | undefined {
  const terraform = stack.json.terraform;
  const backend = isObject(terraform) && isObject(terraform.backend) ? terraform.backend.s3 : undefined;
  return isObject(backend) ? backend : undefined;
}

function terraformSettings(config: Block, findings: Finding[]): void {
  for (const key of Object.keys(config).filter((k) => !TERRAFORM_SETTINGS.includes(k))) {
    findings.push({ attribute: key, value: "(block)", problem: `terraform.${key} is not a setting this platform uses (a cloud block sends the state and runs elsewhere).`, fix: `keep to ${oneOf(TERRAFORM_SETTINGS)}.` });
  }
  const required = isObject(config.required_providers) ? config.required_providers : {};
  for (const [name, entry] of Object.entries(required)) {
    const expected = ALLOWED_PROVIDERS[name];
    if (expected === undefined) {
      findings.push({ attribute: `required_providers.${name}`, value: sourceOf(entry), problem: `requires the provider ${name}, which is not one of ${ALLOWED}: Terraform starts it at plan, with the stack's credentials in its environment.`, fix: `remove it; only ${oneOf(Object.values(ALLOWED_PROVIDERS))} may be required.` });
    } else if (sourceOf(entry) !== expected) {
      findings.push({ attribute: `required_providers.${name}.source`, value: sourceOf(entry), problem: `installs ${name} from ${sourceOf(entry) || "(no source)"}, not from ${expected}.`, fix: `set source = "${expected}".` });
    }
  }
  const backend = isObject(config.backend) ? config.backend : {};
  for (const [kind, settings] of Object.entries(backend)) {
    if (kind === "local") continue;
    if (kind !== "s3") {
      findings.push({ attribute: `backend.${kind}`, value: kind, problem: `keeps the state in a ${kind} backend, not on Spaces.`, fix: "use the s3 backend on the platform's state bucket (constructs/terraform-settings.ts)." });
      continue;
    }
    const s3 = isObject(settings) ? settings : {};
    const endpoints = isObject(s3.endpoints) ? s3.endpoints : {};
    for (const [service, url] of Object.entries(endpoints)) {
      if (service !== "s3" || !SPACES_ENDPOINT.test(String(url))) {
        findings.push({ attribute: `backend.s3.endpoints.${service}`, value: url, problem: "sends the state credentials to an endpoint that is not Spaces.", fix: "set only endpoints.s3, to https://<region>.digitaloceanspaces.com." });
      }
    }
    for (const key of Object.keys(s3).filter((k) => /endpoint/.test(k) && k !== "endpoints")) {
      findings.push({ attribute: `backend.s3.${key}`, value: s3[key] ?? null, problem: "sets another endpoint for the state backend.", fix: "set only endpoints.s3, to https://<region>.digitaloceanspaces.com." });
    }
  }
}

function providerConfig(subject: Subject, findings: Finding[]): void {
  const name = subject.address.replace(/^provider\./, "").replace(/\[\d+\]$/, "");
  if (!(name in ALLOWED_PROVIDERS)) {
    findings.push({ attribute: "(provider)", value: name, problem: `configures the provider ${name}, which is not one of ${ALLOWED}.`, fix: "remove it." });
    return;
  }
  for (const key of ENDPOINT_SETTINGS.filter((k) => subject.config[k] !== undefined)) {
    findings.push({ attribute: key, value: subject.config[key] ?? null, problem: `sends the provider's credentials to ${String(subject.config[key])} instead of DigitalOcean.`, fix: `remove ${key} (the provider's default is DigitalOcean's own endpoint).` });
  }
}

/** What the per-block subjects do not see: modules, check blocks, unknown top-level keys, and blocks without a subject (locals, removed, import, moved). */
function wholeStack(json: Block, findings: Finding[]): void {
  for (const key of Object.keys(json).filter((k) => !TOP_LEVEL.includes(k))) {
    const names = isObject(json[key]) ? Object.keys(json[key] as Block) : [];
    const problem =
      key === "module" ? "a module can bring any provider, data source or provisioner, out of this policy's sight." : key === "check" ? "a check block's data sources are read at every plan." : `${key} is not a block this platform uses.`;
    for (const name of names.length > 0 ? names : [""]) {
      findings.push({ attribute: name ? `${key}.${name}` : key, value: key, problem, fix: "build it from this repository's constructs instead." });
    }
  }
  for (const key of ["locals", "moved", "removed", "import"]) {
    if (json[key] !== undefined) fileReads(json[key]!, key, findings);
  }
  blocks(json.removed).forEach((r, i) => {
    if (r.provisioner !== undefined) findings.push({ attribute: `removed[${i}].provisioner`, value: "(provisioner)", problem: "a removed block's provisioner runs a command on the machine that applies.", fix: "remove the provisioner." });
  });
}

export const SEC_2: PolicyRule = {
  id: "DO-SEC-2",
  title: "Only the digitalocean and random providers; no module, external/http data source, file read or provisioner but the rolling chain's",
  rationale: "terraform plan runs providers and data sources with the state credentials at hand; a branch must not be able to add code that sends them elsewhere.",
  equivalents: [],
  appliesTo: ["*", "stack"],
  suppressible: false,
  evaluate(subject, stack) {
    const findings: Finding[] = [];
    if (subject.type === "stack") {
      wholeStack(subject.config, findings);
      return verdict(findings);
    }
    const rolling = subject.type === "terraform_data" && subject.role === ROLLING_CHAIN_ROLE;
    // The rolling chain's command is reviewed with its construct; everything else is scanned.
    fileReads(rolling ? { ...subject.config, provisioner: null } : subject.config, "", findings);
    if (subject.type === "terraform") terraformSettings(subject.config, findings);
    else if (subject.type === "provider") providerConfig(subject, findings);
    else if (subject.type.startsWith("data.")) {
      const type = subject.type.slice("data.".length);
      if (BUILTIN_DATA.includes(type)) remoteState(subject.config, stack, findings);
      else if (!(providerOfType(type) in ALLOWED_PROVIDERS)) {
        findings.push({ attribute: "(type)", value: type, problem: `the data source ${type} belongs to no allowed provider; Terraform reads it at every plan${type === "external" ? " by running a program" : type === "http" ? " by fetching a URL" : ""}.`, fix: `use a data source of ${ALLOWED}, or compute the value while synthesizing.` });
      }
      providerArgument(subject.config, findings);
    } else if (subject.type !== "variable" && subject.type !== "output") {
      if (!BUILTIN_RESOURCES.includes(subject.type) && !(providerOfType(subject.type) in ALLOWED_PROVIDERS)) {
        findings.push({ attribute: "(type)", value: subject.type, problem: `the resource type ${subject.type} belongs to no allowed provider.`, fix: `use ${ALLOWED}, or terraform_data.` });
      }
      providerArgument(subject.config, findings);
      provisioners(subject, findings);
    }
    return verdict(findings);
  },
};
