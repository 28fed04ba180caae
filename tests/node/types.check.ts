// Compiled by `tsc --noEmit` only: the generated declarations must describe the API well
// enough that typical use type-checks and misuse does not.
import init, {
  checkPassword,
  defaultSettings,
  initSync,
  isPasswordCheckerReady,
  passwordCheckerReady,
  passwordRules,
  type PasswordPolicy,
  type PasswordReport,
  type SecuritySettings,
} from "../../pkg/policy_widget.js";

export async function usage(): Promise<number> {
  await init();
  const policy: PasswordPolicy = { minLength: 12, requireDigit: true, maxRepeated: null };
  const report: PasswordReport = checkPassword("hunter2", policy, { userInputs: ["ana"], locale: "es" });
  const codes: string[] = report.issues.map((issue) => issue.code);
  const settings: SecuritySettings = defaultSettings();
  const rules: string = passwordRules(settings.passwordPolicy);
  const score: 0 | 1 | 2 | 3 | 4 = report.strength.score;
  const warning: string | undefined = report.strength.warning?.message;
  return codes.length + rules.length + score + (warning?.length ?? 0) + report.rules.filter((r) => r.met).length;
}

// Loading: both modules (default), the core first (lazy), or synchronously from bytes.
export async function loading(core: Uint8Array, password: Uint8Array): Promise<boolean> {
  await init({ module_or_path: "/pkg/policy_widget_core_bg.wasm", lazy: true });
  await passwordCheckerReady();
  initSync({ module: core, password_module: password });
  // @ts-expect-error lazy is a boolean
  await init({ lazy: "yes" });
  // @ts-expect-error initSync needs the core module
  initSync({ password_module: password });
  return isPasswordCheckerReady();
}

// @ts-expect-error a misspelt policy key is a type error too
checkPassword("x", { minLenght: 12 });
// @ts-expect-error the password must be a string
checkPassword(42);

// The elements' declarations: classes, properties, reports and typed events.
import { PolicyPasswordElement, PolicyOriginsElement, configure } from "../../pkg/elements/index.js";
import type { PolicyElementEventMap } from "../../pkg/elements/index.js";

export function elements(): void {
  configure({ moduleUrl: "/pkg/policy_widget.js" });
  PolicyPasswordElement.define("my-password");
  const password = document.querySelector("policy-password");
  password?.addEventListener("policy-password-change", (event) => {
    const score: number = event.detail.report.strength.score;
    void score;
  });
  const origins = new PolicyOriginsElement();
  origins.siteIsHttps = true;
  void origins.applyFix(0).then((report) => report?.normalized);
  const handler = (event: PolicyElementEventMap["policy-settings-error"]) => event.detail.status;
  void handler;
  // @ts-expect-error configure rejects unknown options at the type level too
  configure({ moduleURL: "/x.js" });
}
