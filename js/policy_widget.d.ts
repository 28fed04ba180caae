// The package's TypeScript contract. The types of the values that cross to and from the
// WebAssembly core are generated from their Rust declarations (the part between the
// `generated` markers; `cargo test` fails when it disagrees with them); the functions and
// the loading API below it are written here.

/** What every report has. */
export interface Report {
  /** True when no issue has severity "error". */
  ok: boolean;
  issues: Issue[];
}

/** Language of the messages: "en" (default), "es", "pt"; region subtags are accepted. */
export type Locale = string;

// <generated> from the Rust types by src/typescript.rs: edit them, then run
// POLICY_WIDGET_UPDATE_DOCS=1 cargo test --lib typescript

/** How bad a finding is. Only "error" makes a report's `ok` false. */
export type Severity = "error" | "warning" | "info";

/**
 * One finding about an input: a stable `code` (the UI and tests key on it), its severity
 * and a localized message. Codes are part of the API; messages are not.
 */
export interface Issue {
  /** Stable identifier such as `origin.trailing_slash`. */
  code: string;
  /** How bad it is. */
  severity: Severity;
  /** The catalogue's message in the requested locale, with `params` filled in. */
  message: string;
  /** Where in a settings object the problem is (`cors.allowedOrigins[2]`). */
  path?: string;
  /** UTF-16 offsets into the checked text: `text.slice(a, b)` is the culprit. */
  span?: [number, number];
  /** Values the message uses (`min`, `max`, `claim`, …). */
  params?: Record<string, unknown>;
}

/**
 * The rules a password must meet. Every field has a default, so `{}` is the default
 * policy; an unknown field is an error, so a misspelt `minLenght` cannot pass silently.
 */
export interface PasswordPolicy {
  /** Fewest characters, in Unicode code points after NFKC (default 8, the lowest NIST allows). */
  minLength?: number;
  /** Most characters (default 128). */
  maxLength?: number;
  /** At least one lowercase letter. */
  requireLowercase?: boolean;
  /** At least one uppercase letter. */
  requireUppercase?: boolean;
  /** At least one digit. */
  requireDigit?: boolean;
  /** At least one of `! @ # $ % ^ & * ( ) _ + - = [ ] { } |` (`.` and `~` do not count). */
  requireSpecial?: boolean;
  /** Lowest strength score accepted, 0-4 (default 0: any). */
  minScore?: number;
  /** Most identical characters allowed in a row; null = no limit (default). */
  maxRepeated?: number | null;
  /** Refuse the 10,000 most common passwords (default true). */
  blockCommon?: boolean;
  /** Refuse passwords built on the user's own details (default true). */
  blockUserInputs?: boolean;
  /**
   * Words the admin refuses (the company's name, the product's), matched
   * case-insensitively as substrings.
   */
  blockedTerms?: string[];
}

/** What the checker knows about the person choosing the password. */
export interface PasswordContext {
  /** The user's email, names, the site's name: the password must not be built on them. */
  userInputs?: string[];
  /** Language of the messages (`en`, `es`, `pt`, region subtags accepted; default `en`). */
  locale?: string | null;
}

/** A piece of strength feedback: a stable code and its localized message. */
export interface Feedback {
  /** `strength.warning.*` or `strength.suggestion.*`. */
  code: string;
  /** The message in the requested locale. */
  message: string;
}

/** One row of the checklist the UI shows. */
export interface RuleStatus {
  /** The issue code this rule raises when unmet (`password.too_short`). */
  code: string;
  /** Whether the password meets it. */
  met: boolean;
  /** The rule in words ("At least 8 characters"). */
  message: string;
}

/** The estimate of how hard the password is to guess. */
export interface Strength {
  /** 0 (guessable in under 10^3 tries) to 4 (over 10^10): Dropbox zxcvbn's score. */
  score: 0 | 1 | 2 | 3 | 4;
  /** The score in words ("Weak", "Strong"), for the meter's text label. */
  label: string;
  /** log10 of the estimated number of guesses. */
  guessesLog10: number;
  /** Seconds to crack offline against a slow hash at 10^4 guesses per second. */
  crackTimeSeconds: number;
  /** `crackTimeSeconds` in words ("3 hours", "centuries"). */
  crackTimeDisplay: string;
  /** What is wrong, if anything stands out. */
  warning: Feedback | null;
  /** How to do better. */
  suggestions: Feedback[];
}

/** Everything the checker found about one password. */
export interface PasswordReport {
  /** True when no issue has severity "error". */
  ok: boolean;
  /** What is wrong, in rule order. */
  issues: Issue[];
  /** Length in Unicode code points after NFKC. */
  length: number;
  /** One row per active rule. */
  rules: RuleStatus[];
  /** The strength estimate. The score alone never makes `ok` false; `minScore` does. */
  strength: Strength;
}

