/**
 * The documentation as a newcomer and a user of this repository meet it: a README read in minutes
 * (what it is, the two commands for a fresh machine, the commands, selection, presets, where to
 * read next), one guide per runbook in docs/ listed by docs/README.md, links that land on a file
 * and a heading, pointers from the code that name a place that exists, and requirements stated in
 * the project's own words rather than as references to design documents a reader does not have.
 * The checks are small functions, shown failing on bad input at the end.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { marked, type Token } from "marked";

const ROOT = path.join(__dirname, "..");
const read = (rel: string) => fs.readFileSync(path.join(ROOT, rel), "utf8");
const DOCS = fs.readdirSync(path.join(ROOT, "docs")).filter((f) => f.endsWith(".md")).sort();
const MARKDOWN = ["README.md", ...DOCS.map((f) => `docs/${f}`)];

/** A README a newcomer reads in five minutes; the runbooks live in docs/. */
export const MAX_README_LINES = 150;

/** Every token below `token`, depth first (inline tokens, list items, table cells). */
function* walk(tokens: readonly unknown[]): Generator<Token> {
  for (const t of tokens) {
    if (t === null || typeof t !== "object") continue;
    const token = t as Record<string, unknown>;
    if (typeof token.type === "string") yield token as unknown as Token;
    for (const key of ["tokens", "items", "header", "rows"]) {
      const child = token[key];
      if (Array.isArray(child)) yield* walk(key === "rows" ? child.flat() : child);
    }
  }
}

/** The text a heading shows (code spans included, markup dropped). */
function plain(tokens: readonly Token[]): string {
  return tokens
    .map((t) => {
      const inner = (t as { tokens?: Token[] }).tokens;
      if (inner && inner.length > 0) return plain(inner);
      return "text" in t ? String(t.text) : "";
    })
    .join("");
}

/** GitHub's anchor for a heading: lowercase, punctuation dropped, spaces to dashes; repeats get -1, -2, …. */
export function slug(text: string, seen: Map<string, number> = new Map()): string {
  const base = text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, "")
    .replace(/ /g, "-");
  const n = seen.get(base);
  seen.set(base, (n ?? -1) + 1);
  return n === undefined ? base : `${base}-${n + 1}`;
}

/** The anchors of a markdown document's headings. */
export function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  return new Set(
    [...walk(marked.lexer(markdown))].filter((t) => t.type === "heading").map((t) => slug(plain((t as { tokens: Token[] }).tokens), seen)),
  );
}

/** Links of a markdown document that point into this repository (no scheme, no mailto). */
export function relativeLinks(markdown: string): string[] {
  return [...walk(marked.lexer(markdown))]
    .filter((t): t is Token & { href: string } => t.type === "link" || t.type === "image")
    .map((t) => t.href)
    .filter((href) => !/^[a-z][a-z0-9+.-]*:/i.test(href));
}

/** What is wrong with each relative link of the file `from` (repository-relative); [] when all resolve. */
export function brokenLinks(from: string, markdown: string, readFile: (rel: string) => string | undefined): string[] {
  const problems: string[] = [];
  for (const href of relativeLinks(markdown)) {
    const [file, anchor] = href.split("#") as [string, string | undefined];
    const target = file === "" ? from : path.posix.normalize(path.posix.join(path.posix.dirname(from), file));
    const text = readFile(target);
    if (text === undefined) problems.push(`${from}: link ${href}: no file ${target}`);
    else if (anchor !== undefined && target.endsWith(".md") && !anchors(text).has(anchor)) {
      problems.push(`${from}: link ${href}: ${target} has no heading with anchor #${anchor}`);
    }
  }
  return problems;
}

/**
 * A reference to a design document ("seed 000 §9.2", "the seed's", "§11") is allowed only inside
 * parentheses that also say "design document", after the requirement itself:
 * "… a one-hour recovery time for a region outage (from BizSocials' design document, §11.3)".
 * Returns the offending references.
 */
export function bareDesignReferences(markdown: string): string[] {
  const stripped = markdown.replace(/\([^()]*design document[^()]*\)/gi, "(…)");
  const forbidden = /§\s*[\d.]*|\bseeds?\s+\d{3}\b|\bseeds?'s?\b|\b(?:the|a|each|its|other|every) seeds?\b|\bseed (?:system|document|requirement)s?\b/gi;
  return [...stripped.matchAll(forbidden)].map((m) => m[0]);
}

