// The wasm module build/wasm/lanshou.js (written by hand: Emscripten 3.1.6 has no --emit-tsd).
// `createLanshou()` resolves to the module. The embind half is wasm/boundary.cpp, the JavaScript
// half wasm/boundary.js; docs/result-document.md is the contract of every JSON string below.

/** The options document every call takes, as a JSON string or an object. */
export interface CheckOptions {
  /** The clock: ISO 8601 with offset, or "YYYY-MM-DD HH:MM:SS" Beijing time. Default: now. */
  now?: string;
  /** Rule overrides: {"pickup_window_hours": 72} or {"key": {"value": …}}. */
  rules?: Record<string, unknown> | string;
  /** What check() returns. Default "json". */
  format?: 'json' | 'table' | 'csv';
  /** The largest input taken, 1–1024 MB. Default 64. */
  max_input_mb?: number;
  /** The workspace's batches (issue 20): where each starts in the text, and when it was added. */
  batches?: Array<{line: number; at: string}>;
}

/** One check held in the module: its text, records and decisions (wasm/boundary.cpp). */
export interface Session {
  /**
   * Checks `length` bytes of UTF-8 at `textPtr` (a buffer from Module._malloc, filled with
   * TextEncoder.encodeInto; the session takes it over and frees it at the next run or clear()).
   * Never throws: bad options or a failure of the core give a session with no orders whose
   * head() carries the error.
   */
  run(textPtr: number, length: number, optionsJson: string): void;
  /** Frees the text, the records, the decisions and any text made from them. */
  clear(): void;
  count(): number;
  // The page's columns: views into wasm memory, valid until the next run(), clear() or a memory
  // growth. Copy them (slice()) before calling into the module again.
  /** Status i of core/data/vocabulary.json's statuses. */
  status(): Uint8Array;
  /** Epoch seconds of the clock statuses' deadline; NaN without one. */
  deadline(): Float64Array;
  /** Bit i set: finding i of vocabulary.json's findings (a finding marked "possible" in the
   *  result document is left out: nothing shown to be wrong). */
  findings(): Uint32Array;
  /** Fix path i of vocabulary.json's fixes. */
  fix(): Uint8Array;
  fixUntil(): Float64Array;
  /** Yuan at risk. */
  risk(): Float32Array;
  /** 1-based input line of the order. */
  line(): Uint32Array;
  /** Index into the courier names (couriersBytes). */
  courier(): Uint16Array;
  /** count + 1 byte offsets into fieldsBytes, one line per order. */
  fieldOffsets(): Uint32Array;
  /** "order_sn \t tracking_no \t courier \t product \n" per order, UTF-8. */
  fieldsBytes(): Uint8Array;
  /** The distinct courier names, each followed by "\n", UTF-8. */
  couriersBytes(): Uint8Array;
  /** The result document without "orders": {lanshou, rules, now, summary, errors}. */
  head(): string;
  /** orders[i] of the result document; "null" when i is out of range. */
  orderJson(i: number): string;
  /** The whole result in the run's format, as UTF-8 bytes held by the session until the next call. */
  output(): Uint8Array;
  releaseOutput(): void;
  /** The wording for one order of this session: {order_sn, actions, wordings, notes} or {error}. */
  wording(requestJson: string): string;
  /** embind: frees the C++ object. */
  delete(): void;
}

/** What checkCompact returns: each column copied out of wasm memory once. */
export interface CompactResult {
  count: number;
  status: Uint8Array;
  deadline: Float64Array;
  findings: Uint32Array;
  fix: Uint8Array;
  fixUntil: Float64Array;
  risk: Float32Array;
  line: Uint32Array;
  courier: Uint16Array;
  couriers: string[];
  fieldsBytes: Uint8Array;
  fieldOffsets: Uint32Array;
  /** fieldsBytes decoded, on first use. */
  readonly fields: string;
  head: string;
}

export interface LanshouModule {
  Session: {new (): Session};
  /** The whole result document (or table, CSV) for `text`. */
  check(text: string, options?: CheckOptions | string): string;
  /** The page's path: the columns of every order, the words later per order. */
  checkCompact(text: string, options?: CheckOptions | string): CompactResult;
  /** orders[i] of the last checkCompact. */
  orderJson(i: number): string;
  /** The wording for an order of the last checkCompact, without reading the text again. */
  sessionWording(request: object | string): string;
  /** The last checkCompact's whole result in its options' format (the page: csv), its decisions
   *  without reading the text again; "" before the first. */
  sessionOutput(): string;
  /** The wording for an order of `text`, read afresh with the request's own now and rules. */
  wording(text: string, request: object | string): string;
  /** Every rule value with label, unit, source and confidence, overrides merged, plus errors. */
  rules(options?: CheckOptions | string): string;
  version(): string;
  /** Milliseconds of the last check/checkCompact: copy in, the C++ call, copy out. */
  lastTimings: {in: number; run: number; out: number} | null;
  /** Bytes of wasm memory (it only grows). */
  heapBytes(): number;
  _malloc(bytes: number): number;
  _free(ptr: number): void;
  HEAPU8: Uint8Array;
}

declare function createLanshou(overrides?: {wasmBinary?: ArrayBuffer | Uint8Array}): Promise<LanshouModule>;
export default createLanshou;
