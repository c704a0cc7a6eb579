/**
 * The settings `npm run deploy` sends are read back exactly by the loader of each runtime: Laravel's
 * phpdotenv, systemd's EnvironmentFile= (python), docker compose's env_file (container). The
 * loaders are ported here from their sources, for the one-line `KEY=value` entries the renderers
 * write: phpdotenv v5 `src/Parser/EntryParser.php`, systemd `src/basic/env-file.c`
 * (parse_env_file_internal), compose-go `dotenv/parser.go`. A value a loader would expand
 * (`${…}`) makes the port throw, as does anything the real loader refuses.
 */
import { DROPLET_PRESETS as PRESETS, type DropletPresetName as PresetName } from "../../config/presets";
import { mergeSettings } from "../../deploy/plan";
import { runtimeOf } from "../../runtimes";
import { outputsOf } from "./harness";

/** phpdotenv v5: `NAME=VALUE`, both trimmed; single quotes literal; double quotes take \" \\ \$ \n …; `${` outside single quotes expands. */
function phpdotenv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split("\n")) {
    if (line.trim() === "" || line.trim().startsWith("#")) continue;
    const eq = line.indexOf("=");
    const name = line.slice(0, eq).trim();
    if (eq < 0 || !/^[A-Za-z0-9_.]+$/.test(name)) throw new Error(`phpdotenv: invalid name in ${name}`);
    const raw = line.slice(eq + 1).trim();
    type State = "initial" | "unquoted" | "single" | "double" | "escape" | "whitespace" | "comment";
    let state: State = "initial";
    let value = "";
    const variable = () => {
      // A `$` outside single quotes marks a variable: `${NAME}` would be replaced.
      if (raw[i + 1] === "{") throw new Error(`phpdotenv: ${name} would expand a variable`);
    };
    let i = 0;
    for (; i < raw.length; i++) {
      const c = raw[i]!;
      switch (state) {
        case "initial":
        case "unquoted":
          if (state === "initial" && c === "'") state = "single";
          else if (state === "initial" && c === '"') state = "double";
          else if (c === "#") state = "comment";
          else if (state === "unquoted" && /\s/.test(c)) state = "whitespace";
          else {
            if (c === "$") variable();
            value += c;
            state = "unquoted";
          }
          break;
        case "single":
          if (c === "'") state = "whitespace";
          else value += c;
          break;
        case "double":
          if (c === '"') state = "whitespace";
          else if (c === "\\") state = "escape";
          else {
            if (c === "$") variable();
            value += c;
          }
          break;
        case "escape":
          if (c === '"' || c === "\\" || c === "$") value += c;
          else if ("fnrtv".includes(c)) value += { f: "\f", n: "\n", r: "\r", t: "\t", v: "\v" }[c];
          else throw new Error(`phpdotenv: ${name}: an unexpected escape sequence`);
          state = "double";
          break;
        case "whitespace":
          if (c === "#") state = "comment";
          else if (!/\s/.test(c)) throw new Error(`phpdotenv: ${name}: unexpected whitespace`);
          break;
        case "comment":
          break;
      }
    }
    if (state === "single" || state === "double" || state === "escape") throw new Error(`phpdotenv: ${name}: a missing closing quote`);
    out[name] = value;
  }
  return out;
}

