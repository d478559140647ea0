/**
 * The vocabulary of the integrity check: what the reader can find wrong (or merely
 * unusual) in an NVS partition image, how serious each finding is, and how a finding is
 * printed as one line. The reader ({@linkcode parsePartition} in `reader.ts`) produces
 * findings; this module only names and formats them.
 *
 * Severities:
 * - `error`: ESP-IDF's NVS library loses or cannot read data here, or refuses the
 *   partition (a CRC that does not match, a blob missing a chunk, two active pages…).
 * - `warning`: the library reads the partition but repairs or discards something when it
 *   mounts it (an older copy of a key, chunks without an index, an interrupted page
 *   move), or the image holds something no ESP-IDF writer produces.
 * - `info`: worth knowing, nothing is wrong (a read-only partition of one or two pages,
 *   a namespace without entries).
 *
 * An image is *clean* when it has no error and no warning ({@linkcode isClean}).
 *
 * @module
 */

/**
 * How serious a finding is.
 *
 * @example
 * ```ts
 * import { encodePartition, parsePartition, type Severity } from "@nvsforge/nvsforge/format";
 *
 * const image = encodePartition([{ kind: "namespace", name: "n" }], { size: 0x1000 });
 * const severities: Severity[] = parsePartition(image).findings.map((f) => f.severity);
 * // A one-page (read-only) partition and a namespace without items: notes only.
 * if (severities.join() !== "info,info") throw new Error(severities.join());
 * ```
 */
export type Severity = "error" | "warning" | "info";

/**
 * What the check found, as a stable machine-readable code. See {@linkcode FINDING_CODES}
 * for the meaning and severity of each.
 *
 * @example
 * ```ts
 * import { checkPartition, encodePartition, type FindingCode } from "@nvsforge/nvsforge/format";
 *
 * const image = encodePartition([
 *   { kind: "namespace", name: "n" },
 *   { kind: "entry", key: "s", type: "string", value: "hello" },
 * ], { size: 0x3000 });
 * image[64 + 2 * 32] ^= 0x20; // change the string's data: its data CRC no longer matches
 * const codes: FindingCode[] = checkPartition(image).map((f) => f.code);
 * if (!codes.includes("data-crc")) throw new Error(codes.join());
 * ```
 */
export type FindingCode =
  | "partition-small"
  | "no-free-page"
  | "page-header-crc"
  | "page-state-invalid"
  | "page-marked-corrupt"
  | "page-not-blank"
  | "page-version-unknown"
  | "page-versions-mixed"
  | "page-sequence-duplicate"
  | "page-freeing"
  | "active-pages-multiple"
  | "entry-crc"
  | "entry-blank-written"
  | "entry-blank-erased"
  | "entry-state-mismatch"
  | "entry-half-written"
  | "entries-unreadable"
  | "span-invalid"
  | "span-past-page"
  | "span-not-written"
  | "type-unknown"
  | "key-invalid"
  | "chunk-index-invalid"
  | "data-crc"
  | "string-malformed"
  | "duplicate-key"
  | "item-unreadable"
  | "namespace-undefined"
  | "namespace-unused"
  | "namespace-invalid"
  | "namespace-index-reused"
  | "blob-chunk-orphan"
  | "blob-chunk-missing"
  | "blob-size-mismatch"
  | "blob-index-invalid";

/**
 * Every finding code with its usual severity and what it means. (`duplicate-key` is a
 * warning when ESP-IDF's library resolves the duplicate itself when it mounts the
 * partition, an error when it does not.)
 *
 * @example
 * ```ts
 * import { FINDING_CODES } from "@nvsforge/nvsforge/format";
 *
 * const [severity, meaning] = FINDING_CODES["entry-crc"];
 * if (severity !== "error" || !meaning.startsWith("entry CRC does not match")) {
 *   throw new Error(`${severity}: ${meaning}`);
 * }
 * const notes = Object.entries(FINDING_CODES).filter(([, [s]]) => s === "info").length;
 * if (notes !== 2) throw new Error(`${notes} codes of severity info`);
 * ```
 */
