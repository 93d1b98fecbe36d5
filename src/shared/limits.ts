// Every bound on the work a node's answer or a file may ask of this client, in one place: the app,
// the CLI and the file readers all take them from here. docs/limits.md says why each has its value.

/** Units, not limits: sizes below are written in them. */
export const KIB = 1024;
export const MIB = 1024 * KIB;

// --- What a node's matrix may hold (contract §3.2, §3.4, §10) ---

/** A node's largest and default row budget (`rows`); a node never sends more rows than asked. */
export const MAX_ROWS = 1024;
/** elastickv's `MaxHistoryColumns`: the sampler ring never holds more columns than this. */
export const MAX_HISTORY_COLUMNS = 100_000;
/**
 * Columns of one answer sharing one timestamp. A ring's columns are its flushes, one per step, in
 * order; equal times arise only when the node's clock steps back onto a flush time to the millisecond.
 */
export const MAX_SAME_TIMESTAMP = 8;
/**
 * Nesting of a node's answer as the streaming decoder reads it: the matrix is 3 deep (document, rows,
 * a row's arrays), its fanout block 4; deeper JSON is no answer, and the bound keeps the scanner's stack small.
 */
export const MAX_ANSWER_DEPTH = 64;
/**
 * Characters of one JSON number in a node's answer: a uint64 or int64 needs 20, written with a fraction or an
 * exponent a few more; a longer one (say 1 followed by a million zeros) only makes the decoder work.
 */
export const MAX_NUMBER_CHARS = 512;
/** Nodes of one cluster view (a profile, the app's open request): far above any elastickv cluster an operator watches at once. */
export const MAX_NODES = 64;
/**
 * Rows of one node's answer as a file keeps it. Kept matrices of incremental refreshes written
 * before they were cut to the row budget can hold more than `rows`; they are cut on opening.
 */
export const MAX_SAVED_ROWS = 8 * MAX_ROWS;
/** Go's uint64 ceiling, as a JS number (2^64): a counter beyond it is not a counter. */
export const MAX_UINT64 = 2 ** 64;
/**
 * Cells the merge may produce (union rows × union columns, 2^25 ≈ 33.5 M): above the largest round
 * we plan for (6 nodes × 1024 rows × 4096 columns, each node on its own flush times: 25 M), and low
 * enough that the merged matrix (about 12 bytes a cell with its identities) stays near 400 MB.
 */
export const MAX_MERGED_CELLS = 32 * 1024 * 1024;
/**
 * Raft groups listed per node in a balance (the busiest): elastickv clusters run tens to hundreds of
 * groups, while a hostile answer could give every cell its own id (millions), which as JSON alone
 * would pass what one string can hold. Every group still counts in the totals and the what-if.
 */
export const MAX_BALANCE_GROUPS = 512;
/**
 * Figures in a balance's per-window table (windows × nodes): a week of minutes on 64 nodes fits
 * (645 k); past it the table is left out, the totals kept. Each figure is a JS value in the CLI's
 * and the IPC's tables, so this bound, not the merge's cell bound, keeps them small.
 */
export const MAX_BALANCE_WINDOW_FIGURES = 1 << 20;

/**
 * Threads decoding node answers at once, at most: the fan-out's parse workers (started on demand, a
 * few more than the cores: parse-pool.ts), or `merge`'s file workers with the thread that starts them.
 */
export const MAX_DECODE_THREADS = 8;

// --- How long a round may take ---

/** The fan-out's default deadline (per round; a login race and each node's decode get one each too). */
export const DEFAULT_TIMEOUT_MS = 2000;
/** The timeout an operator may set, app and CLI alike: below 100 ms no login completes; above 10 min a view is stale. */
export const MIN_TIMEOUT_MS = 100;
export const MAX_TIMEOUT_MS = 600_000;
/** Logging out on quit or close waits at most this long (or the round's timeout, when shorter): a gone node must not hold the app. */
export const LOGOUT_TIMEOUT_MS = 2000;
/** Showing a node's certificate (profile editor): a TLS handshake, not a round. */
export const CERTIFICATE_PEEK_TIMEOUT_MS = 5000;

// --- How often and how long a capture polls (app and CLI alike) ---

/** Below 100 ms a poll would start before the last one's answers arrive. */
export const MIN_CAPTURE_EVERY_MS = 100;
export const MAX_CAPTURE_EVERY_MS = 24 * 60 * 60 * 1000;
export const MAX_CAPTURE_FOR_MS = 30 * MAX_CAPTURE_EVERY_MS;

