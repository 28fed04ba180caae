// The "API tokens" card admins get on the admin page: make a token (a name and a lifetime in
// days) that is shown this once with a copy button, list every member's tokens (who made
// each, when it expires, when it was last used), and revoke one. The server checks every
// field; the card puts its answers into words.
import { setStrings } from "../js/elements/index.js";
import { h } from "../js/elements/dom.js";

setStrings("en", {
  "tokens.heading": "API tokens",
  "tokens.intro": "A token acts as the admin who made it, with their role at each request. Send it as Authorization: Bearer <token>.",
  "tokens.name": "Token name",
  "tokens.days": "Expires in (days, 1–365)",
  "tokens.create": "Create token",
  "tokens.created": "Copy this token now: it is not shown again.",
  "tokens.copy": "Copy token",
  "tokens.copied": "Copied.",
  "tokens.copyFailed": "Could not copy: select the token and copy it yourself.",
  "tokens.none": "No API tokens yet.",
  "tokens.columnName": "Name",
  "tokens.columnCreator": "Made by",
  "tokens.columnExpires": "Expires",
  "tokens.columnLastUsed": "Last used",
  "tokens.columnActions": "Actions",
  "tokens.never": "never",
  "tokens.expired": "expired",
  "tokens.revoke": "Revoke",
  "tokens.revokeConfirm": "Revoke {name}? Requests with it are refused at once.",
  "tokens.revoked": "Token {name} revoked.",
  "tokens.invalidName": "Give the token a name of 1 to 100 characters.",
  "tokens.invalidExpiry": "Choose a whole number of days from 1 to 365.",
});
setStrings("es", {
  "tokens.heading": "Tokens de API",
  "tokens.intro": "Un token actúa como el administrador que lo creó, con el rol que tenga en cada solicitud. Envíalo como Authorization: Bearer <token>.",
  "tokens.name": "Nombre del token",
  "tokens.days": "Caduca en (días, 1–365)",
  "tokens.create": "Crear token",
  "tokens.created": "Copia este token ahora: no se vuelve a mostrar.",
  "tokens.copy": "Copiar token",
  "tokens.copied": "Copiado.",
  "tokens.copyFailed": "No se pudo copiar: selecciona el token y cópialo tú.",
  "tokens.none": "Aún no hay tokens de API.",
  "tokens.columnName": "Nombre",
  "tokens.columnCreator": "Creado por",
  "tokens.columnExpires": "Caduca",
  "tokens.columnLastUsed": "Último uso",
  "tokens.columnActions": "Acciones",
  "tokens.never": "nunca",
  "tokens.expired": "caducado",
  "tokens.revoke": "Revocar",
  "tokens.revokeConfirm": "¿Revocar {name}? Las solicitudes con él se rechazan en el acto.",
  "tokens.revoked": "Token {name} revocado.",
  "tokens.invalidName": "Ponle al token un nombre de 1 a 100 caracteres.",
  "tokens.invalidExpiry": "Elige un número entero de días de 1 a 365.",
});
setStrings("pt", {
  "tokens.heading": "Tokens de API",
  "tokens.intro": "Um token age como o administrador que o criou, com o papel que ele tiver a cada requisição. Envie-o como Authorization: Bearer <token>.",
  "tokens.name": "Nome do token",
  "tokens.days": "Expira em (dias, 1–365)",
  "tokens.create": "Criar token",
  "tokens.created": "Copie este token agora: ele não será mostrado de novo.",
  "tokens.copy": "Copiar token",
  "tokens.copied": "Copiado.",
  "tokens.copyFailed": "Não foi possível copiar: selecione o token e copie-o você mesmo.",
  "tokens.none": "Ainda não há tokens de API.",
  "tokens.columnName": "Nome",
  "tokens.columnCreator": "Criado por",
  "tokens.columnExpires": "Expira",
  "tokens.columnLastUsed": "Último uso",
  "tokens.columnActions": "Ações",
  "tokens.never": "nunca",
  "tokens.expired": "expirado",
  "tokens.revoke": "Revogar",
  "tokens.revokeConfirm": "Revogar {name}? As requisições com ele são recusadas na hora.",
  "tokens.revoked": "Token {name} revogado.",
  "tokens.invalidName": "Dê ao token um nome de 1 a 100 caracteres.",
  "tokens.invalidExpiry": "Escolha um número inteiro de dias de 1 a 365.",
});

