/**
 * The two outputs a deploy needs from the stack's state, read from `terraform output -json`:
 * `app_settings` (sensitive, `InfraSettings`) and `app_servers` (Droplet name → IPv4 and roles).
 * Checked enough that a wrong or half-applied state stops here with the field's name; no value is
 * ever quoted back, since some of them are passwords.
 */
import type { BackupSettings } from "../runtimes/backup";
import { PROCESS_ROLES, type InfraSettings, type ProcessRole } from "../runtimes/types";
import { DeployError, type Server } from "./plan";

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === "string" && v !== "";
const isPort = (v: unknown) => (typeof v === "number" && Number.isInteger(v)) || (typeof v === "string" && /^\d+$/.test(v));

function databaseProblems(field: string, db: unknown): string[] {
  if (!isObject(db)) return [`${field}: expected an object`];
  return [
    ...(db.engine === "mysql" || db.engine === "pg" ? [] : [`${field}.engine: expected mysql or pg`]),
    ...["host", "name", "user", "password"].filter((k) => !isText(db[k])).map((k) => `${field}.${k}: expected a non-empty string`),
    ...(isPort(db.port) ? [] : [`${field}.port: expected a port number`]),
    ...(db.ca_certificate === undefined || db.ca_certificate === null || isText(db.ca_certificate) ? [] : [`${field}.ca_certificate: expected a PEM string`]),
  ];
}

function settingsProblems(s: Json): string[] {
  const cache = s.cache;
  const bucket = s.bucket;
  return [
    ...(isText(s.app_url) ? [] : ["app_url: expected a non-empty string"]),
    ...databaseProblems("database", s.database),
    ...(isObject(s.extra_databases) ? Object.entries(s.extra_databases).flatMap(([k, db]) => databaseProblems(`extra_databases.${k}`, db)) : ["extra_databases: expected an object"]),
    ...(cache === null ? [] : !isObject(cache) ? ["cache: expected an object or null"] : [
      ...["host", "user", "password"].filter((k) => !isText(cache[k])).map((k) => `cache.${k}: expected a non-empty string`),
      ...(isPort(cache.port) ? [] : ["cache.port: expected a port number"]),
    ]),
    ...(bucket === null ? [] : !isObject(bucket) ? ["bucket: expected an object or null"] : [
      ...["name", "region", "endpoint"].filter((k) => !isText(bucket[k])).map((k) => `bucket.${k}: expected a non-empty string`),
      ...(bucket.cdn_url === null || isText(bucket.cdn_url) ? [] : ["bucket.cdn_url: expected a string or null"]),
    ]),
  ];
}

function accessProblems(field: string, access: unknown): string[] {
  if (!isObject(access)) return [`${field}: expected an object`];
  return ["bucket", "region", "access_key", "secret_key"].filter((k) => !isText(access[k])).map((k) => `${field}.${k}: expected a non-empty string`);
}

/** The optional `backup_settings` output (stacks with backup jobs). */
function backupProblems(b: Json): string[] {
  return [
    ...(isText(b.server) ? [] : ["server: expected a Droplet name"]),
    ...(b.source === null ? [] : accessProblems("source", b.source)),
    ...accessProblems("backups", b.backups),
    ...(b.database === null ? [] : databaseProblems("database", b.database)),
  ];
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

/**
 * Reads `terraform output -json` (already parsed). `source` says where it came from (for messages),
 * `prefix` is the stack's name prefix (`bizsocials-prod-`): a Droplet without it belongs to another
 * stack or app, a sign of the wrong --outputs file or PLATFORM_PRESET.
 */
export function readOutputs(json: unknown, source: string, prefix: string, applyHint: string): { infra: InfraSettings; servers: Server[]; backup?: BackupSettings } {
  const outputs = isObject(json) ? json : {};
  const settings = isObject(outputs.app_settings) ? outputs.app_settings.value : undefined;
  const servers = isObject(outputs.app_servers) ? outputs.app_servers.value : undefined;
  const missing = [...(isObject(settings) ? [] : ["app_settings"]), ...(isObject(servers) ? [] : ["app_servers"])];
  if (missing.length > 0) {
    throw new DeployError(`${source} has no ${missing.join(" and ")} output: ${applyHint}`);
  }
  const problems = settingsProblems(settings as Json).map((p) => `app_settings.${p}`);
  const list: Server[] = [];
  for (const [name, server] of Object.entries(servers as Json)) {
    const roles = isObject(server) && Array.isArray(server.roles) ? server.roles : undefined;
    if (!isObject(server) || typeof server.ipv4_address !== "string" || !IPV4.test(server.ipv4_address)) problems.push(`app_servers.${name}.ipv4_address: expected an IPv4 address`);
    if (!roles || !roles.every((r) => (PROCESS_ROLES as readonly unknown[]).includes(r))) problems.push(`app_servers.${name}.roles: expected a list of ${PROCESS_ROLES.join(", ")}`);
    if (!name.startsWith(prefix)) problems.push(`app_servers.${name}: not a Droplet of this stack (its names start with ${prefix}); check PLATFORM_PRESET and --outputs`);
    if (isObject(server) && roles) list.push({ name, ipv4: String(server.ipv4_address), roles: roles as ProcessRole[] });
  }
  if (list.length === 0 && problems.length === 0) problems.push("app_servers: no Droplet");
  const backup = isObject(outputs.backup_settings) ? outputs.backup_settings.value : undefined;
  if (outputs.backup_settings !== undefined) {
    if (!isObject(backup)) problems.push("backup_settings: expected an object");
    else {
      problems.push(...backupProblems(backup).map((p) => `backup_settings.${p}`));
      if (isText(backup.server) && !Object.hasOwn(servers as Json, backup.server)) problems.push(`backup_settings.server: ${backup.server} is not in app_servers`);
    }
  }
  if (problems.length > 0) throw new DeployError(`${source} does not hold what a deploy needs:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  return { infra: settings as unknown as InfraSettings, servers: list, ...(isObject(backup) ? { backup: backup as unknown as BackupSettings } : {}) };
}