export const FINDING_CODES: { readonly [code in FindingCode]: readonly [Severity, string] } = {
  "partition-small": ["info", "fewer than 3 pages: usable only as a read-only partition"],
  "no-free-page": ["warning", "no empty page: ESP-IDF cannot mount it read/write"],
  "page-header-crc": ["error", "page header CRC does not match: the page is ignored"],
  "page-state-invalid": ["error", "page state is not a known value: the page is ignored"],
  "page-marked-corrupt": ["warning", "page is marked corrupt: it is ignored"],
  "page-not-blank": ["error", "a page without a header holds data: it is ignored"],
  "page-version-unknown": ["error", "page format version is unknown: ESP-IDF refuses it"],
  "page-versions-mixed": ["warning", "pages of format versions 1 and 2"],
  "page-sequence-duplicate": ["error", "two pages have the same sequence number"],
  "page-freeing": ["warning", "an interrupted page move: completed on the next mount"],
  "active-pages-multiple": ["error", "more than one active page"],
  "entry-crc": ["error", "entry CRC does not match: the entry is ignored"],
  "entry-blank-written": ["error", "an entry marked written is all 0xFF"],
  "entry-blank-erased": ["warning", "an entry marked erased is all 0xFF"],
  "entry-state-mismatch": ["warning", "an entry marked empty holds data"],
  "entry-half-written": ["warning", "a half-written entry after the last one (power loss)"],
  "entries-unreadable": ["error", "no written entry has a valid CRC (encrypted? wrong key?)"],
  "span-invalid": ["error", "an item's span does not match its type or size"],
  "span-past-page": ["error", "an item's span runs past the end of its page"],
  "span-not-written": ["error", "an item's data entries are not all marked written"],
  "type-unknown": ["warning", "unknown item type: the item is ignored"],
  "key-invalid": ["error", "the key has no NUL terminator within 16 bytes, or is not UTF-8"],
  "chunk-index-invalid": ["error", "chunk index is not 0xFF on an item that is not a chunk"],
  "data-crc": ["error", "data CRC of a string, blob or chunk does not match"],
  "string-malformed": ["warning", "a string without its NUL terminator or not UTF-8"],
  "duplicate-key": [
    "warning",
    "a key is stored more than once (which copy is read: see the message)",
  ],
  "item-unreadable": ["error", "an item the library lists but nvs_get_* cannot read"],
  "namespace-undefined": ["error", "an item's namespace index has no namespace entry"],
  "namespace-unused": ["info", "a namespace without items"],
  "namespace-invalid": ["error", "a namespace entry that ESP-IDF cannot use"],
  "namespace-index-reused": ["error", "two namespaces share one index"],
  "blob-chunk-orphan": ["warning", "a blob chunk without its index: erased on mount"],
  "blob-chunk-missing": ["error", "a blob index whose chunks are not all present"],
  "blob-size-mismatch": ["error", "a blob's chunks do not add up to its size"],
  "blob-index-invalid": ["warning", "a blob index with an unusual chunk start"],
};

/**
 * One thing the integrity check found.
 *
 * @example
 * ```ts
 * import { checkPartition, encodePartition, type Finding } from "@nvsforge/nvsforge/format";
 *
 * const image = encodePartition([
 *   { kind: "namespace", name: "cfg" },
 *   { kind: "entry", key: "k", type: "u32", value: 7 },
 * ], { size: 0x3000 });
 * image[64 + 32 + 24] ^= 1; // flip a bit of the value: the entry CRC no longer matches
 * const found: Finding | undefined = checkPartition(image).find((f) => f.severity === "error");
 * if (found?.code !== "entry-crc" || found.page !== 0 || found.entry !== 1 || found.key !== "k") {
 *   throw new Error(JSON.stringify(found));
 * }
 * ```
 */
export interface Finding {
  /** What was found. */
  code: FindingCode;
  /** How serious it is. */
  severity: Severity;
  /** The page, by its position in the image (0 = first 4096 bytes), when it concerns one. */
  page?: number;
  /** The entry within the page (0..125), when it concerns one. */
  entry?: number;
  /** The namespace's name, when known. */
  namespace?: string;
  /** The key, when it concerns an item. */
  key?: string;
  /** One line saying what is wrong and what ESP-IDF's library does about it. */
  message: string;
}

