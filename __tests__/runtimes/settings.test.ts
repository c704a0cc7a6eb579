/** Settings files in each loader's syntax: values arrive exactly, never expanded or split. */
import { renderComposeEnvFile, renderDotenv, renderEnvironmentFile } from "../../runtimes/settings";

const tricky = { PLAIN: "abc-123_./:@%+,=", SPACE: "two words", DOLLAR: "pa$$word", HASH: "a#b", QUOTE: 'say "hi"', SINGLE: "it's" };

describe("dotenv (Laravel)", () => {
  const text = renderDotenv(tricky);
  it.each([
    ["PLAIN=abc-123_./:@%+,="],
    ["SPACE='two words'"],
    // single quotes: phpdotenv neither expands ${…} nor treats # as a comment inside them
    ["DOLLAR='pa$$word'"],
    ["HASH='a#b'"],
    [`QUOTE='say "hi"'`],
    // a single quote forces double quotes, escaping \\, " and $
    [`SINGLE="it's"`],
  ])("%s", (expected) => {
    expect(text.split("\n")).toContain(expected);
  });
});

describe("systemd EnvironmentFile (python)", () => {
  const text = renderEnvironmentFile(tricky);
  it.each([["SPACE=\"two words\""], ["DOLLAR=\"pa$$word\""], ['QUOTE="say \\"hi\\""'], ["SINGLE=\"it's\""]])("%s", (expected) => {
    expect(text.split("\n")).toContain(expected);
  });
});

describe("compose env_file (container)", () => {
  it("keeps anything beyond plain characters literal in single quotes", () => {
    const { SINGLE: _s, ...rest } = tricky;
    expect(renderComposeEnvFile(rest).split("\n")).toEqual(expect.arrayContaining(["SPACE='two words'", "DOLLAR='pa$$word'", "HASH='a#b'"]));
  });

  it("refuses a value it cannot keep literal", () => {
    expect(() => renderComposeEnvFile({ SINGLE: "it's" })).toThrow("SINGLE holds a single quote");
  });
});

describe("every renderer", () => {
  it.each([renderDotenv, renderEnvironmentFile, renderComposeEnvFile])("refuses line breaks and bad names", (render) => {
    expect(() => render({ A: "one\ntwo" })).toThrow("A holds a line break");
    expect(() => render({ "BAD-NAME": "x" })).toThrow('"BAD-NAME" is not a variable name');
  });
});
