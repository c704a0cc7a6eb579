/**
 * What the runtime checks read from a Droplet's user_data: its write_files, recognised by path
 * (and shell scripts by their shebang), and the users and groups it creates.
 */
import * as zlib from "node:zlib";
import { parse } from "yaml";

export type FileKind = "nginx-site" | "php-fpm-pool" | "supervisor" | "systemd-unit" | "systemd-dropin" | "shell";

export interface WrittenFile {
  readonly path: string;
  readonly content: string;
  readonly kind: FileKind | null;
}

export interface CloudConfig {
  readonly files: readonly WrittenFile[];
  /** Users (`users[].name`) and groups (`groups`) the cloud-config creates: unknown on this machine. */
  readonly users: readonly string[];
  readonly groups: readonly string[];
  /** Why it could not be read (the schema check says more). */
  readonly error?: string;
}

/**
 * A Terraform string as the Droplet receives it: `$${` → `${` and `%%{` → `%{` (Terraform's
 * escapes); `${…}` and `%{…}` that Terraform would evaluate are listed, not evaluated.
 */
export function terraformLiteral(value: string): { text: string; expressions: string[] } {
  const expressions: string[] = [];
  const text = value.replace(/\$\$\{|%%\{|[$%]\{[^}]*\}?/g, (m) => {
    if (m === "$${") return "${";
    if (m === "%%{") return "%{";
    expressions.push(m);
    return m;
  });
  return { text, expressions };
}

const SHELLS = ["sh", "bash", "dash", "ksh"] as const;
export type Shell = (typeof SHELLS)[number];

/** `#!/bin/bash`, `#!/usr/bin/env bash -e` → `bash`; not a shell script → undefined. */
export function shebangShell(content: string): Shell | undefined {
  const m = /^#!\s*(\S+)(?:[ \t]+(\S+))?/.exec(content);
  if (!m) return undefined;
  const program = m[1]!.split("/").pop()!;
  const shell = program === "env" ? m[2] : program;
  return (SHELLS as readonly string[]).includes(shell ?? "") ? (shell as Shell) : undefined;
}

const PATH_KINDS: [RegExp, FileKind][] = [
  [/^\/etc\/nginx\/sites-available\/[^/]+$/, "nginx-site"],
  [/^\/etc\/nginx\/conf\.d\/[^/]+\.conf$/, "nginx-site"],
  [/^\/etc\/php\/[^/]+\/fpm\/pool\.d\/[^/]+\.conf$/, "php-fpm-pool"],
  [/^\/etc\/supervisor\/conf\.d\/[^/]+\.conf$/, "supervisor"],
  [/^\/etc\/[^/]+\/supervisor\/[^/]+\.conf$/, "supervisor"],
  [/^\/etc\/systemd\/system\/[^/]+\.(?:service|timer|socket|path)$/, "systemd-unit"],
  [/^\/etc\/systemd\/system\/[^/]+\.(?:service|timer|socket|path)\.d\/[^/]+\.conf$/, "systemd-dropin"],
];

/** Which check a written file goes to: by path, else a shell script by its shebang, else none. */
export function classify(path: string, content: string): FileKind | null {
  const byPath = PATH_KINDS.find(([re]) => re.test(path));
  if (byPath) return byPath[1];
  return shebangShell(content) ? "shell" : null;
}

function decode(content: unknown, encoding: unknown): string {
  const text = typeof content === "string" ? content : "";
  switch (String(encoding ?? "text").toLowerCase()) {
    case "b64":
    case "base64":
      return Buffer.from(text, "base64").toString("utf8");
    case "gz+b64":
    case "gzip+base64":
    case "gz+base64":
    case "gzip+b64":
      return zlib.gunzipSync(Buffer.from(text, "base64")).toString("utf8");
    default:
      return text;
  }
}

export function readCloudConfig(userData: string): CloudConfig {
  let doc: any;
  try {
    doc = parse(userData);
  } catch (e) {
    return { files: [], users: [], groups: [], error: (e as Error).message };
  }
  if (typeof doc !== "object" || doc === null) return { files: [], users: [], groups: [], error: "not a YAML mapping" };
  const files = (Array.isArray(doc.write_files) ? doc.write_files : [])
    .filter((f: any) => typeof f?.path === "string")
    .map((f: any): WrittenFile => {
      const content = decode(f.content, f.encoding);
      return { path: f.path, content, kind: classify(f.path, content) };
    });
  const users = (Array.isArray(doc.users) ? doc.users : [])
    .map((u: any) => (typeof u === "string" ? u : u?.name))
    .filter((n: unknown): n is string => typeof n === "string" && n !== "default");
  const groupsField = doc.groups;
  const groups = Array.isArray(groupsField)
    ? groupsField.flatMap((g: unknown) => (typeof g === "string" ? [g] : typeof g === "object" && g ? Object.keys(g) : []))
    : typeof groupsField === "string"
      ? groupsField.split(",").map((g) => g.trim())
      : [];
  // Each user gets a group of its own name too (cloud-init's default).
  return { files, users, groups: [...new Set([...groups, ...users])] };
}

export function filesOfKind(config: CloudConfig, kind: FileKind): WrittenFile[] {
  return config.files.filter((f) => f.kind === kind);
}