/** Where a finding is: any of page, entry, namespace and key. */
export type FindingPlace = Pick<Finding, "page" | "entry" | "namespace" | "key">;

/**
 * Collects findings during a read, in a stable order.
 *
 * @example
 * ```ts
 * import { FindingCollector } from "@nvsforge/nvsforge/format";
 *
 * const c = new FindingCollector();
 * c.add("entry-crc", "entry CRC is 0x1 but should be 0x2", { page: 0, entry: 3 });
 * if (c.list()[0].severity !== "error") throw new Error("entry-crc is not an error");
 * ```
 */
export class FindingCollector {
  private readonly items: Finding[] = [];

  /** Adds a finding with its code's usual severity, or the one given. */
  add(code: FindingCode, message: string, place: FindingPlace = {}, severity?: Severity): void {
    // Fields in a fixed order (JSON output), unknown parts of the place left out.
    this.items.push({
      code,
      severity: severity ?? FINDING_CODES[code][0],
      ...(place.page !== undefined ? { page: place.page } : {}),
      ...(place.entry !== undefined ? { entry: place.entry } : {}),
      ...(place.namespace !== undefined ? { namespace: place.namespace } : {}),
      ...(place.key !== undefined ? { key: place.key } : {}),
      message,
    });
  }

  /**
   * The findings: partition-wide ones first, then by page and entry; findings at the
   * same place keep the order they were found in.
   */
  list(): Finding[] {
    return this.items
      .map((f, i) => ({ f, i }))
      .sort((a, b) =>
        (a.f.page ?? -1) - (b.f.page ?? -1) || (a.f.entry ?? -1) - (b.f.entry ?? -1) ||
        a.i - b.i
      )
      .map((x) => x.f);
  }
}

/**
 * Counts of findings by severity.
 *
 * @example
 * ```ts
 * import {
 *   countFindings,
 *   encodePartition,
 *   type FindingCounts,
 *   parsePartition,
 * } from "@nvsforge/nvsforge/format";
 *
 * const image = encodePartition([{ kind: "namespace", name: "n" }], { size: 0x3000 });
 * const counts: FindingCounts = countFindings(parsePartition(image).findings);
 * if (counts.errors + counts.warnings !== 0 || counts.infos !== 1) {
 *   throw new Error(JSON.stringify(counts));
 * }
 * ```
 */
export interface FindingCounts {
  /** Findings of severity `error`. */
  errors: number;
  /** Findings of severity `warning`. */
  warnings: number;
  /** Findings of severity `info`. */
  infos: number;
}

/**
 * Counts findings by severity.
 *
 * @example
 * ```ts
 * import { countFindings } from "@nvsforge/nvsforge/format";
 *
 * const n = countFindings([
 *   { code: "namespace-unused", severity: "info", message: "…" },
 *   { code: "entry-crc", severity: "error", message: "…" },
 * ]);
 * if (n.errors !== 1 || n.warnings !== 0 || n.infos !== 1) throw new Error(JSON.stringify(n));
 * ```
 *
 * @param findings the findings of one image.
 * @returns how many there are of each severity.
 */
export function countFindings(findings: readonly Finding[]): FindingCounts {
  const n: FindingCounts = { errors: 0, warnings: 0, infos: 0 };
  for (const f of findings) {
    if (f.severity === "error") n.errors++;
    else if (f.severity === "warning") n.warnings++;
    else n.infos++;
  }
  return n;
}

/**
 * Whether an image with these findings is clean: no error and no warning (`info`
 * findings do not count).
 *
 * @example
 * ```ts
 * import { isClean } from "@nvsforge/nvsforge/format";
 *
 * if (!isClean([{ code: "namespace-unused", severity: "info", message: "…" }])) {
 *   throw new Error("a note made the image unclean");
 * }
 * if (isClean([{ code: "entry-crc", severity: "error", message: "…" }])) {
 *   throw new Error("an error left the image clean");
 * }
 * ```
 *
 * @param findings the findings of one image.
 * @returns whether none is an error or a warning.
 */
export function isClean(findings: readonly Finding[]): boolean {
  return findings.every((f) => f.severity === "info");
}

export { escapeText, formatFinding, formatPlace, quoteText } from "./finding_text.ts";
