/**
 * The typed cloud-config model every runtime builds into, and its rendering with the `yaml` library.
 * Keys are cloud-init's own; only what the platform uses is modelled. Pure: no cdktf here.
 *
 * Order on the Droplet (cloud-init's module order on Ubuntu): `write_files` in the init stage, before
 * users and packages exist; `packages` in the final stage; `runcmd` after the packages. So a file that
 * a package's service reads at install (a supervisor program, an nginx site in conf.d) must be valid
 * before that package's directories and users exist, or be linked in later (runcmd, the deploy command).
 */
import { stringify } from "yaml";

export interface WriteFile {
  readonly path: string;
  readonly content: string;
  /** Octal, as a string: `"0644"`. */
  readonly permissions: string;
  readonly owner?: string;
}

export interface CloudUser {
  readonly name: string;
  /** Comma-separated supplementary groups. */
  readonly groups?: string;
  readonly shell: string;
  /**
   * One sudoers rule, as a string: cloud-init's schema accepts a list only from 24.2
   * (canonical/cloud-init ChangeLog 24.2, "Add missing sudo definition"), and the Droplet warns at
   * boot on an older one.
   */
  readonly sudo?: string;
  readonly lock_passwd: boolean;
  /** A system account (no home directory, low uid). */
  readonly system?: boolean;
}

export interface CloudConfig {
  readonly package_update: boolean;
  readonly package_upgrade: boolean;
  readonly disable_root: boolean;
  readonly ssh_pwauth: boolean;
  readonly users: readonly CloudUser[];
  readonly packages: readonly string[];
  readonly write_files: readonly WriteFile[];
  readonly runcmd: readonly (readonly string[])[];
}

export function renderCloudInit(config: CloudConfig): string {
  return "#cloud-config\n" + stringify(config, { lineWidth: 0 });
}

/** `key<separator>value` lines, in insertion order, newline-terminated. */
export function keyValueLines(entries: Readonly<Record<string, string>>, separator: string): string {
  return Object.entries(entries).map(([k, v]) => `${k}${separator}${v}`).join("\n") + "\n";
}

/** An INI-style section (`[Unit]`, `[program:x]`) followed by its `key=value` lines. */
export function iniSection(name: string, entries: Readonly<Record<string, string>>): string {
  return `[${name}]\n${keyValueLines(entries, "=")}`;
}

/**
 * Terraform reads every string of its JSON as a template: a literal `${` or `%{` (bash, compose)
 * must be written `$${` / `%%{`. Applied to user_data when it goes into the JSON; Terraform hands
 * the Droplet the original text.
 */
export function escapeTemplate(text: string): string {
  return text.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{");
}

/** The text Terraform makes of an escaped template literal (for readers of the synthesized JSON). */
export function unescapeTemplate(text: string): string {
  return text.replace(/\$\$\{/g, () => "${").replace(/%%\{/g, () => "%{");
}
