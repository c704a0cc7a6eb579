/**
 * The README of a hand-off bundle: what an ops team that only runs `terraform` needs, all taken
 * from the stack's own JSON (backend, versions, providers, variables), the sizing contract, the
 * cost estimate and the policy report. No timestamps, no paths of the machine that wrote it.
 */
import type { CostEstimate } from "../cost/estimate";
import type { SuppressedViolation } from "../policy/violations";
import type { SizingRow } from "./sizing";
import { setAtApply, type VariableDeclaration } from "./tfvars";

export type Json = Record<string, any>;

export interface ReadmeInput {
  readonly preset: string;
  readonly stack: string;
  readonly profile: string;
  readonly json: Json;
  /** undefined: the preset has no sizing doc; `column` undefined: the doc has no column for this stack. */
  readonly sizing: { readonly column: readonly SizingRow[] | undefined } | undefined;
  readonly cost: CostEstimate;
  readonly budgetUsd: number;
  readonly suppressed: readonly SuppressedViolation[];
  /** The files the bundle holds besides README.md and SHA256SUMS. */
  readonly files: readonly string[];
}

const usd = (n: number) => `$${n.toFixed(2)}`;
const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

function backendSection(json: Json, stack: string): string[] {
  const s3 = json.terraform?.backend?.s3 as Json | undefined;
  const local = json.terraform?.backend?.local as Json | undefined;
  if (s3) {
    return [
      `State: Spaces bucket \`${s3.bucket}\`, key \`${s3.key}\`, endpoint \`${s3.endpoints?.s3}\` (Terraform's S3 backend).`,
      "",
      "```sh",
      `export AWS_ACCESS_KEY_ID=… AWS_SECRET_ACCESS_KEY=…   # the Spaces key scoped to ${s3.bucket} (bootstrap output), for the state`,
      "export AWS_REQUEST_CHECKSUM_CALCULATION=when_required AWS_RESPONSE_CHECKSUM_VALIDATION=when_required  # Spaces refuses the newer AWS checksums",
      "export DIGITALOCEAN_TOKEN=…                          # API token, for the provider",
      "export SPACES_ACCESS_KEY_ID=… SPACES_SECRET_ACCESS_KEY=…   # Spaces key, for the provider's buckets",
    ];
  }
  if (local) {
    return [
      `State: a local file, \`${local.path}\` relative to the directory terraform runs in (${stack} creates the buckets other stacks keep state in, so its own cannot live there). It holds secrets: keep it like a password, never in git. To keep it elsewhere, add \`-backend-config=path=<file>\` to \`terraform init\`.`,
      "",
      "```sh",
      "export DIGITALOCEAN_TOKEN=…                                 # API token with the spaces_key scopes",
      "export SPACES_ACCESS_KEY_ID=… SPACES_SECRET_ACCESS_KEY=…   # a full-access Spaces key, to create the buckets",
    ];
  }
  return ["State: no backend is configured (Terraform's default local state).", "", "```sh"];
}

/** The stack runs its app on App Platform (its `//.platform` says so, or it has an app and no Droplet). */
export function runsOnAppPlatform(json: Json): boolean {
  const compute = json["//"]?.platform?.compute;
  if (compute !== undefined) return compute === "app-platform";
  return Object.keys(json.resource?.digitalocean_app ?? {}).length > 0 && Object.keys(json.resource?.digitalocean_droplet ?? {}).length === 0;
}

/** How a release reaches the app, and the secrets the apply needs: App Platform stacks only. */
function appPlatformSection(json: Json, release: boolean, secrets: readonly string[]): string[] {
  const apps = Object.keys(json.resource?.digitalocean_app ?? {}).map((n) => `\`digitalocean_app.${n}\``);
  const out = [
    "## Releases (App Platform)",
    "",
    `This stack runs its app on App Platform (${apps.join(", ") || "no app"}): there are no Droplets and no ssh. App Platform builds or pulls each component and rolls a new deployment, which goes live once its health checks pass; \`terraform apply\` waits for it and fails if it fails (the previous deployment keeps serving).`,
    "",
  ];
  if (release) {
    out.push(
      "A release is the image the services run, in the variable `release` (an image tag or a sha256 digest in the container registry). Push the image, then apply with it:",
      "",
      "```sh",
      "doctl registry login                            # once per machine",
      "docker push registry.digitalocean.com/<registry>/<repository>:<tag>",
      "terraform plan -input=false -var release=<tag> -out=tfplan",
      "terraform apply tfplan",
      "```",
      "",
    );
  }
  out.push("Components built from GitHub redeploy the branch's latest commit with `doctl apps create-deployment $(terraform output -raw app_id)`. The app's addresses are the outputs `app_live_url` and `app_default_ingress`.", "");
  if (secrets.length > 0) {
    out.push(`Secrets: ${secrets.map((s) => `\`${s}\``).join(", ")} ${secrets.length === 1 ? "is a sensitive variable" : "are sensitive variables"} without a default. Set ${secrets.length === 1 ? "it" : "them"} from your secret store for every plan and apply (\`export ${secrets.map((s) => `TF_VAR_${s}=…`).join(" ")}\`), never in a file that is kept; App Platform receives ${secrets.length === 1 ? "it" : "them"} as encrypted (SECRET) environment variables.`, "");
  }
  return out;
}

