// Types of the custom elements (policy-widget/elements). The reports are the core's.
import type {
  OriginsReport,
  PasswordPolicy,
  PasswordReport,
  SecuritySettings,
  SettingsReport,
  TokenOptions,
  TokenReport,
  Issue,
} from "../policy_widget.js";
import type * as Core from "../policy_widget.js";

/** Options of a check method. `announce`: also speak the result in the live region. */
export interface CheckOptions {
  announce?: boolean;
}

/** What every element shares. */
declare class PolicyElement extends HTMLElement {
  /** The tag `define()` registers by default. */
  static readonly defaultTag: string;
  /** Registers the element under `tag` (once) in `registry` and returns the class. */
  static define<T extends typeof PolicyElement>(this: T, tag?: string, registry?: CustomElementRegistry): T;
  /** Per-instance overrides of the UI strings (keys: see elements/i18n.js). */
  strings: Record<string, string>;
  /** Re-renders in the current language. */
  refresh(): Promise<unknown>;
}

/** `<policy-password>`: an `<input type="password">` with meter, label, checklist and feedback. */
export declare class PolicyPasswordElement extends PolicyElement {
  static readonly observedAttributes: string[];
  readonly input: HTMLInputElement | null;
  readonly report: PasswordReport | null;
  /** The policy: this property, else the `policy` attribute (JSON), else the defaults. */
  policy: PasswordPolicy;
  /** The user's own details: this property, else the comma-separated `user-inputs` attribute. */
  userInputs: string[];
  check(options?: CheckOptions): Promise<PasswordReport | null>;
}

/** `<policy-origins>`: a `<textarea>` of allowed origins, bad entries marked in place, fixes offered. */
export declare class PolicyOriginsElement extends PolicyElement {
  static readonly observedAttributes: string[];
  readonly input: HTMLTextAreaElement | null;
  readonly report: OriginsReport | null;
  /** Mirrors the `site-is-https` attribute. */
  siteIsHttps: boolean;
  /** A message from elsewhere (the server's 422) shown as this field's error; "" clears it. */
  externalError: string;
  check(options?: CheckOptions): Promise<OriginsReport | null>;
  /** Replaces entry `index` with its normalised origin, as the fix button does. */
  applyFix(index: number): Promise<OriginsReport | null>;
}

/** `<policy-token>`: a JWT `<textarea>` and an optional secret input; claims, countdown, signature. */
export declare class PolicyTokenElement extends PolicyElement {
  static readonly observedAttributes: string[];
  readonly input: HTMLTextAreaElement | null;
  readonly secretInput: HTMLInputElement | null;
  readonly report: TokenReport | null;
  /** The options built from the attributes, the secret input and the clock. */
  readonly options: TokenOptions;
  inspect(options?: CheckOptions): Promise<TokenReport | null>;
}

/** `<policy-settings-form>`: the admin form, loaded from and saved to the server's API. */
export declare class PolicySettingsFormElement extends PolicyElement {
  static readonly observedAttributes: string[];
  readonly form: HTMLFormElement | null;
  /** The API's base URL (the `api` attribute; default "/api"). */
  readonly api: string;
  /** The settings as the form currently holds them (check `report` before trusting them). */
  readonly settings: SecuritySettings;
  /** The version the form was loaded from (the server's `version`). */
  readonly version: number | null;
  readonly report: SettingsReport | null;
  load(): Promise<unknown>;
  validate(): Promise<unknown>;
  save(): Promise<unknown>;
  loadActivity(): Promise<unknown>;
  /** Carries on a sign-in another view began: `answer` is the server's `{ next: "totp" | "totp_setup", challenge, … }`. */
  continueSignIn(answer: { next: "totp" | "totp_setup"; challenge: string; [key: string]: unknown }): void;
}

/**
 * Where to load the package and its two .wasm files from, before the first element connects.
 * `module` and `password_module` are the .wasm files, as `init` names them (`wasmUrl` and
 * `passwordWasmUrl` are their older names, still read).
 */
export declare function configure(options?: {
  moduleUrl?: string;
  module?: string | URL;
  password_module?: string | URL;
  wasmUrl?: string;
  passwordWasmUrl?: string;
}): void;
/** Every element class of the package. */
export declare const elements: ReadonlyArray<typeof PolicyElement>;
/** Registers every element under its default tag in `registry` (default: the page's). */
export declare function defineAll(registry?: CustomElementRegistry): void;
/** The package with its core module ready (all but checkPassword), loaded once for every element. */
export declare function load(): Promise<typeof Core>;
/** The package with checkPassword ready too (the password module loads after the core). */
export declare function loadPasswordChecker(): Promise<typeof Core>;
/** The UI strings, by language. */
export declare const catalogue: Record<string, Record<string, string>>;
/** Adds or overrides UI strings for a language, for every element. */
export declare function setStrings(language: string, strings: Record<string, string>): void;
/** A UI string for `element`, in its language, with `{name}` placeholders filled. */
export declare function text(element: Element, key: string, params?: Record<string, unknown>): string;

/** The events' `detail`s. */
export interface PolicyElementEventMap {
  "policy-password-change": CustomEvent<{ report: PasswordReport }>;
  "policy-password-error": CustomEvent<{ error: unknown }>;
  "policy-origins-change": CustomEvent<{ report: OriginsReport }>;
  "policy-origins-error": CustomEvent<{ error: unknown }>;
  "policy-token-change": CustomEvent<{ report: TokenReport }>;
  "policy-token-error": CustomEvent<{ error: unknown }>;
  "policy-settings-load": CustomEvent<{ settings: SecuritySettings; version: number }>;
  "policy-settings-change": CustomEvent<{ settings: unknown; report: SettingsReport }>;
  "policy-settings-invalid": CustomEvent<{ report: SettingsReport; controls: Element[] }>;
  "policy-settings-save": CustomEvent<{ settings: SecuritySettings; version: number }>;
  "policy-settings-error": CustomEvent<{ status: number; issues?: Issue[]; conflict?: unknown; error?: unknown; body?: unknown; signIn?: boolean }>;
  "policy-settings-secret-rotate": CustomEvent<{ secret: string; rotatedAt: string }>;
  "policy-settings-token-issue": CustomEvent<{ token: string; expiresAt: number }>;
  /** The server's TokenReport for the token, with whether `GET /content/{key}` would accept it and why not. */
  "policy-settings-token-verify": CustomEvent<{ report: TokenReport & { accepted: boolean; reason: string | null } }>;
}

declare global {
  interface HTMLElementTagNameMap {
    "policy-password": PolicyPasswordElement;
    "policy-origins": PolicyOriginsElement;
    "policy-token": PolicyTokenElement;
    "policy-settings-form": PolicySettingsFormElement;
  }
  interface HTMLElementEventMap extends PolicyElementEventMap {}
}