/** A column header that follows the page's language. */
const th = (t, key) => h("th", { scope: "col", "data-i18n": key }, t(key));

/**
 * The card. `api(method, path, body)` is the people views' fetch ({ ok, status, body }),
 * `t(key, params)` their translation, `card(headingKey, ...children)` and `field(labelKey,
 * attributes)` their builders. Returns { section, refresh }.
 */
export function apiTokensCard({ api, t, card, field }) {
  const when = (iso) => new Date(iso).toLocaleString(document.documentElement.lang);
  const status = h("p", { class: "policy-status", role: "status" });
  const body = h("tbody");
  const table = h("table", { class: "token-list", hidden: true },
    h("thead", {}, h("tr", {}, ...["columnName", "columnCreator", "columnExpires", "columnLastUsed", "columnActions"].map((key) => th(t, `tokens.${key}`)))),
    body);
  const empty = h("p", { "data-i18n": "tokens.none" }, t("tokens.none"));
  const [nameField, name] = field("tokens.name", { type: "text", name: "name", required: true, maxlength: 100, autocomplete: "off" });
  const [daysField, days] = field("tokens.days", { type: "number", name: "expiresInDays", required: true, min: 1, max: 365, step: 1, inputmode: "numeric", value: 30 });
  const form = h("form", { novalidate: true, "data-create-token": "", class: "grid" }, nameField, daysField,
    h("div", {}, h("button", { type: "submit", "data-i18n": "tokens.create" }, t("tokens.create"))));
  const created = h("div", { "data-new-token": "", hidden: true });

  for (const input of [name, days]) input.addEventListener("input", () => input.removeAttribute("aria-invalid"));

  function showNewToken(token) {
    const code = h("code", { "data-token": "", class: "token-secret" }, token);
    const copy = h("button", { type: "button", "data-copy-token": "" }, t("tokens.copy"));
    copy.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(token);
        status.textContent = t("tokens.copied");
      } catch {
        // Without clipboard access, select the text so Ctrl+C copies it.
        getSelection()?.selectAllChildren(code);
        status.textContent = t("tokens.copyFailed");
      }
    });
    created.replaceChildren(h("p", {}, t("tokens.created")), h("p", {}, code, " ", copy));
    created.hidden = false;
    copy.focus();
  }

  async function refresh() {
    const answer = await api("GET", "/tokens");
    if (!answer.ok) return (status.textContent = t("people.failed", answer));
    const tokens = answer.body.tokens;
    body.replaceChildren(
      ...tokens.map((token) => {
        const revoke = h("button", { type: "button", "aria-label": `${t("tokens.revoke")}: ${token.name}` }, t("tokens.revoke"));
        revoke.addEventListener("click", async () => {
          if (!confirm(t("tokens.revokeConfirm", { name: token.name }))) return;
          const revoked = await api("DELETE", `/tokens/${token.id}`);
          status.textContent = revoked.ok || revoked.status === 404 ? t("tokens.revoked", { name: token.name }) : t("people.failed", revoked);
          await refresh();
        });
        const expires = token.expired ? `${when(token.expiresAt)} (${t("tokens.expired")})` : when(token.expiresAt);
        return h("tr", { "data-token-id": token.id },
          h("td", {}, token.name),
          h("td", {}, token.creator.email),
          h("td", {}, expires),
          h("td", {}, token.lastUsedAt ? when(token.lastUsedAt) : t("tokens.never")),
          h("td", {}, revoke));
      }),
    );
    table.hidden = tokens.length === 0;
    empty.hidden = tokens.length > 0;
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    created.hidden = true;
    created.replaceChildren();
    const answer = await api("POST", "/tokens", { name: name.value, expiresInDays: Number(days.value) });
    if (!answer.ok) {
      const invalid = { invalid_name: [name, "tokens.invalidName"], invalid_expiry: [days, "tokens.invalidExpiry"] }[answer.body?.error];
      if (invalid) {
        invalid[0].setAttribute("aria-invalid", "true");
        invalid[0].focus();
      }
      status.textContent = invalid ? t(invalid[1]) : answer.body?.message ?? t("people.failed", answer);
      return;
    }
    status.textContent = "";
    name.value = "";
    showNewToken(answer.body.token);
    await refresh();
  });

  const intro = h("p", { class: "hint", "data-i18n": "tokens.intro" }, t("tokens.intro"));
  const section = card("tokens.heading", intro, table, empty, status, form, created);
  section.dataset.apiTokens = "";
  return { section, refresh };
}