export function bundleReadme(input: ReadmeInput): string {
  const { json, stack, preset } = input;
  const declared = (json.variable ?? {}) as Record<string, VariableDeclaration>;
  const onApp = runsOnAppPlatform(json);
  const release = onApp && Object.keys(declared).some((n) => setAtApply(n, declared[n]!) === "release");
  const secrets = Object.keys(declared).filter((n) => setAtApply(n, declared[n]!) === "secret").sort();
  const providers = Object.entries((json.terraform?.required_providers ?? {}) as Json).map(([name, p]) => `\`${p.source}\` ${p.version} (${name})`);
  const variables = Object.keys((json.variable ?? {}) as Json).sort();
  const drMode = json["//"]?.platform?.drMode as string | undefined;
  const out: string[] = [
    `# ${preset}/${stack}: Terraform configuration for ops`,
    "",
    `Synthesized by this project's \`npm run handoff\` (preset ${preset}, prod profile: ${input.profile}${drMode ? `, DR mode: ${drMode}` : ""}). \`cdk.tf.json\` is a complete Terraform configuration, byte for byte what \`npm run synth\` wrote to \`cdktf.out/stacks/${stack}/\`; you need Terraform ${json.terraform?.required_version ?? "(any)"} and nothing else of this project.`,
    "",
    `Providers: ${providers.join(", ") || "none"}.`,
    "",
    "## Commands",
    "",
    ...backendSection(json, stack),
  ];
  for (const s of secrets) out.push(`export TF_VAR_${s}=…   # secret, from your secret store`);
  out.push("sha256sum -c SHA256SUMS                         # the files are the ones handed over");
  if (variables.length > 0) out.push("cp terraform.tfvars.example terraform.tfvars   # then set your values (see the comments)");
  out.push(
    "terraform init -input=false",
    release ? "terraform plan -input=false -var release=<tag> -out=tfplan   # review it; <tag>: the release's image tag or digest" : "terraform plan -input=false -out=tfplan         # review it",
    "terraform apply tfplan                          # applies exactly the reviewed plan",
    "```",
    "",
    json.terraform?.backend?.s3
      ? "**One at a time.** Spaces has no state locking: never run two Terraform commands against this stack at once (the project's CI serializes them per stack; people must coordinate the same way)."
      : "**One place, one at a time.** The state is a file on the machine that runs Terraform; its lock guards only that machine. Run this stack from one place, one command at a time.",
    "",
  );
  if (onApp) out.push(...appPlatformSection(json, release, secrets));
  out.push("## Variables", "");
  out.push(variables.length > 0 ? `${variables.map((v) => `\`${v}\``).join(", ")}: described, with their rules and a valid example each, in \`terraform.tfvars.example\`.` : "This stack declares no variables.", "");

  out.push("## Sizing", "");
  if (input.sizing === undefined) {
    out.push(`The project's sizing contract (docs/SIZING.md) documents the default preset only, not ${preset}: the sizes of ${preset}/${stack} are in the project's \`config/presets/\`, and what they cost is in the table below.`);
  } else if (input.sizing.column === undefined) {
    out.push(`The project's sizing contract (docs/SIZING.md) has no column for ${stack}: what it creates is in \`cdk.tf.json\`, and what it costs in the table below.`);
  } else {
    out.push(`The \`${stack}\` column of the project's sizing contract (docs/SIZING.md):`, "", "| | value |", "|---|---|");
    for (const row of input.sizing.column) out.push(`| ${cell(row.label)} | ${cell(row.value)} |`);
  }
  out.push("");

  out.push("## Monthly cost estimate (USD)", "", "| item | resource | unit | count | monthly |", "|---|---|---|---|---|");
  const range = (a: string, b: string | undefined) => (b === undefined || a === b ? a : `${a}–${b}`);
  for (const l of input.cost.lines) out.push(`| ${cell(l.item)} | \`${l.address}\` | ${usd(l.unitUsd)} | ${range(String(l.count), l.maxCount?.toString())} | ${range(usd(l.monthlyUsd), l.maxMonthlyUsd === undefined ? undefined : usd(l.maxMonthlyUsd))} |`);
  const scaled = input.cost.maxTotalUsd !== input.cost.totalUsd;
  out.push(`| **total** | | | | **${range(usd(input.cost.totalUsd), scaled ? usd(input.cost.maxTotalUsd) : undefined)}** |`, "");
  out.push(`Budget ${usd(input.budgetUsd)}: ${input.cost.maxTotalUsd <= input.budgetUsd ? "within budget" : "OVER BUDGET"}${scaled ? " (judged at every autoscaled component's maximum)" : ""}. Before bandwidth overage and usage-based charges; the Spaces subscription is billed once per account.`);
  for (const u of input.cost.unpriced) out.push(`- not priced: \`${u.address}\` (${u.reason})`);
  out.push("");

  out.push("## Suppressed policy findings", "");
  if (input.suppressed.length === 0) {
    out.push("None: every policy rule passed without exceptions.");
  } else {
    const grouped = new Map<string, { rule: string; path: string; attributes: string[]; reason: string }>();
    for (const s of input.suppressed) {
      const key = `${s.rule} ${s.path}`;
      const entry = grouped.get(key) ?? { rule: s.rule, path: s.path, attributes: [], reason: s.reason };
      entry.attributes.push(s.attribute);
      grouped.set(key, entry);
    }
    out.push("| rule | resource | findings | reason |", "|---|---|---|---|");
    for (const g of grouped.values()) out.push(`| ${g.rule} | \`${g.path}\` | ${g.attributes.map((a) => `\`${a}\``).join(", ")} | ${cell(g.reason)} |`);
  }
  out.push("", "## Files", "");
  for (const f of [...input.files, "README.md", "SHA256SUMS"]) out.push(`- \`${f}\``);
  return out.join("\n") + "\n";
}
