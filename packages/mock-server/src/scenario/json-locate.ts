/**
 * Where things are in a JSON text: a small strict JSON scanner that records the line and column of
 * every value (by path), and reports the line and column of the first syntax error. The values
 * themselves are read with `JSON.parse`; this only maps paths to positions for error messages.
 */

/** A 1-based line and column in a text. */
export interface TextPosition {
  readonly line: number;
  readonly column: number;
}

/** A syntax error at a position. */
export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: TextPosition,
  ) {
    super(message);
    this.name = 'JsonSyntaxError';
  }
}

/** Path key for a JSON path: segments joined by NUL (cannot occur in a scanned path's numbers). */
function key(path: readonly (string | number)[]): string {
  return path.map((p) => (typeof p === 'number' ? `#${p}` : `.${p}`)).join('\u0000');
}

/**
 * Scans `text` and returns a lookup from a JSON path to the position of the value there (or of the
 * nearest ancestor present). Throws {@link JsonSyntaxError} on invalid JSON.
 */
export function locateJson(text: string): (path: readonly (string | number)[]) => TextPosition {
  const positions = new Map<string, number>();
  let i = 0;

  const positionOf = (offset: number): TextPosition => {
    let line = 1;
    let lineStart = 0;
    for (let j = 0; j < offset && j < text.length; j++) {
      if (text[j] === '\n') {
        line++;
        lineStart = j + 1;
      }
    }
    return { line, column: offset - lineStart + 1 };
  };
  const fail = (what: string): never => {
    const found = i < text.length ? JSON.stringify(text[i]) : 'the end of the text';
    throw new JsonSyntaxError(`expected ${what}, found ${found}`, positionOf(i));
  };
  const skipSpace = () => {
    while (i < text.length && ' \t\r\n'.includes(text[i] as string)) i++;
  };
  const scanString = (): string => {
    const start = i;
    if (text[i] !== '"') fail('a string');
    i++;
    while (i < text.length && text[i] !== '"') {
      const c = text.charCodeAt(i);
      if (c < 0x20) fail('no control character in a string');
      if (text[i] === '\\') {
        i++;
        if (text[i] === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail('four hex digits after \\u');
          i += 4;
        } else if (!'"\\/bfnrt'.includes(text[i] ?? 'x')) fail('a valid escape');
      }
      i++;
    }
    if (i >= text.length) fail('a closing quote');
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const scanValue = (path: (string | number)[]): void => {
    skipSpace();
    positions.set(key(path), i);
    const c = text[i];
    if (c === '{') {
      i++;
      skipSpace();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        skipSpace();
        const name = scanString();
        skipSpace();
        if (text[i] !== ':') fail("':' after a property name");
        i++;
        scanValue([...path, name]);
        skipSpace();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return;
        }
        fail("',' or '}' after a property value");
      }
    }
    if (c === '[') {
      i++;
      skipSpace();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (let n = 0; ; n++) {
        scanValue([...path, n]);
        skipSpace();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return;
        }
        fail("',' or ']' after an array element");
      }
    }
    if (c === '"') {
      scanString();
      return;
    }
    const literal = /^(true|false|null|-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?)/.exec(text.slice(i));
    if (literal === null) fail('a JSON value');
    i += (literal as RegExpExecArray)[0].length;
  };

  scanValue([]);
  skipSpace();
  if (i < text.length) fail('the end of the text');

  return (path) => {
    for (let n = path.length; n >= 0; n--) {
      const offset = positions.get(key(path.slice(0, n)));
      if (offset !== undefined) return positionOf(offset);
    }
    return { line: 1, column: 1 };
  };
}