/**
 * How to check a list of allowed origins. Every field has a default, so `{}` is valid;
 * an unknown field is an error, so a misspelt `siteIsHTTPS` cannot pass silently.
 */
export interface OriginsOptions {
  /** Language of the messages (`en`, `es`, `pt`, region subtags accepted; default `en`). */
  locale?: string | null;
  /**
   * The platform itself is served over HTTPS: `http://` origins then get
   * `origin.insecure_scheme` (loopback excepted).
   */
  siteIsHttps?: boolean;
}

/** One entry of the list, as typed, with what the checker found about it. */
export interface OriginEntry {
  /** The entry with the whitespace around it trimmed. */
  input: string;
  /** UTF-16 offsets of `input` in the checked text: `text.slice(a, b) === input`. */
  span: [number, number];
  /**
   * The normalised origin whenever the entry parses as an http(s) URL, even when it has
   * errors (the fix the UI can offer); null otherwise.
   */
  origin: string | null;
  /** True when no issue of the entry is an error: its origin is accepted. */
  ok: boolean;
  /** The entry's findings; each `span` lies inside the entry's. */
  issues: Issue[];
}

/** Everything the checker found about a list of allowed origins. */
export interface OriginsReport {
  /** True when no issue has severity "error". */
  ok: boolean;
  /** Every entry's issues in input order, then those about the whole text. */
  issues: Issue[];
  /**
   * The accepted origins, normalised to the WHATWG ASCII serialization, de-duplicated,
   * in input order.
   */
  origins: string[];
  /** `origins.join(", ")`: the value to store. */
  normalized: string;
  /** One row per entry (blank lines are not entries; an empty entry between commas is). */
  entries: OriginEntry[];
}

/** How a token secret is written down. */
export type SecretEncoding = "utf8" | "base64" | "base64url" | "hex";

/**
 * How to inspect a token. Every field has a default, so `{}` is valid; an unknown field
 * is an error, so a misspelt `leewaySecond` cannot pass silently.
 */
export interface TokenOptions {
  /**
   * The current time in milliseconds since the epoch (default: the caller's clock; the
   * package passes `Date.now()`).
   */
  now?: number | null;
  /** Clock skew tolerated on `exp`, `nbf` and `iat`, in seconds (default 0). */
  leewaySeconds?: number;
  /** The lifetime (`exp - iat`) the platform gives its tokens, in seconds (default 3600). */
  expectedTtlSeconds?: number;
  /** The HMAC secret. Absent or empty: the signature is "unchecked". */
  secret?: string | null;
  /** How `secret` is written (default "utf8"). */
  secretEncoding?: SecretEncoding;
  /** The algorithms accepted (default HS256, HS384 and HS512); any other is "unsupported". */
  algorithms?: string[] | null;
  /** Language of the messages (`en`, `es`, `pt`, region subtags accepted; default `en`). */
  locale?: string | null;
}

/** Where the token stands in time at `now`. */
export type TokenStatus = "valid" | "expired" | "not_yet_valid" | "no_expiry" | "malformed";

/** The verdict on the signature, independent of the time status. */
export type SignatureStatus = "verified" | "invalid" | "unchecked" | "unsupported";

/** Everything the inspector learnt about one token. */
export interface TokenReport {
  /** True when no issue has severity "error". */
  ok: boolean;
  /** What is wrong or worth knowing, in the order found. */
  issues: Issue[];
  /** The decoded JOSE header, when it is a JSON object. */
  header: Record<string, unknown> | null;
  /**
   * The decoded claims, when the payload is a JSON object. A member whose value JSON
   * allows but a double cannot hold (`1e400`) is shown as its source text.
   */
  claims: Record<string, unknown> | null;
  /** The header's `alg`, when it is a string. */
  alg: string | null;
  /** `iat`, NumericDate seconds since the epoch, as in the token. */
  issuedAt: number | null;
  /** `exp`, NumericDate seconds since the epoch, as in the token. */
  expiresAt: number | null;
  /** `nbf`, NumericDate seconds since the epoch, as in the token. */
  notBefore: number | null;
  /** Where the token stands in time. */
  status: TokenStatus;
  /** `exp - now` in seconds; negative once expired. */
  secondsRemaining: number | null;
  /** `exp - iat` in seconds. */
  lifetimeSeconds: number | null;
  /** The signature verdict. */
  signature: SignatureStatus;
}

/** The whole object the admin form posts: every security setting of the platform. */
export interface SecuritySettings {
  /** The rules for users' passwords. */
  passwordPolicy: Required<PasswordPolicy>;
  /** Cross-origin access to the platform's content. */
  cors: CorsSettings;
  /** The JWTs the content-delivery API signs. */
  contentToken: ContentTokenSettings;
  /** Two-factor authentication. */
  twoFactor: TwoFactorSettings;
}

