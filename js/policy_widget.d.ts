/** How bad a finding is. Only "error" makes a report's `ok` false. */
export type Severity = "error" | "warning" | "info";

/** One finding. `code` is stable (the UI and tests key on it); `message` is localized. */
export interface Issue {
  code: string;
  severity: Severity;
  message: string;
  /** Where in a settings object, e.g. "cors.allowedOrigins[2]". */
  path?: string;
  /** UTF-16 offsets into the checked text: `text.slice(a, b)` is the culprit. */
  span?: [number, number];
  /** Values the message uses (min, max, claim, ...). */
  params?: Record<string, unknown>;
}

/** What every report has. */
export interface Report {
  /** True when no issue has severity "error". */
  ok: boolean;
  issues: Issue[];
}

/** Language of the messages: "en" (default), "es", "pt"; region subtags are accepted. */
export type Locale = string;

/** The rules a password must meet. Every field is optional; unknown keys throw. */
export interface PasswordPolicy {
  /** Fewest characters, in Unicode code points after NFKC (default 8). */
  minLength?: number;
  /** Most characters (default 128). */
  maxLength?: number;
  requireLowercase?: boolean;
  requireUppercase?: boolean;
  requireDigit?: boolean;
  /** At least one of ! @ # $ % ^ & * ( ) _ + - = [ ] { } | */
  requireSpecial?: boolean;
  /** Lowest zxcvbn score accepted, 0-4 (default 0). */
  minScore?: number;
  /** Most identical characters in a row; null = no limit (default). */
  maxRepeated?: number | null;
  /** Refuse the 10,000 most common passwords (default true). */
  blockCommon?: boolean;
  /** Refuse passwords built on the user's own details (default true). */
  blockUserInputs?: boolean;
  /** Words the admin refuses, matched case-insensitively as substrings. */
  blockedTerms?: string[];
}

/** What the checker knows about the person choosing the password. */
export interface PasswordContext {
  /** Email, names, the site's name. */
  userInputs?: string[];
  locale?: Locale;
}

/** A code and its localized message. */
export interface Feedback {
  code: string;
  message: string;
}

/** One row of the checklist. `code` is the issue code the rule raises when unmet. */
export interface RuleStatus {
  code: string;
  met: boolean;
  message: string;
}

/** zxcvbn's estimate. */
export interface Strength {
  /** 0-4, Dropbox zxcvbn's score. */
  score: 0 | 1 | 2 | 3 | 4;
  /** The score in words ("Weak", "Strong"), for the meter's text label. */
  label: string;
  guessesLog10: number;
  /** Offline attack on a slow hash at 10^4 guesses per second. */
  crackTimeSeconds: number;
  crackTimeDisplay: string;
  warning: Feedback | null;
  suggestions: Feedback[];
}

export interface PasswordReport extends Report {
  /** Unicode code points after NFKC. */
  length: number;
  rules: RuleStatus[];
  strength: Strength;
}

/** How to check a list of allowed origins. */
export interface OriginsOptions {
  locale?: Locale;
  /** The platform is served over HTTPS: `http://` origins get `origin.insecure_scheme` (loopback excepted). */
  siteIsHttps?: boolean;
}

/** One entry of an origins list, as typed. */
export interface OriginEntry {
  /** The entry, trimmed. */
  input: string;
  /** UTF-16 offsets: `text.slice(span[0], span[1]) === input`. */
  span: [number, number];
  /** The normalised origin whenever the entry parses as an http(s) URL (the fix to offer), else null. */
  origin: string | null;
  ok: boolean;
  issues: Issue[];
}

export interface OriginsReport extends Report {
  /** Accepted origins, WHATWG ASCII serialization, de-duplicated, in input order. */
  origins: string[];
  /** `origins.join(", ")`. */
  normalized: string;
  entries: OriginEntry[];
}

/** How a token secret is written. */
export type SecretEncoding = "utf8" | "base64" | "base64url" | "hex";

/** How to inspect a token. */
export interface TokenOptions {
  /** Milliseconds since the epoch (default `Date.now()`). */
  now?: number;
  /** Clock skew tolerated, in seconds (default 0). */
  leewaySeconds?: number;
  /** The TTL the platform gives its tokens (default 3600). */
  expectedTtlSeconds?: number;
  /** HMAC secret; without it the signature is "unchecked". */
  secret?: string;
  secretEncoding?: SecretEncoding;
  /** Allow-list (default ["HS256", "HS384", "HS512"]). */
  algorithms?: string[];
  locale?: Locale;
}

export type TokenStatus = "valid" | "expired" | "not_yet_valid" | "no_expiry" | "malformed";
export type SignatureStatus = "verified" | "invalid" | "unchecked" | "unsupported";

export interface TokenReport extends Report {
  header: Record<string, unknown> | null;
  claims: Record<string, unknown> | null;
  alg: string | null;
  /** NumericDate seconds, as in the token. */
  issuedAt: number | null;
  expiresAt: number | null;
  notBefore: number | null;
  status: TokenStatus;
  /** `exp - now` in seconds; negative once expired. */
  secondsRemaining: number | null;
  /** `exp - iat` in seconds. */
  lifetimeSeconds: number | null;
  signature: SignatureStatus;
}

/** The whole object the admin form posts. */
export interface SecuritySettings {
  passwordPolicy: Required<Omit<PasswordPolicy, "maxRepeated">> & { maxRepeated: number | null };
  cors: { enabled: boolean; allowedOrigins: string[] };
  contentToken: { ttlSeconds: number };
  twoFactor: { enforced: boolean };
}

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

/** How to check a settings object. */
export interface SettingsOptions {
  locale?: Locale;
  /** The platform is served over HTTPS: `http://` allowed origins get `origin.insecure_scheme`. */
  siteIsHttps?: boolean;
}

export interface SettingsReport extends Report {
  /** The typed settings whenever the object has the right shape (even if a policy check failed; `ok` says whether to save), else null. */
  settings: SecuritySettings | null;
}

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
  module_or_path?: InitInput | Promise<InitInput>;
  /** The password module (`policy_widget_password_bg.wasm`); default: beside the package's JS. */
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
