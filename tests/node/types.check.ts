// Compiled by `tsc --noEmit` only: the generated declarations must describe the API well
// enough that typical use type-checks and misuse does not.
import init, {
  checkPassword,
  defaultSettings,
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

// @ts-expect-error a misspelt policy key is a type error too
checkPassword("x", { minLenght: 12 });
// @ts-expect-error the password must be a string
checkPassword(42);