/** Cross-origin resource sharing. */
export interface CorsSettings {
  /** Whether cross-origin requests are allowed at all (off by default). */
  enabled: boolean;
  /** The origins allowed, normalised (`https://api.mydomain.com`). */
  allowedOrigins: string[];
}

/** The content-delivery token. */
export interface ContentTokenSettings {
  /** Lifetime of each token, in seconds (default 3600). */
  ttlSeconds: number;
}

/** Two-factor authentication. */
export interface TwoFactorSettings {
  /** Whether every user must set up a second factor. */
  enforced: boolean;
}

/** How to check a settings object: the origins checker's options. */
export type SettingsOptions = OriginsOptions;

/** What `validateSettings` found. */
export interface SettingsReport {
  /** True when no issue has severity "error": the settings may be saved. */
  ok: boolean;
  /** Every finding, each with the `path` of the field it is about, in document order. */
  issues: Issue[];
  /**
   * The typed settings whenever the object has the right shape and every value fits its
   * type, even when a policy check failed (`ok` says whether to save); null when any
   * field is missing, unknown or of the wrong type.
   */
  settings: SecuritySettings | null;
}

// </generated>

/**
 * Checks a password against a policy and estimates its strength.
 * Throws a TypeError only when `password` is not a string or an options object is bad, and
 * an Error if the password checker has not loaded yet (see `init`'s `lazy`).
 */
export function checkPassword(password: string, policy?: PasswordPolicy, context?: PasswordContext): PasswordReport;

/** The policy as an Apple `passwordrules` attribute value. */
export function passwordRules(policy?: PasswordPolicy): string;

/** The settings a new platform starts with. */
export function defaultSettings(): SecuritySettings;

/** Checks a comma- or newline-separated list of allowed origins. */
export function validateOrigins(text: string, options?: OriginsOptions): OriginsReport;

/** Exact comparison of normalised origins: never a prefix, suffix or substring match; "null" is never allowed. */
export function isOriginAllowed(origin: string, allowed: string[]): boolean;

/** Decodes a JWT, reports its time status and, given the secret, verifies an HS256/384/512 signature. */
export function inspectToken(token: string, options?: TokenOptions): TokenReport;

/**
 * Validates the whole settings object the admin form posts. A wrong type, an impossible
 * number or an unknown field is a `settings.invalid` issue at its `path`; it never throws
 * for an object.
 */
export function validateSettings(settings: unknown, options?: SettingsOptions): SettingsReport;

// ---------------------------------------------------------------------------------------
// Loading. The package is two WebAssembly modules: the core (every function above but
// checkPassword; what a page needs to become interactive) and the password checker
// (checkPassword: the rules, the blocklists and zxcvbn with its word lists).

/** What `init` accepts for a module: a URL or path, a Response, the bytes, or a compiled module. */
export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;

/** What `initSync` accepts for a module: the bytes or a compiled module. */
export type SyncInitInput = BufferSource | WebAssembly.Module;

export interface InitOptions {
  /** The core module (`policy_widget_core_bg.wasm`); default: beside the package's JS. */
  module?: InitInput | Promise<InitInput>;
  /** The password module (`policy_widget_password_bg.wasm`); default: beside the package's JS. */
  password_module?: InitInput | Promise<InitInput>;
  /** `module`'s older name (wasm-bindgen's), still read. */
  module_or_path?: InitInput | Promise<InitInput>;
  /** `password_module`'s older name, still read. */
  password_module_or_path?: InitInput | Promise<InitInput>;
  /**
   * `true`: resolve as soon as the core module is ready and load the password checker in
   * the background; `checkPassword` throws until `passwordCheckerReady()` has resolved.
   * Default `false`: resolve when both modules are ready.
   */
  lazy?: boolean;
}

/**
 * Loads and instantiates the modules. Each loads once: a later call waits for the same
 * load, and its module inputs are ignored once that module has started loading. Without
 * `lazy`, every function works when it resolves. Unknown option keys reject with a TypeError.
 */
export default function init(options?: InitOptions): Promise<void>;

/**
 * Instantiates the modules synchronously from their bytes (Node: `readFileSync`). Without
 * `password_module`, checkPassword throws until `passwordCheckerReady()` loads it.
 */
export function initSync(options: { module: SyncInitInput; password_module?: SyncInitInput }): void;

/**
 * Resolves when checkPassword works, loading the password module if nothing has started
 * to (after a failed load it tries again). Rejects if `init` has not been called.
 */
export function passwordCheckerReady(): Promise<void>;

/** True once checkPassword works. */
export function isPasswordCheckerReady(): boolean;