// --- What a node's HTTP answer may weigh ---

/** One node's matrix answer, enforced while it streams. */
export const DEFAULT_MAX_BODY_BYTES = 64 * MIB;
/** The per-node cap a profile may set: from 1 KiB (a login answer fits) to 16 GiB. */
export const MIN_PROFILE_BODY_BYTES = 1 * KIB;
export const MAX_PROFILE_BODY_BYTES = 16 * 1024 * MIB;
/** All nodes' matrix answers of one round together. */
export const DEFAULT_MAX_TOTAL_BYTES = 512 * MIB;
/** A hot-keys answer: at most 256 keys of at most 4 KiB each, base64 (elastickv's caps), with room. */
export const MAX_HOTKEYS_BODY_BYTES = 16 * MIB;
/** elastickv's `MaxHotKeysPerRoute`: the most candidates a node keeps per route (what a peer is asked for). */
export const MAX_HOTKEYS_PER_ROUTE = 256;
/** elastickv's largest `top` for hot keys (larger values become 1024). */
export const MAX_HOTKEYS_TOP = 1024;
/** The keys shown after the merge unless the operator asks for more (app and CLI). */
export const DEFAULT_HOTKEYS_TOP = 20;
/** A heatmap picture the renderer hands over to be saved (PNG). */
export const MAX_PNG_BYTES = 64 * MIB;
/** A login, logout or error answer: a few hundred bytes from a real node. */
export const MAX_SMALL_BODY_BYTES = 64 * KIB;
/** `GET /cluster`: groups and members, small whatever the cluster. */
export const MAX_CLUSTER_BYTES = 1 * MIB;
/** How much of an error body is quoted in a message. */
export const ERROR_EXCERPT_BYTES = 512;
/** Matrix discovery asks a fan-out seed for one row: its answer is small too. */
export const MAX_DISCOVERY_BYTES = 4 * MIB;
/** One session or CSRF cookie value: the browsers' per-cookie limit (RFC 6265 §6.1 asks at least 4096). */
export const MAX_COOKIE_BYTES = 4096;

// --- What a saved text may hold (profiles, the recent list, remembered secrets) ---

/** A profile's id or name (the remembered-secrets file is keyed by the id). */
export const MAX_NAME_CHARS = 100;
/** A file path kept in a file (a CA file, a recent file): Linux's PATH_MAX. */
export const MAX_PATH_CHARS = 4096;
/** Files listed under File → Open Recent, as the file may hold them (the app shows the latest 10). */
export const MAX_RECENT_ENTRIES = 100;
/** One remembered secret, encrypted and encoded. */
export const MAX_SEALED_SECRET_CHARS = 100_000;

// --- What a file may weigh ---

/**
 * V8's longest string on 64-bit (Node's `buffer.constants.MAX_STRING_LENGTH`): a JSON document is
 * decoded from one string, so a larger one cannot be read whole, whatever memory there is.
 */
export const MAX_JSON_TEXT_BYTES = 2 ** 29 - 24;
/** A snapshot, after decompression: one JSON document. */
export const MAX_SNAPSHOT_BYTES = MAX_JSON_TEXT_BYTES;
/** A capture (on disk and decompressed): read line by line, so it may exceed one document's limit. */
export const MAX_CAPTURE_BYTES = 1024 * MIB;
/** One capture line (one poll: every node's answer): one JSON document, decoded from one string. */
export const MAX_CAPTURE_LINE_BYTES = MAX_JSON_TEXT_BYTES;
/** A saved node answer given to `merge`. */
export const MAX_MATRIX_FILE_BYTES = MAX_JSON_TEXT_BYTES;
/** The profile store: far above any real one. */
export const MAX_STORE_BYTES = 4 * MIB;
/** A profile export file. */
export const MAX_EXPORT_BYTES = 1 * MIB;
/** The remembered-secrets file: one encrypted secret of a few hundred bytes per profile. */
export const MAX_SECRETS_STORE_BYTES = 1 * MIB;
/** A secret key file (`--secret-key-file`). */
export const MAX_SECRET_FILE_BYTES = 64 * KIB;
/** A CA bundle (PEM). */
export const MAX_PEM_BYTES = 1 * MIB;
/** Small app files (recent files list, window state). */
export const MAX_SMALL_FILE_BYTES = 1 * MIB;
