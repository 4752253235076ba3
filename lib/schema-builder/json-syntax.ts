// Where the first syntax error in a JSON text is, as line and column. JSON.parse's own message
// does not say that portably: Node 20 and Chromium give "position N" for some errors and nothing for
// others ("Unexpected token '}', "{"a": }" is not valid JSON"), Firefox gives line and column in
// its own words, Safari neither. So this scans the text itself; it runs only after JSON.parse has
// failed, so it never slows down valid input.

export type JsonSyntaxError = { message: string; line: number; column: number; offset: number };

class SyntaxFailure {
  constructor(
    readonly message: string,
    readonly offset: number,
  ) {}
}

function show(char: string | undefined): string {
  if (char === undefined) return "end of input";
  return char === "\n" ? "a line break" : `'${char}'`;
}

/** 1-based line and column of `offset` in `text`. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  return { line: before.split("\n").length, column: offset - before.lastIndexOf("\n") };
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** The first syntax error in `text`, or null when it is valid JSON. */
export function jsonSyntaxError(text: string): JsonSyntaxError | null {
  let at = 0;
  const fail = (message: string, offset = at): never => {
    throw new SyntaxFailure(message, offset);
  };
  const unexpected = (): never => fail(at >= text.length ? "Unexpected end of input" : `Unexpected token ${show(text[at])}`);
  const skipSpace = () => {
    while (at < text.length && " \t\n\r".includes(text[at]!)) at++;
  };

  const string = () => {
    const start = at++;
    for (;;) {
      const char = text[at];
      if (char === undefined) return fail("Unterminated string", start);
      if (char === '"') return void at++;
      if (char === "\\") {
        const escape = text[at + 1];
        if (escape === "u" && /^[0-9a-fA-F]{4}$/.test(text.slice(at + 2, at + 6))) at += 6;
        else if (escape !== undefined && '"\\/bfnrt'.includes(escape)) at += 2;
        else fail(`Bad escape ${show(`\\${escape ?? ""}`)} in a string`);
      } else if (char < " ") fail("Bad control character in a string (write a line break as \\n)");
      else at++;
    }
  };

  const literal = () => {
    const word = ["true", "false", "null"].find((candidate) => candidate[0] === text[at]);
    if (!word) return unexpected();
    for (const char of word) {
      if (text[at] !== char) unexpected();
      at++;
    }
  };

  const sequence = (close: "}" | "]", member: () => void) => {
    const what = close === "}" ? "property" : "element";
    at++;
    skipSpace();
    if (text[at] === close) return void at++;
    for (;;) {
      member();
      skipSpace();
      if (text[at] === close) return void at++;
      if (text[at] !== ",") fail(at >= text.length ? "Unexpected end of input" : `Expected ',' or '${close}' after an ${what}, found ${show(text[at])}`);
      const comma = at++;
      skipSpace();
      if (text[at] === close) fail(`Trailing comma before '${close}' (JSON does not allow them)`, comma);
    }
  };

  const value = (): void => {
    skipSpace();
    const char = text[at];
    if (char === "{") {
      sequence("}", () => {
        skipSpace();
        if (text[at] !== '"') fail(at >= text.length ? "Unexpected end of input" : `Expected a property name in double quotes, found ${show(text[at])}`);
        string();
        skipSpace();
        if (text[at] !== ":") fail(`Expected ':' after a property name, found ${show(text[at])}`);
        at++;
        value();
      });
    } else if (char === "[") sequence("]", value);
    else if (char === '"') string();
    else if (char === "-" || (char !== undefined && char >= "0" && char <= "9")) {
      NUMBER.lastIndex = at;
      if (!NUMBER.exec(text)) unexpected();
      at = NUMBER.lastIndex;
    } else literal();
  };

  try {
    value();
    skipSpace();
    if (at < text.length) fail(`Unexpected ${show(text[at])} after the end of the JSON value`);
    return null;
  } catch (error) {
    if (!(error instanceof SyntaxFailure)) throw error;
    return { message: error.message, offset: error.offset, ...lineAndColumn(text, error.offset) };
  }
}
