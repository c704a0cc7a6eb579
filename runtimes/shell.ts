/**
 * Bash scripts kept as files (`runtimes/<part>/*.sh`) and put together for a Droplet: a shebang, the
 * script's leading comment, a typed header of `readonly` constants (the values that differ between
 * configs), then the bodies of the chosen files. Like Terraform's templatefile() templates, the
 * scripts are files an editor and shellcheck read as they are; unlike them, nothing is substituted
 * in a body: what varies is a header constant the body reads, or the choice of a file.
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** One bash word, single-quoted where needed. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * A header constant: a string or number (`readonly NAME=value`), a list (`readonly -a NAME=(…)`) or a
 * map (`declare -rA NAME=([key]=value …)`). Lists and maps may be empty; a script branches on that.
 */
export type ShellValue = string | number | readonly string[] | { readonly [key: string]: string | number };

/** A header: constant names (upper case) to values; `undefined` leaves the constant out. */
export type ShellHeader = { readonly [name: string]: ShellValue | undefined };

/** The header's lines, one per constant, in the object's order. */
export function shellHeader(header: ShellHeader): string[] {
  const lines: string[] = [];
  for (const [name, value] of Object.entries(header)) {
    if (value === undefined) continue;
    if (!/^[A-Z][A-Z0-9_]*$/.test(name)) throw new Error(`shell constant ${JSON.stringify(name)}: upper-case letters, digits and _ only`);
    if (typeof value === "string" || typeof value === "number") {
      lines.push(`readonly ${name}=${shellQuote(word(name, value))}`);
    } else if (isList(value)) {
      lines.push(`readonly -a ${name}=(${value.map((v) => shellQuote(word(name, v))).join(" ")})`);
    } else {
      const entries = Object.entries(value).map(([k, v]) => `[${shellQuote(word(name, k))}]=${shellQuote(word(name, v))}`);
      lines.push(`declare -rA ${name}=(${entries.join(" ")})`);
    }
  }
  return lines;
}

function isList(value: ShellValue): value is readonly string[] {
  return Array.isArray(value);
}

/** A value as one line of text: a newline or NUL would break the header (and no value needs one). */
function word(name: string, value: string | number): string {
  if (typeof value === "number" && !Number.isFinite(value)) throw new Error(`shell constant ${name}: ${value} is not a number bash knows`);
  const text = String(value);
  if (/[\n\r\0]/.test(text)) throw new Error(`shell constant ${name}: a value may not hold a line break or NUL`);
  return text;
}

const FILES = new Map<string, string>();

/**
 * The body of a script file (path relative to runtimes/), read once per process. A file starts with
 * its own preamble (`# shellcheck shell=bash`, directives, what the file is), up to the first blank
 * line: that is for readers of the file and for shellcheck, and is not part of the body.
 */
export function scriptBody(file: string): string {
  const cached = FILES.get(file);
  if (cached !== undefined) return cached;
  const text = fs.readFileSync(path.join(__dirname, file), "utf8");
  const lines = text.split("\n");
  const blank = lines.indexOf("");
  if (lines[0] !== "# shellcheck shell=bash" || blank < 0 || lines.slice(0, blank).some((l) => !l.startsWith("#"))) {
    throw new Error(`runtimes/${file}: must start with "# shellcheck shell=bash" and a preamble of comments ended by a blank line`);
  }
  const body = lines.slice(blank + 1).join("\n").trim();
  if (body === "") throw new Error(`runtimes/${file}: no body after its preamble`);
  FILES.set(file, body);
  return body;
}

/** The whole script: shebang, leading comment, header, then each file's body, a blank line between. */
export function renderScript(script: { readonly comment: readonly string[]; readonly header: ShellHeader; readonly files: readonly string[] }): string {
  const comment = script.comment.map((l) => (l === "" ? "#" : `# ${l}`));
  return [["#!/bin/bash", ...comment, ...shellHeader(script.header)].join("\n"), ...script.files.map(scriptBody)].join("\n\n") + "\n";
}
