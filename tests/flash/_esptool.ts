/**
 * Reads an esptool argument file back as esptool does: each line split as Python's
 * `shlex.split` splits it (POSIX rules: single quotes literal, double quotes with
 * backslash escapes, backslash outside quotes), then `ADDRESS PATH` pairs written plain
 * and the pairs after `--encrypt-files` written with flash encryption.
 *
 * @module
 */

/** POSIX-shell word splitting of one line, as `shlex.split`. */
export function shlexSplit(line: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  let i = 0;
  while (i < line.length) {
    const c = line[i];
    if (c === " " || c === "\t" || c === "\n" || c === "\r") {
      if (word !== undefined) words.push(word);
      word = undefined;
      i++;
    } else if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new Error("No closing quotation");
      word = (word ?? "") + line.slice(i + 1, end);
      i = end + 1;
    } else if (c === '"') {
      let s = "";
      i++;
      while (i < line.length && line[i] !== '"') {
        if (line[i] === "\\" && '"\\$`'.includes(line[i + 1])) i++;
        s += line[i++];
      }
      if (i >= line.length) throw new Error("No closing quotation");
      word = (word ?? "") + s;
      i++;
    } else if (c === "\\") {
      word = (word ?? "") + (line[i + 1] ?? "");
      i += 2;
    } else {
      word = (word ?? "") + c;
      i++;
    }
  }
  if (word !== undefined) words.push(word);
  return words;
}

/** One address and file of an argument file. */
export interface ArgPair {
  address: number;
  path: string;
  encrypt: boolean;
}

/** The pairs of an argument file, in file order. */
export function readArgsFile(text: string): ArgPair[] {
  const words = text.split("\n").flatMap(shlexSplit);
  const pairs: ArgPair[] = [];
  let encrypt = false;
  for (let i = 0; i < words.length; i++) {
    if (words[i] === "--encrypt-files") {
      encrypt = true;
      continue;
    }
    if (words[i].startsWith("-")) throw new Error(`unexpected option ${words[i]}`);
    const address = Number(words[i]);
    if (!Number.isInteger(address) || i + 1 >= words.length) {
      throw new Error(`not an address and a file: ${words.slice(i, i + 2).join(" ")}`);
    }
    pairs.push({ address, path: words[++i], encrypt });
  }
  return pairs;
}
