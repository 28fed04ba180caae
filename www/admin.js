// The admin page: points the elements at the WebAssembly modules the server publishes under
// /pkg/, registers them, and keeps the page's own words and theme in step with the pickers.
// Served bundled (scripts/build-page.mjs): the elements' `import("../policy_widget.js")` is
// then the package's entry itself, inside the bundle, so only the .wasm URLs are configured.
import { configure, defineAll, elements, setStrings, text } from "../js/elements/index.js";
import { startPeople } from "./people-start.js";

// The page's own words, beside the elements' in the same catalogue.
setStrings("en", {
  "page.title": "Security settings",
  "page.language": "Language",
  "page.theme": "Theme",
  "page.themeAuto": "System",
  "page.themeLight": "Light",
  "page.themeDark": "Dark",
  "page.passwordPolicy": "Password policy",
  "page.minLength": "Minimum length",
  "page.maxLength": "Maximum length",
  "page.minScore": "Minimum strength",
  "page.score0": "0 · any",
  "page.score1": "1 · very weak or better",
  "page.score2": "2 · weak or better",
  "page.score3": "3 · good or better",
  "page.score4": "4 · strong only",
  "page.maxRepeated": "Most repeated characters in a row",
  "page.maxRepeatedHint": "Leave empty for no limit.",
  "page.composition": "Composition rules",
  "page.compositionNote":
    "NIST SP 800-63B advises against composition rules: they make passwords harder to remember without making them much harder to guess. Prefer length and the blocklists.",
  "page.requireLowercase": "Require a lowercase letter",
  "page.requireUppercase": "Require an uppercase letter",
  "page.requireDigit": "Require a digit",
  "page.requireSpecial": "Require a special character",
  "page.blocklists": "Blocklists",
  "page.blockCommon": "Refuse the 10,000 most common passwords",
  "page.blockUserInputs": "Refuse passwords built on the user’s own details",
  "page.blockedTerms": "Blocked terms",
  "page.blockedTermsHint": "One per line, such as your company’s name.",
  "page.tryPassword": "Try a password against this policy",
  "page.samplePassword": "Sample password",
  "page.cors": "CORS",
  "page.corsEnabled": "Allow cross-origin requests",
  "page.allowedOrigins": "Allowed origins",
  "page.allowedOriginsHint": "Separate them with commas or new lines, e.g. https://api.mydomain.com, https://mydomain.com",
  "page.contentToken": "Content-delivery token",
  "page.ttl": "Token lifetime (seconds)",
  "page.inspector": "Inspect a token",
  "page.token": "JWT",
  "page.secret": "Secret (optional, to check the signature)",
  "page.twoFactor": "Two-factor authentication",
  "page.twoFactorEnforced": "Require two-factor authentication for every user",
  "page.save": "Save settings",
});
setStrings("es", {
  "page.title": "Configuración de seguridad",
  "page.language": "Idioma",
  "page.theme": "Tema",
  "page.themeAuto": "Sistema",
  "page.themeLight": "Claro",
  "page.themeDark": "Oscuro",
  "page.passwordPolicy": "Política de contraseñas",
  "page.minLength": "Longitud mínima",
  "page.maxLength": "Longitud máxima",
  "page.minScore": "Seguridad mínima",
  "page.score0": "0 · cualquiera",
  "page.score1": "1 · muy débil o mejor",
  "page.score2": "2 · débil o mejor",
  "page.score3": "3 · buena o mejor",
  "page.score4": "4 · solo fuerte",
  "page.maxRepeated": "Máximo de caracteres repetidos seguidos",
  "page.maxRepeatedHint": "Déjalo vacío para no limitar.",
  "page.composition": "Reglas de composición",
  "page.compositionNote":
    "NIST SP 800-63B desaconseja las reglas de composición: hacen las contraseñas más difíciles de recordar sin hacerlas mucho más difíciles de adivinar. Prefiere la longitud y las listas de bloqueo.",
  "page.requireLowercase": "Exigir una minúscula",
  "page.requireUppercase": "Exigir una mayúscula",
  "page.requireDigit": "Exigir un dígito",
  "page.requireSpecial": "Exigir un carácter especial",
  "page.blocklists": "Listas de bloqueo",
  "page.blockCommon": "Rechazar las 10.000 contraseñas más comunes",
  "page.blockUserInputs": "Rechazar contraseñas basadas en los datos del propio usuario",
  "page.blockedTerms": "Términos bloqueados",
  "page.blockedTermsHint": "Uno por línea, como el nombre de tu empresa.",
  "page.tryPassword": "Prueba una contraseña con esta política",
  "page.samplePassword": "Contraseña de prueba",
  "page.cors": "CORS",
  "page.corsEnabled": "Permitir solicitudes de otros orígenes",
  "page.allowedOrigins": "Orígenes permitidos",
  "page.allowedOriginsHint": "Sepáralos con comas o saltos de línea, p. ej. https://api.mydomain.com, https://mydomain.com",
  "page.contentToken": "Token de entrega de contenido",
  "page.ttl": "Duración del token (segundos)",
  "page.inspector": "Inspeccionar un token",
  "page.token": "JWT",
  "page.secret": "Secreto (opcional, para comprobar la firma)",
  "page.twoFactor": "Autenticación en dos pasos",
  "page.twoFactorEnforced": "Exigir autenticación en dos pasos a todos los usuarios",
  "page.save": "Guardar configuración",
});
setStrings("pt", {
  "page.title": "Configurações de segurança",
  "page.language": "Idioma",
  "page.theme": "Tema",
  "page.themeAuto": "Sistema",
  "page.themeLight": "Claro",
  "page.themeDark": "Escuro",
  "page.passwordPolicy": "Política de senhas",
  "page.minLength": "Comprimento mínimo",
  "page.maxLength": "Comprimento máximo",
  "page.minScore": "Força mínima",
  "page.score0": "0 · qualquer",
  "page.score1": "1 · muito fraca ou melhor",
  "page.score2": "2 · fraca ou melhor",
  "page.score3": "3 · boa ou melhor",
  "page.score4": "4 · só forte",
  "page.maxRepeated": "Máximo de caracteres repetidos seguidos",
  "page.maxRepeatedHint": "Deixe vazio para não limitar.",
  "page.composition": "Regras de composição",
  "page.compositionNote":
    "O NIST SP 800-63B desaconselha regras de composição: elas tornam as senhas mais difíceis de lembrar sem torná-las muito mais difíceis de adivinhar. Prefira o comprimento e as listas de bloqueio.",
  "page.requireLowercase": "Exigir uma letra minúscula",
  "page.requireUppercase": "Exigir uma letra maiúscula",
  "page.requireDigit": "Exigir um dígito",
  "page.requireSpecial": "Exigir um caractere especial",
  "page.blocklists": "Listas de bloqueio",
  "page.blockCommon": "Recusar as 10.000 senhas mais comuns",
  "page.blockUserInputs": "Recusar senhas baseadas nos dados do próprio usuário",
  "page.blockedTerms": "Termos bloqueados",
  "page.blockedTermsHint": "Um por linha, como o nome da sua empresa.",
  "page.tryPassword": "Teste uma senha com esta política",
  "page.samplePassword": "Senha de teste",
  "page.cors": "CORS",
  "page.corsEnabled": "Permitir requisições de outras origens",
  "page.allowedOrigins": "Origens permitidas",
  "page.allowedOriginsHint": "Separe-as com vírgulas ou quebras de linha, p. ex. https://api.mydomain.com, https://mydomain.com",
  "page.contentToken": "Token de entrega de conteúdo",
  "page.ttl": "Duração do token (segundos)",
  "page.inspector": "Inspecionar um token",
  "page.token": "JWT",
  "page.secret": "Segredo (opcional, para verificar a assinatura)",
  "page.twoFactor": "Autenticação em duas etapas",
  "page.twoFactorEnforced": "Exigir autenticação em duas etapas de todos os usuários",
  "page.save": "Salvar configurações",
});