/** systemd's EnvironmentFile= parser, state for state (no expansion; `\` escapes; quotes anywhere in the value). */
function systemdEnvironmentFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const WHITESPACE = " \t\n\r";
  const NEED_ESCAPE = '"\\`$';
  type State = "preKey" | "key" | "preValue" | "value" | "valueEscape" | "single" | "double" | "doubleEscape" | "comment" | "commentEscape";
  let state: State = "preKey";
  let key = "";
  let value = "";
  let lastValueWhitespace = -1;
  const push = () => {
    out[key.trimEnd()] = value;
    key = "";
    value = "";
  };
  for (const c of text) {
    switch (state) {
      case "preKey":
        if ("#;".includes(c)) state = "comment";
        else if (!WHITESPACE.includes(c)) {
          state = "key";
          key += c;
        }
        break;
      case "key":
        if (c === "\n") {
          state = "preKey";
          key = "";
        } else if (c === "=") {
          state = "preValue";
          lastValueWhitespace = -1;
        } else key += c;
        break;
      case "preValue":
        if (c === "\n") {
          state = "preKey";
          push();
        } else if (c === "'") state = "single";
        else if (c === '"') state = "double";
        else if (c === "\\") state = "valueEscape";
        else if (!WHITESPACE.includes(c)) {
          state = "value";
          value += c;
        }
        break;
      case "value":
        if (c === "\n") {
          state = "preKey";
          if (lastValueWhitespace >= 0) value = value.slice(0, lastValueWhitespace);
          push();
        } else if (c === "\\") {
          state = "valueEscape";
          lastValueWhitespace = -1;
        } else {
          if (!WHITESPACE.includes(c)) lastValueWhitespace = -1;
          else if (lastValueWhitespace < 0) lastValueWhitespace = value.length;
          value += c;
        }
        break;
      case "valueEscape":
        state = "value";
        if (c !== "\n") value += c;
        break;
      case "single":
        if (c === "'") state = "preValue";
        else value += c;
        break;
      case "double":
        if (c === '"') state = "preValue";
        else if (c === "\\") state = "doubleEscape";
        else value += c;
        break;
      case "doubleEscape":
        state = "double";
        if (NEED_ESCAPE.includes(c)) value += c;
        else if (c !== "\n") value += `\\${c}`;
        break;
      case "comment":
        if (c === "\\") state = "commentEscape";
        else if (c === "\n") state = "preKey";
        break;
      case "commentEscape":
        state = c === "\n" ? "preKey" : "comment";
        break;
    }
  }
  if (state !== "preKey" && state !== "key" && state !== "comment" && state !== "commentEscape") push();
  return out;
}

