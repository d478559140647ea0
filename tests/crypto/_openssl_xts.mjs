// Reference XTS-AES-256 through OpenSSL, for tests/crypto/xts_test.ts.
//
// Run with Node (Deno's and Bun's node:crypto lack aes-256-xts). Reads a JSON list of
// cases from stdin: [{ "op": "encrypt" | "decrypt", "key": hex64bytes, "iv": hex16bytes,
// "data": hex }], and prints a JSON list of the output hex strings, in order.
// OpenSSL rejects keys whose two halves are equal and data shorter than 16 bytes.
import { createCipheriv, createDecipheriv } from "node:crypto";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const cases = JSON.parse(Buffer.concat(chunks).toString("utf8"));

const out = cases.map(({ op, key, iv, data }) => {
  const make = op === "decrypt" ? createDecipheriv : createCipheriv;
  const c = make("aes-256-xts", Buffer.from(key, "hex"), Buffer.from(iv, "hex"));
  return Buffer.concat([c.update(Buffer.from(data, "hex")), c.final()]).toString("hex");
});
process.stdout.write(JSON.stringify(out));
