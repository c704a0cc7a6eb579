/**
 * The scripts-as-files helper (runtimes/shell.ts): the typed header of constants, read back by bash
 * itself, and the .sh files' preambles.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as common from "../../runtimes/common";
import { renderScript, scriptBody, shellHeader, shellQuote } from "../../runtimes/shell";

describe("shellHeader", () => {
  it("renders strings and numbers as readonly constants, quoted only where needed, in the object's order", () => {
    expect(shellHeader({ APP: "acme", KEEP: 3, ROLES: "web worker", EMPTY: "", QUOTE: "it's" })).toEqual([
      "readonly APP=acme",
      "readonly KEEP=3",
      "readonly ROLES='web worker'",
      "readonly EMPTY=''",
      "readonly QUOTE='it'\\''s'",
    ]);
  });

  it("renders lists as indexed arrays and maps as associative arrays, empty ones too", () => {
    expect(shellHeader({ MIGRATE: ["alembic", "upgrade", "head"], NONE: [], STALE_HOURS: { copy: 26, dump: 170 }, NO_MAP: {} })).toEqual([
      "readonly -a MIGRATE=(alembic upgrade head)",
      "readonly -a NONE=()",
      "declare -rA STALE_HOURS=([copy]=26 [dump]=170)",
      "declare -rA NO_MAP=()",
    ]);
  });

  it("leaves out constants whose value is undefined", () => {
    expect(shellHeader({ A: "1", B: undefined, C: "3" })).toEqual(["readonly A=1", "readonly C=3"]);
  });

  it("refuses names that are not upper-case constants and values bash cannot take on one line", () => {
    expect(() => shellHeader({ app: "x" })).toThrow(/upper-case/);
    expect(() => shellHeader({ "A-B": "x" })).toThrow(/upper-case/);
    expect(() => shellHeader({ A: "x\ny" })).toThrow(/line break/);
    expect(() => shellHeader({ A: ["ok", "x\0"] })).toThrow(/line break or NUL/);
    expect(() => shellHeader({ A: { "k\n": "v" } })).toThrow(/line break/);
    expect(() => shellHeader({ A: Number.NaN })).toThrow(/not a number/);
  });

  it("gives bash exactly the values it was given, and makes them read-only", () => {
    const odd = ["a b", "it's", '"quoted"', "$HOME", "`cmd`", "*", "", "back\\slash", "ümlaut"];
    const header = shellHeader({ WORD: odd.join("|"), LIST: odd, MAP: Object.fromEntries(odd.filter((w) => w !== "").map((w, i) => [w, i])) });
    const script = [
      "set -euo pipefail",
      ...header,
      'printf "%s\\n" "$WORD"',
      'printf "[%s]" "${LIST[@]}"; echo',
      'for k in "${!MAP[@]}"; do printf "%s=%s\\n" "$k" "${MAP[$k]}"; done | LC_ALL=C sort',
      "(WORD=changed) 2>/dev/null && echo writable || echo readonly",
      "(MAP[x]=1) 2>/dev/null && echo writable || echo readonly",
    ].join("\n");
    const ran = spawnSync("bash", ["-c", script], { encoding: "utf8", env: { HOME: "/home/nobody", PATH: process.env.PATH } });
    expect(ran.stderr).toBe("");
    const expectedMap = odd
      .filter((w) => w !== "")
      .map((w, i) => `${w}=${i}`)
      .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    expect(ran.stdout).toBe([odd.join("|"), odd.map((w) => `[${w}]`).join(""), ...expectedMap, "readonly", "readonly", ""].join("\n"));
  });

  it("quotes with shellQuote, which common.ts still exports", () => {
    expect(shellQuote("a'b")).toBe(`'a'\\''b'`);
    expect(common.shellQuote).toBe(shellQuote);
  });
});

describe("script files", () => {
  const runtimes = path.join(__dirname, "../../runtimes");
  const shFiles = (fs.readdirSync(runtimes, { recursive: true }) as string[]).filter((f) => f.endsWith(".sh")).sort();

  it("exist for the deploy command's skeleton, each runtime and the backup jobs", () => {
    expect(shFiles).toEqual(
      expect.arrayContaining(["deploy/common.sh", "deploy/archive.sh", "deploy/image.sh", "deploy/main.sh", "laravel/deploy.sh", "python/deploy.sh", "container/deploy.sh", "backup/main.sh"]),
    );
  });

  it.each(shFiles)("%s starts with its shellcheck preamble, which is not part of its body", (file) => {
    const text = fs.readFileSync(path.join(runtimes, file), "utf8");
    const preamble = text.slice(0, text.indexOf("\n\n"));
    expect(preamble.split("\n")[0]).toBe("# shellcheck shell=bash");
    const body = scriptBody(file);
    expect(body).not.toContain("# shellcheck shell=bash");
    expect(text.endsWith(`${body}\n`)).toBe(true);
  });

  it("renders shebang, comment, header and bodies, a blank line between the parts", () => {
    const text = renderScript({ comment: ["acme-thing: does a thing.", "", "  indented"], header: { APP: "acme" }, files: ["deploy/image.sh"] });
    expect(text.startsWith("#!/bin/bash\n# acme-thing: does a thing.\n#\n#   indented\nreadonly APP=acme\n\ncheck_image() {\n")).toBe(true);
    expect(text.endsWith("prune_releases() { :; }\n")).toBe(true);
  });
});
