/**
 * A CSV reader with exactly the semantics of Python's `csv.reader` in its default
 * dialect (comma, double quote, doubled quotes, not strict), which is what ESP-IDF's
 * tools read their CSVs with. It is fed one physical line at a time, the way Python
 * feeds it from a text file, so that line-level filtering (the generator drops lines
 * starting with `#` before parsing) composes exactly as in the reference.
 *
 * Why not a CSV library: the drop-in contract is Python's parse, byte for byte, and
 * general-purpose parsers differ on malformed quoting (`"ab"cd` is `abcd` to Python;
 * an unterminated quote ends the record at end of input instead of failing).
 *
 * @module
 */

/** One parsed record with the lines it spans. */
export interface CsvRecord {
  /** The fields. An empty line gives an empty list. */
  fields: string[];
  /** 1-based line where the record starts. */
  line: number;
  /** 1-based line where the record ends. */
  endLine: number;
}

const enum State {
  StartRecord,
  StartField,
  InField,
  InQuotedField,
  QuoteInQuotedField,
}

/** Line-fed Python-compatible CSV state machine. */
export class PythonCsvParser {
  private state = State.StartRecord;
  private fields: string[] = [];
  private field = "";
  private startLine = 0;

  /** Whether the parser is inside a quoted field that continues on the next line. */
  get inQuotedField(): boolean {
    return this.state === State.InQuotedField;
  }

  /**
   * Feeds one physical line, with its `\n` when it has one (newlines already
   * normalised). Returns the record completed by this line, if any.
   */
  feedLine(text: string, lineNumber: number): CsvRecord | undefined {
    if (this.state === State.StartRecord) this.startLine = lineNumber;
    const n = text.length;
    let i = 0;
    while (i < n) {
      const c = text.charCodeAt(i);
      switch (this.state) {
        case State.StartRecord:
          if (c === 10 || c === 13) {
            // An empty line: Python yields [] for it.
            return this.finishLine(text, i + 1, lineNumber, true);
          }
          this.state = State.StartField;
          continue; // handle the same character as the start of a field
        case State.StartField:
          if (c === 10 || c === 13) {
            this.saveField();
            return this.finishLine(text, i + 1, lineNumber, false);
          } else if (c === 34) {
            this.state = State.InQuotedField;
          } else if (c === 44) {
            this.saveField();
          } else {
            this.state = State.InField;
            continue;
          }
          i++;
          break;
        case State.InField: {
          // Consume a run of ordinary characters at once.
          let j = i;
          while (j < n) {
            const d = text.charCodeAt(j);
            if (d === 44 || d === 10 || d === 13) break;
            j++;
          }
          this.field += text.slice(i, j);
          i = j;
          if (i === n) break;
          const d = text.charCodeAt(i);
          if (d === 44) {
            this.saveField();
            this.state = State.StartField;
            i++;
          } else {
            this.saveField();
            return this.finishLine(text, i + 1, lineNumber, false);
          }
          break;
        }
        case State.InQuotedField: {
          const q = text.indexOf('"', i);
          if (q < 0) {
            this.field += text.slice(i);
            i = n;
          } else {
            this.field += text.slice(i, q);
            this.state = State.QuoteInQuotedField;
            i = q + 1;
          }
          break;
        }
        case State.QuoteInQuotedField:
          if (c === 34) {
            this.field += '"';
            this.state = State.InQuotedField;
          } else if (c === 44) {
            this.saveField();
            this.state = State.StartField;
          } else if (c === 10 || c === 13) {
            this.saveField();
            return this.finishLine(text, i + 1, lineNumber, false);
          } else {
            // Not strict: a character after a closing quote continues the field.
            this.field += text[i];
            this.state = State.InField;
          }
          i++;
          break;
      }
    }
    // End of the physical line without a newline character (last line of a file).
    return this.endOfLine(lineNumber);
  }

  /** Python's end-of-line step, when a line did not end with a newline character. */
  private endOfLine(lineNumber: number): CsvRecord | undefined {
    switch (this.state) {
      case State.StartRecord:
        return this.emit(lineNumber, true);
      case State.StartField:
      case State.InField:
      case State.QuoteInQuotedField:
        this.saveField();
        return this.emit(lineNumber, false);
      case State.InQuotedField:
        return undefined; // the record continues on the next line
    }
  }

  /** After a newline character outside quotes, the rest of the line must be newlines. */
  private finishLine(
    text: string,
    from: number,
    lineNumber: number,
    empty: boolean,
  ): CsvRecord | undefined {
    for (let k = from; k < text.length; k++) {
      const c = text.charCodeAt(k);
      if (c !== 10 && c !== 13) {
        throw new SyntaxError("new-line character seen in unquoted field");
      }
    }
    return this.emit(lineNumber, empty);
  }

  private saveField(): void {
    this.fields.push(this.field);
    this.field = "";
  }

  private emit(lineNumber: number, empty: boolean): CsvRecord {
    const rec: CsvRecord = {
      fields: empty ? [] : this.fields,
      line: this.startLine,
      endLine: lineNumber,
    };
    this.fields = [];
    this.field = "";
    this.state = State.StartRecord;
    return rec;
  }

  /**
   * End of input: a quoted field still open is closed and its record returned (Python's
   * non-strict behaviour). `open` tells the caller that this happened.
   */
  end(lineNumber: number): { record?: CsvRecord; open: boolean } {
    if (this.state === State.InQuotedField) {
      this.saveField();
      return { record: this.emit(lineNumber, false), open: true };
    }
    return { open: false };
  }
}

/**
 * Splits text into physical lines as Python's universal-newline text mode does: `\r\n`,
 * `\r` and `\n` all end a line and become `\n`. Each line keeps its `\n` (the last one
 * may have none).
 */
export function splitLines(text: string): string[] {
  const normalized = text.includes("\r") ? text.replace(/\r\n?/g, "\n") : text;
  const lines = normalized.split("\n");
  const last = lines.pop()!;
  const out = lines.map((l) => l + "\n");
  if (last !== "") out.push(last);
  return out;
}

/** Parses a whole text into records (no line filtering). */
export function parsePythonCsv(text: string): CsvRecord[] {
  const parser = new PythonCsvParser();
  const out: CsvRecord[] = [];
  const lines = splitLines(text);
  lines.forEach((l, i) => {
    const r = parser.feedLine(l, i + 1);
    if (r) out.push(r);
  });
  const { record } = parser.end(lines.length);
  if (record) out.push(record);
  return out;
}