/** The code blocks of the README's first section (before its first `##`), as command lines without comments. */
export function freshMachineCommands(readme: string): string[] {
  const tokens = marked.lexer(readme);
  const end = tokens.findIndex((t) => t.type === "heading" && (t as { depth: number }).depth === 2);
  return tokens
    .slice(0, end < 0 ? tokens.length : end)
    .filter((t) => t.type === "code")
    .flatMap((t) => (t as { text: string }).text.split("\n"))
    .map((line) => line.replace(/\s+#.*$/, "").trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
}

/** Where the code points readers ("README: Policy rules", `see README "X"`, "docs/backups.md"). */
export function codePointers(source: string): { readme: string[]; docs: string[] } {
  return {
    readme: [...source.matchAll(/README(?::\s*|\s+")([A-Z][\w' -]*\w)/g)].map((m) => m[1]!),
    docs: [...source.matchAll(/\bdocs\/([\w.-]+\.md)(#[\w-]+)?/g)].map((m) => m[1]! + (m[2] ?? "")),
  };
}

const SOURCE_DIRS = ["bundle", "catalog", "config", "constructs", "cost", "deploy", "lib", "policy", "review", "runtimes", "scripts", "stacks", "validate"];
function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return sourceFiles(rel);
    return /\.(ts|sh)$/.test(e.name) ? [rel] : [];
  });
}

const readme = read("README.md");
const readOrUndefined = (rel: string) => {
  const file = path.join(ROOT, rel);
  if (!fs.existsSync(file)) return undefined;
  return fs.statSync(file).isDirectory() ? "" : fs.readFileSync(file, "utf8");
};

describe("README", () => {
  it(`has at most ${MAX_README_LINES} lines`, () => {
    expect(readme.split("\n").length).toBeLessThanOrEqual(MAX_README_LINES);
  });

  it("opens with exactly the two commands for a fresh machine: install and synthesize, install and test", () => {
    expect(freshMachineCommands(readme)).toEqual(["npm ci && npm run synth", "npm ci && npm test"]);
  });

  it("its test command is what CI runs, verbatim", () => {
    const test = freshMachineCommands(readme)[1]!;
    expect(read(".ci/run").split("\n")).toContain(test);
  });

  it("keeps what it is for: commands, selection, presets, and where to read next", () => {
    const headings = [...walk(marked.lexer(readme))].filter((t) => t.type === "heading").map((t) => plain((t as { tokens: Token[] }).tokens));
    expect(headings).toEqual(expect.arrayContaining(["Commands", "Choosing what to synthesize", "Presets", "Where to read next"]));
  });

  it("links the guides' index", () => {
    expect(relativeLinks(readme)).toContain("docs/README.md");
  });
});

describe("docs/README.md", () => {
  it("lists every guide in docs/", () => {
    const listed = relativeLinks(read("docs/README.md")).map((href) => href.split("#")[0]);
    expect(DOCS.filter((f) => f !== "README.md").filter((f) => !listed.includes(f))).toEqual([]);
  });
});

test.each(MARKDOWN)("%s: every relative link lands on a file and heading", (file) => {
  expect(brokenLinks(file, read(file), readOrUndefined)).toEqual([]);
});

test.each(MARKDOWN)("%s: requirements are stated, not referenced by a design document's section", (file) => {
  expect(bareDesignReferences(read(file))).toEqual([]);
});

test("README names no design document's section at all (docs/requirements.md does)", () => {
  expect(readme.match(/§|\bseeds?\b/gi) ?? []).toEqual([]);
});

test("the code points readers at README headings and docs that exist", () => {
  const headings = [...walk(marked.lexer(readme))].filter((t) => t.type === "heading").map((t) => plain((t as { tokens: Token[] }).tokens));
  const problems: string[] = [];
  for (const file of SOURCE_DIRS.flatMap(sourceFiles)) {
    const { readme: sections, docs } = codePointers(read(file));
    for (const s of sections) if (!headings.some((h) => h.startsWith(s))) problems.push(`${file}: README has no section "${s}"`);
    for (const d of docs) problems.push(...brokenLinks("docs/x.md", `[x](${d})`, readOrUndefined).map((p) => `${file}: ${p}`));
  }
  expect(problems).toEqual([]);
});

describe("the checks themselves", () => {
  it("slug follows GitHub's anchors", () => {
    const seen = new Map<string, number>();
    expect(slug("State buckets (bootstrap, one time)", seen)).toBe("state-buckets-bootstrap-one-time");
    expect(slug("Day 2: changing what runs", seen)).toBe("day-2-changing-what-runs");
    expect(slug("`npm run deploy` output", seen)).toBe("npm-run-deploy-output");
    expect(slug("Day 2: changing what runs", seen)).toBe("day-2-changing-what-runs-1");
  });

  it("brokenLinks finds a missing file and a missing heading", () => {
    const files: Record<string, string> = { "docs/a.md": "# A\n\n## Real heading\n" };
    const md = "[ok](a.md#real-heading) [no file](b.md) [no heading](a.md#nope) [self](#a) [web](https://example.com)";
    expect(brokenLinks("docs/c.md", md + "\n\n# A\n", (rel) => files[rel] ?? (rel === "docs/c.md" ? md + "\n\n# A\n" : undefined))).toEqual([
      "docs/c.md: link b.md: no file docs/b.md",
      "docs/c.md: link a.md#nope: docs/a.md has no heading with anchor #nope",
    ]);
  });

  it("bareDesignReferences allows a reference only after the requirement, marked as a design document's", () => {
    expect(bareDesignReferences("| 000 §9.2 | deploy |")).toEqual(["§9.2"]);
    expect(bareDesignReferences("budgets $50 (seed 001)")).toEqual(["seed 001"]);
    expect(bareDesignReferences("the seed's /health route; other seed systems")).toEqual(["the seed", "other seed"]);
    expect(bareDesignReferences("a one-hour recovery time (from BizSocials' design document, §11.3)")).toEqual([]);
    expect(bareDesignReferences("overlay, NoCloud seed, nspawn")).toEqual([]);
  });

  it("freshMachineCommands reads only the first section", () => {
    expect(freshMachineCommands("# T\n\n```sh\nnpm ci && npm test   # tests\n```\n\n## Later\n\n```sh\nnpm run cost\n```\n")).toEqual(["npm ci && npm test"]);
  });

  it("codePointers finds README sections and docs files", () => {
    expect(codePointers('x (README: Disaster recovery). see README "Policy rules"; docs/day-two.md#rolling and docs/SIZING.md')).toEqual({
      readme: ["Disaster recovery", "Policy rules"],
      docs: ["day-two.md#rolling", "SIZING.md"],
    });
  });
});