configure({
  module: "/pkg/policy_widget_core_bg.wasm",
  password_module: "/pkg/policy_widget_password_bg.wasm",
});
defineAll();

const root = document.documentElement;
const languagePicker = document.getElementById("page-language");
const themePicker = document.getElementById("page-theme");

/** Puts the page's words in the current language, and asks the elements to follow. */
function translatePage() {
  for (const node of document.querySelectorAll("[data-i18n]")) {
    node.textContent = text(root, node.dataset.i18n);
  }
  document.title = `${text(root, "page.title")} · policy-widget`;
  for (const element of document.querySelectorAll(elements.map((element) => element.defaultTag).join(", "))) {
    element.refresh?.();
  }
}

function applyTheme(theme) {
  if (theme === "auto") delete root.dataset.theme;
  else root.dataset.theme = theme;
}

// The choice is remembered per browser; ?lang= and ?theme= win (handy for screenshots).
const query = new URLSearchParams(location.search);
const language = query.get("lang") ?? localStorage.getItem("policy-widget.lang") ?? root.lang;
const theme = query.get("theme") ?? localStorage.getItem("policy-widget.theme") ?? "auto";
languagePicker.value = ["en", "es", "pt"].includes(language) ? language : "en";
themePicker.value = ["auto", "light", "dark"].includes(theme) ? theme : "auto";
root.lang = languagePicker.value;
applyTheme(themePicker.value);
translatePage();

languagePicker.addEventListener("change", () => {
  root.lang = languagePicker.value;
  localStorage.setItem("policy-widget.lang", root.lang);
  translatePage();
});
themePicker.addEventListener("change", () => {
  localStorage.setItem("policy-widget.theme", themePicker.value);
  applyTheme(themePicker.value);
});

startPeople();
