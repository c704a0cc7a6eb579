/**
 * The runtime stage of one stack: each distinct Droplet user_data through every runtime check,
 * one result line per check. Identical inputs are checked once per run (app-1 and app-2 share a
 * document; staging and prod often share their supervisor files).
 */
import { appPlatformSkip, appSpecCheck, APP_SPEC_CHECK, isAppPlatform } from "../app-spec";
import { combine, fail, type CheckResult } from "../report";
import type { StackDoc } from "../stacks";
import { filesOfKind, readCloudConfig, terraformLiteral, type CloudConfig, type FileKind } from "./cloud-config";
import { cloudInitSchema } from "./cloud-init-schema";
import { healthCheck, healthTarget } from "./health";
import { nginxTest } from "./nginx";
import { phpFpmTest } from "./php-fpm";
import { shellcheckScripts } from "./shell";
import { supervisorCheck } from "./supervisor";
import { systemdVerify } from "./systemd";

export interface UserDataDocument {
  /** The Droplets that boot with it (`app-1`, `app-2`). */
  readonly droplets: string[];
  /** As the Droplet receives it (Terraform's `$${` escapes undone). */
  readonly userData: string;
  /** Terraform expressions in it, which the checks cannot evaluate. */
  readonly expressions: string[];
  readonly config: CloudConfig;
}

/** Distinct user_data of the stack's digitalocean_droplet resources, in resource order. */
export function userDataDocuments(json: StackDoc["json"]): UserDataDocument[] {
  const byText = new Map<string, string[]>();
  for (const [id, droplet] of Object.entries((json.resource?.digitalocean_droplet ?? {}) as Record<string, { user_data?: unknown }>)) {
    if (typeof droplet.user_data !== "string") continue;
    const names = byText.get(droplet.user_data) ?? [];
    names.push(id.split("_").pop()!);
    byText.set(droplet.user_data, names);
  }
  return [...byText].map(([raw, droplets]) => {
    const { text, expressions } = terraformLiteral(raw);
    return { droplets, userData: text, expressions, config: readCloudConfig(text) };
  });
}

interface RuntimeCheck<Input = any> {
  readonly name: string;
  /** Said when no document of the stack has anything for it. */
  readonly nothing: string;
  /** Everything the check reads from one document (documents with equal inputs are checked once), or null: nothing to check. */
  input(doc: UserDataDocument, stack: StackDoc): Input | null;
  run(input: Input, stack: StackDoc): Promise<CheckResult>;
}

const kinds = (doc: UserDataDocument, ...k: FileKind[]) => k.flatMap((kind) => filesOfKind(doc.config, kind));
const nginxFiles = (doc: UserDataDocument) => doc.config.files.filter((f) => f.path.startsWith("/etc/nginx/"));
const hasSite = (doc: UserDataDocument) => kinds(doc, "nginx-site").length > 0;
const created = (doc: UserDataDocument) => ({ users: doc.config.users, groups: doc.config.groups });

export const RUNTIME_CHECKS: readonly RuntimeCheck[] = [
  {
    name: "cloud-init schema",
    nothing: "no Droplet has user_data",
    input: (doc) => ({ userData: doc.userData, expressions: doc.expressions }),
    run: ({ userData, expressions }) =>
      expressions.length > 0
        ? Promise.resolve(fail(`user_data holds Terraform expressions (${expressions.join(", ")}): only literal user_data can be checked`))
        : cloudInitSchema(userData),
  },
  {
    name: "nginx -t",
    nothing: "no nginx site in user_data",
    input: (doc) => (hasSite(doc) ? { files: nginxFiles(doc) } : null),
    run: ({ files }, stack) => nginxTest(stack.app, files),
  },
  {
    name: "php-fpm -t",
    nothing: "no PHP-FPM pool in user_data",
    input: (doc) => (kinds(doc, "php-fpm-pool").length > 0 ? { pools: kinds(doc, "php-fpm-pool"), ...created(doc) } : null),
    run: ({ pools, ...users }, stack) => phpFpmTest(stack.app, users, pools),
  },
  {
    name: "supervisord",
    nothing: "no supervisor program file in user_data",
    input: (doc) => (kinds(doc, "supervisor").length > 0 ? { files: kinds(doc, "supervisor"), users: doc.config.users } : null),
    run: ({ files, users }, stack) => supervisorCheck(stack.app, { users }, files),
  },
  {
    name: "systemd-analyze verify",
    nothing: "no systemd unit or drop-in in user_data",
    input: (doc) => (kinds(doc, "systemd-unit", "systemd-dropin").length > 0 ? { units: kinds(doc, "systemd-unit"), dropIns: kinds(doc, "systemd-dropin") } : null),
    run: ({ units, dropIns }, stack) => systemdVerify(stack.app, units, dropIns),
  },
  {
    name: "shellcheck",
    nothing: "no shell script in user_data",
    input: (doc) => (kinds(doc, "shell").length > 0 ? { scripts: kinds(doc, "shell") } : null),
    run: ({ scripts }) => shellcheckScripts(scripts),
  },
  {
    name: "health",
    nothing: "no nginx site in user_data",
    input: (doc, stack) => (hasSite(doc) ? { files: nginxFiles(doc), target: healthTarget(stack.json) } : null),
    run: ({ files, target }, stack) => (typeof target === "string" ? Promise.resolve(fail(target)) : healthCheck(stack.app, files, target)),
  },
];

/** Results of checks already run in this process, by check and input, with the stack that ran them first. */
const done = new Map<string, { label: string; result: Promise<CheckResult> }>();

async function cached(check: RuntimeCheck, key: string, input: unknown, stack: StackDoc): Promise<CheckResult> {
  const earlier = done.get(key);
  if (!earlier) {
    const result = check.run(input, stack).catch((e: unknown) => fail(`the check itself failed: ${(e as Error).message}`, (e as Error).stack));
    done.set(key, { label: stack.label, result });
    return result;
  }
  const result = await earlier.result;
  if (earlier.label === stack.label) return result;
  const same = `as for ${earlier.label}`;
  return result.status === "FAIL" ? { ...result, detail: `${result.detail} (${same})`, output: `${same}: output above` } : { ...result, detail: result.detail ? `${result.detail}; ${same}` : same };
}

/** Every runtime check of the stack, concurrently; results in RUNTIME_CHECKS order. */
export async function runtimeStage(stack: StackDoc): Promise<{ check: string; result: CheckResult }[]> {
  // An App Platform stack runs what its app spec says: that is checked; the Droplet checks skip.
  if (isAppPlatform(stack.json)) {
    return [{ check: APP_SPEC_CHECK, result: appSpecCheck(stack) }, ...RUNTIME_CHECKS.map((c) => ({ check: c.name, result: appPlatformSkip(stack) }))];
  }
  const docs = userDataDocuments(stack.json);
  return Promise.all(
    RUNTIME_CHECKS.map(async (check) => {
      // Documents that give the check the same input are checked once, as one part of the line.
      const groups = new Map<string, { input: unknown; droplets: string[] }>();
      for (const doc of docs) {
        const input = check.input(doc, stack);
        if (input === null) continue;
        const key = `${check.name}\0${stack.app}\0${JSON.stringify(input)}`;
        const group = groups.get(key) ?? { input, droplets: [] as string[] };
        group.droplets.push(...doc.droplets);
        groups.set(key, group);
      }
      const parts = await Promise.all([...groups].map(async ([key, g]) => ({ what: g.droplets.join(", "), result: await cached(check, key, g.input, stack) })));
      return { check: check.name, result: combine(parts, check.nothing) };
    }),
  );
}