/** compose-go's dotenv parser (docker compose `env_file`): single quotes literal, `#` ends an unquoted value, `$` outside single quotes interpolates. */
function composeEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  let src = text;
  const interpolate = (key: string, value: string) => {
    if (value.includes("$")) throw new Error(`compose: ${key} would be interpolated`);
    return value;
  };
  for (;;) {
    src = src.replace(/^(\s|#[^\n]*)+/, "");
    if (src === "") break;
    const m = /^([A-Za-z0-9_.]+)[ \t]*[=:][ \t]*/.exec(src);
    if (!m) throw new Error(`compose: unexpected character near ${JSON.stringify(src.slice(0, 10))}`);
    const key = m[1]!;
    src = src.slice(m[0].length);
    const quote = src[0] === "'" || src[0] === '"' ? src[0] : undefined;
    if (!quote) {
      const end = src.indexOf("\n");
      const line = end < 0 ? src : src.slice(0, end);
      out[key] = interpolate(key, line.split("#")[0]!.trimEnd());
      src = end < 0 ? "" : src.slice(end);
      continue;
    }
    let i = 1;
    // The terminator is the next quote not preceded by a backslash (the backslash stays).
    while (i < src.length && (src[i] !== quote || src[i - 1] === "\\")) i++;
    if (i >= src.length) throw new Error(`compose: unterminated quoted value of ${key}`);
    const inner = src.slice(0, i).replace(new RegExp(`^${quote}+|${quote}+$`, "g"), "");
    out[key] = quote === '"' ? interpolate(key, inner.replace(/\\n/g, "\n").replace(/\\r/g, "\r").replace(/\\([^$])/g, "$1")) : inner;
    src = src.slice(i + 1);
  }
  return out;
}

/** Secrets a deployer might hold: spaces, both quotes, `$` and `${…}`, `#`, backslashes, padding. */
const TRICKY: Record<string, string> = {
  APP_KEY: "base64:Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYg==",
  SPACES: "two words and  a double space",
  DOUBLE_QUOTES: 'say "hi" to "them"',
  SINGLE_QUOTE: "it's",
  BOTH_QUOTES: `it's "quoted"`,
  DOLLARS: "pa$$word$",
  BRACES: "${HOME} and $HOME",
  HASHES: "a #not-a-comment #2",
  HASH_GLUED: "a#b",
  BACKSLASH: "C:\\path\\to",
  EVERYTHING: `it's "$x" #1 \\ ;end`,
  PADDED: "  padded  ",
  EQUALS: "a=b==",
  SEMICOLON: ";starts with one",
  EMPTY: "",
};

const LOADERS = {
  bizsocials: ["laravel", "phpdotenv", phpdotenv],
  bulletdrop: ["python", "systemd EnvironmentFile", systemdEnvironmentFile],
  quickcart: ["container", "compose env_file", composeEnvFile],
} as const;

/** The remote `env` command's own check of each line (runtimes/deploy/common.sh cmd_env). */
const REMOTE_LINE = /^([A-Za-z_][A-Za-z0-9_]*=.*|#.*|)$/;

function rendered(preset: PresetName, secrets: Record<string, string>) {
  const config = PRESETS[preset].platform.runtime;
  const runtime = runtimeOf(config);
  const { settings } = mergeSettings(runtime.settings(config, outputsOf(preset, "prod").app_settings!.value, preset), secrets, "secrets.env");
  return { settings, text: runtime.renderSettings(settings) };
}

describe.each(Object.entries(LOADERS))("%s", (preset, [kind, loader, load]) => {
  // compose's env_file cannot keep a single quote literal: the renderer refuses it (tested in command.test.ts).
  const secrets = Object.fromEntries(Object.entries(TRICKY).filter(([, v]) => kind !== "container" || !v.includes("'")));

  it(`${kind}: ${loader} reads back every setting exactly, the stack's and the secrets'`, () => {
    const { settings, text } = rendered(preset as PresetName, secrets);
    expect(load(text)).toEqual(settings);
    expect(Object.keys(settings).length).toBeGreaterThan(Object.keys(secrets).length);
  });

  it(`${kind}: every line passes the remote env command's check`, () => {
    for (const line of rendered(preset as PresetName, secrets).text.split("\n")) expect(line).toMatch(REMOTE_LINE);
  });
});

describe("the ported loaders themselves", () => {
  it("expand, comment and unescape the way their sources do", () => {
    expect(() => phpdotenv("A=${HOME}\n")).toThrow("would expand");
    expect(phpdotenv("A=x #c\nB='a b' # c\nC=\"q\\\"\\$\"\n")).toEqual({ A: "x", B: "a b", C: 'q"$' });
    expect(() => phpdotenv("A=a b\n")).toThrow("unexpected whitespace");
    expect(systemdEnvironmentFile("# c\n; c\nA=  x y  \nB=\"a\\\"\\q\"\nC='$x'\n")).toEqual({ A: "x y", B: 'a"\\q', C: "$x" });
    expect(composeEnvFile("A=x#c\nB='a $b #c'\n")).toEqual({ A: "x", B: "a $b #c" });
    expect(() => composeEnvFile("A=$B\n")).toThrow("interpolated");
  });
});

// Known bug, reported to the owner of runtimes/settings.ts: renderComposeEnvFile writes a value
// ending in a backslash as 'x\', and compose-go reads \' as an escaped quote, so the value runs on
// into the next line (or is unterminated). The fix: refuse such a value, as single quotes are.
// When it is fixed, this test passes and jest reports it: make it a plain `it`.
it("container: a value ending in a backslash is carried or refused", () => {
  let text: string;
  try {
    text = rendered("quickcart", { TRAILING: "ends with \\", NEXT: "next" }).text;
  } catch {
    return; // refused: fine
  }
  expect(composeEnvFile(text)).toMatchObject({ TRAILING: "ends with \\", NEXT: "next" });
});
