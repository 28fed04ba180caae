// The admin page's people views: the invitation page (#invite=<token>), the "change your
// password" and "two-factor authentication" cards every signed-in member gets (enrolment
// with a QR code the server draws), and the "Members" and "API tokens" (api-tokens.js) cards
// admins get. New passwords are typed into <policy-password> under the stored policy, so the
// checklist and the meter are live; the server checks again with the same core and its 422
// issues are put back on the field. Loaded by people-start.js when one of them is needed.
import { setStrings, text } from "../js/elements/index.js";
import { h } from "../js/elements/dom.js";
import { apiTokensCard } from "./api-tokens.js";
import { followSignIn } from "./people-start.js";

setStrings("en", {
  "people.inviteHeading": "Join policy-widget",
  "people.firstAdminHeading": "Create the first admin",
  "people.inviteFor": "Choose a password for {email}.",
  "people.inviteGone": "This invitation does not exist, was used, or has expired. Ask an admin for a new one.",
  "people.email": "Email",
  "people.name": "Name",
  "people.newPassword": "New password",
  "people.currentPassword": "Current password",
  "people.setPassword": "Set password and sign in",
  "people.passwordHeading": "Change your password",
  "people.changePassword": "Change password",
  "people.passwordChanged": "Password changed. Your other sessions were signed out.",
  "people.wrongCurrent": "The current password is wrong.",
  "people.membersHeading": "Members",
  "people.role": "Role",
  "people.roleAdmin": "Admin",
  "people.roleMember": "Member",
  "people.invite": "Invite",
  "people.invited": "Invitation for {email}, shown only now (valid until {expires}):",
  "people.remove": "Remove",
  "people.removeConfirm": "Remove {email}? Their sessions end at once.",
  "people.statusInvited": "invited",
  "people.lastAdmin": "There must be at least one admin.",
  "people.emailTaken": "A member with this email exists.",
  "people.failed": "That did not work ({status}).",
  "people.signedInAs": "Signed in as {email} ({role}).",
  "people.signOut": "Sign out",
  "people.twoFactorHeading": "Two-factor authentication",
  "people.twoFactorOn": "On: sign-ins ask for a code from your authenticator app.",
  "people.twoFactorOff": "Off.",
  "people.twoFactorStart": "Set up an authenticator app",
  "people.twoFactorScan": "Scan this QR code with an authenticator app, or type the key, then enter the 6-digit code it shows.",
  "people.key": "Key:",
  "people.code": "Code",
  "people.confirm": "Confirm",
  "people.disable": "Turn off",
  "people.wrongCode": "That code was not accepted.",
  "people.enforced": "Two-factor authentication is required for everyone.",
  "people.recoveryCodes": "Recovery codes, shown only now. Keep them somewhere safe: each one signs you in once without your device.",
  "people.reset2fa": "Reset 2FA",
});
setStrings("es", {
  "people.inviteHeading": "Únete a policy-widget",
  "people.firstAdminHeading": "Crea el primer administrador",
  "people.inviteFor": "Elige una contraseña para {email}.",
  "people.inviteGone": "Esta invitación no existe, ya se usó o caducó. Pide una nueva a un administrador.",
  "people.email": "Correo electrónico",
  "people.name": "Nombre",
  "people.newPassword": "Contraseña nueva",
  "people.currentPassword": "Contraseña actual",
  "people.setPassword": "Guardar la contraseña e iniciar sesión",
  "people.passwordHeading": "Cambia tu contraseña",
  "people.changePassword": "Cambiar la contraseña",
  "people.passwordChanged": "Contraseña cambiada. Se cerraron tus otras sesiones.",
  "people.wrongCurrent": "La contraseña actual no es correcta.",
  "people.membersHeading": "Miembros",
  "people.role": "Rol",
  "people.roleAdmin": "Administrador",
  "people.roleMember": "Miembro",
  "people.invite": "Invitar",
  "people.invited": "Invitación para {email}, visible solo ahora (válida hasta {expires}):",
  "people.remove": "Quitar",
  "people.removeConfirm": "¿Quitar a {email}? Sus sesiones terminan en el acto.",
  "people.statusInvited": "invitado",
  "people.lastAdmin": "Debe quedar al menos un administrador.",
  "people.emailTaken": "Ya hay un miembro con este correo.",
  "people.failed": "No funcionó ({status}).",
  "people.signedInAs": "Sesión iniciada como {email} ({role}).",
  "people.signOut": "Cerrar sesión",
  "people.twoFactorHeading": "Autenticación en dos pasos",
  "people.twoFactorOn": "Activada: al iniciar sesión se pide un código de tu app de autenticación.",
  "people.twoFactorOff": "Desactivada.",
  "people.twoFactorStart": "Configurar una app de autenticación",
  "people.twoFactorScan": "Escanea este código QR con una app de autenticación, o escribe la clave, y luego introduce el código de 6 dígitos que muestra.",
  "people.key": "Clave:",
  "people.code": "Código",
  "people.confirm": "Confirmar",
  "people.disable": "Desactivar",
  "people.wrongCode": "No se aceptó ese código.",
  "people.enforced": "La autenticación en dos pasos es obligatoria para todos.",
  "people.recoveryCodes": "Códigos de recuperación, visibles solo ahora. Guárdalos en un lugar seguro: cada uno te permite entrar una vez sin tu dispositivo.",
  "people.reset2fa": "Restablecer 2FA",
});
setStrings("pt", {
  "people.inviteHeading": "Entre no policy-widget",
  "people.firstAdminHeading": "Crie o primeiro administrador",
  "people.inviteFor": "Escolha uma senha para {email}.",
  "people.inviteGone": "Este convite não existe, já foi usado ou expirou. Peça um novo a um administrador.",
  "people.email": "E-mail",
  "people.name": "Nome",
  "people.newPassword": "Nova senha",
  "people.currentPassword": "Senha atual",
  "people.setPassword": "Definir a senha e entrar",
  "people.passwordHeading": "Troque sua senha",
  "people.changePassword": "Trocar a senha",
  "people.passwordChanged": "Senha trocada. Suas outras sessões foram encerradas.",
  "people.wrongCurrent": "A senha atual está errada.",
  "people.membersHeading": "Membros",
  "people.role": "Papel",
  "people.roleAdmin": "Administrador",
  "people.roleMember": "Membro",
  "people.invite": "Convidar",
  "people.invited": "Convite para {email}, mostrado só agora (válido até {expires}):",
  "people.remove": "Remover",
  "people.removeConfirm": "Remover {email}? As sessões dele terminam na hora.",
  "people.statusInvited": "convidado",
  "people.lastAdmin": "Precisa haver pelo menos um administrador.",
  "people.emailTaken": "Já existe um membro com este e-mail.",
  "people.failed": "Não deu certo ({status}).",
  "people.signedInAs": "Conectado como {email} ({role}).",
  "people.signOut": "Sair",
  "people.twoFactorHeading": "Autenticação em duas etapas",
  "people.twoFactorOn": "Ativada: ao entrar, pede-se um código do seu app autenticador.",
  "people.twoFactorOff": "Desativada.",
  "people.twoFactorStart": "Configurar um app autenticador",
  "people.twoFactorScan": "Leia este código QR com um app autenticador, ou digite a chave, e depois informe o código de 6 dígitos que ele mostra.",
  "people.key": "Chave:",
  "people.code": "Código",
  "people.confirm": "Confirmar",
  "people.disable": "Desativar",
  "people.wrongCode": "Esse código não foi aceito.",
  "people.enforced": "A autenticação em duas etapas é obrigatória para todos.",
  "people.recoveryCodes": "Códigos de recuperação, mostrados só agora. Guarde-os em lugar seguro: cada um permite entrar uma vez sem o seu dispositivo.",
  "people.reset2fa": "Redefinir 2FA",
});

const root = document.documentElement;
const t = (key, params) => text(root, key, params);
let csrfToken = null;

/** fetch() on /api with JSON, the CSRF token and the page's language: { ok, status, body }. */
async function api(method, path, body) {
  const response = await fetch(`/api${path}`, {
    method,
    credentials: "same-origin",
    headers: {
      Accept: "application/json",
      "Accept-Language": root.lang,
      ...(body !== undefined && { "Content-Type": "application/json" }),
      ...(method !== "GET" && csrfToken && { "X-CSRF-Token": csrfToken }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const parsed = await response.json().catch(() => null);
  return { ok: response.ok, status: response.status, body: parsed };
}

let fieldCount = 0;
/** A labelled field: [wrapper, input]. */
function field(labelKey, attributes) {
  const id = `people-field-${++fieldCount}`;
  const input = h("input", { id, ...attributes });
  const label = h("label", { for: id, "data-i18n": labelKey }, t(labelKey));
  return [h("div", { class: "policy-field" }, label, input), input];
}

/** A <policy-password> around a new-password input, under `policy`, with `userInputs`. */
function newPasswordField(policy, userInputs) {
  const [wrapper, input] = field("people.newPassword", { type: "password", name: "newPassword", required: true, autocomplete: "new-password" });
  const element = document.createElement("policy-password");
  element.policy = policy;
  element.userInputs = userInputs;
  const label = wrapper.querySelector("label");
  wrapper.replaceChildren(element);
  element.append(label, input);
  const serverError = h("p", { class: "policy-error", role: "alert", hidden: true, "data-server-issues": "" });
  wrapper.append(serverError);
  input.addEventListener("input", () => {
    serverError.hidden = true;
    input.removeAttribute("aria-invalid");
  });
  return {
    wrapper,
    input,
    element,
    /** Puts the server's 422 issues on the field. */
    showIssues(issues) {
      const messages = issues.filter((issue) => issue.severity !== "warning").map((issue) => issue.message);
      serverError.replaceChildren(...messages.map((message) => h("span", { "data-code": "" }, message, " ")));
      for (const [index, issue] of issues.entries()) serverError.children[index]?.setAttribute("data-code", issue.code);
      serverError.hidden = messages.length === 0;
      input.setAttribute("aria-invalid", "true");
      input.focus();
    },
  };
}

function card(headingKey, ...children) {
  const id = `people-${headingKey.replace(/\W/g, "-")}`;
  return h("section", { class: "card", "aria-labelledby": id }, h("h2", { id, "data-i18n": headingKey }, t(headingKey)), ...children);
}

/** The invitation page: `#invite=<token>`. */
export async function invitationPage(token, main, settingsForm) {
  settingsForm.hidden = true;
  const status = h("p", { class: "policy-status", role: "status" });
  const found = await api("GET", `/invitations/${encodeURIComponent(token)}`);
  if (!found.ok) {
    status.textContent = t("people.inviteGone");
    main.append(card("people.inviteHeading", status));
    return;
  }
  const invitation = found.body;
  const form = h("form", { novalidate: true, "data-invitation": "" });
  let emailInput = null;
  let nameInput = null;
  if (invitation.firstAdmin) {
    const [emailField, email] = field("people.email", { type: "email", name: "email", required: true, autocomplete: "username" });
    const [nameField, name] = field("people.name", { type: "text", name: "name", required: true, autocomplete: "name" });
    [emailInput, nameInput] = [email, name];
    form.append(emailField, nameField);
  } else {
    form.append(h("p", {}, t("people.inviteFor", { email: invitation.email })));
  }
  const password = newPasswordField(invitation.passwordPolicy, [invitation.email, invitation.name].filter(Boolean));
  const follow = () => (password.element.userInputs = [emailInput.value, nameInput.value].filter(Boolean));
  emailInput?.addEventListener("input", follow);
  nameInput?.addEventListener("input", follow);
  form.append(password.wrapper, status, h("button", { type: "submit", class: "primary" }, t("people.setPassword")));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = { token, password: password.input.value };
    if (emailInput) Object.assign(body, { email: emailInput.value, name: nameInput.value });
    const answer = await api("POST", "/invitations/accept", body);
    if (answer.status === 422 && answer.body?.error === "invalid_password") return password.showIssues(answer.body.issues);
    if (!answer.ok) {
      status.textContent = answer.status === 404 ? t("people.inviteGone") : answer.body?.message ?? t("people.failed", answer);
      return;
    }
    // The token leaves the address bar and history either way.
    history.replaceState(null, "", "/");
    if (answer.body?.next === "totp" || answer.body?.next === "totp_setup") {
      // 2FA is enforced: the settings form's sign-in carries on with the code (and the QR code).
      section.remove();
      followSignIn(main, settingsForm);
      settingsForm.hidden = false;
      settingsForm.continueSignIn(answer.body);
      return;
    }
    // Signed in: the page starts over.
    location.reload();
  });
  const section = card(invitation.firstAdmin ? "people.firstAdminHeading" : "people.inviteHeading", form);
  main.append(section);
}

/**
 * "Change your password", for the signed-in member `me`: a button that opens the form, so the
 * page holds one <policy-password> (the settings' sample) until it is wanted.
 */
function passwordCard(me) {
  const open = h("button", { type: "button", "data-open-change-password": "" }, t("people.changePassword"));
  const section = card("people.passwordHeading", open);
  open.addEventListener("click", () => {
    open.replaceWith(passwordForm(me));
    section.querySelector("input")?.focus();
  });
  return section;
}

function passwordForm(me) {
  const [currentField, current] = field("people.currentPassword", { type: "password", name: "currentPassword", required: true, autocomplete: "current-password" });
  const password = newPasswordField(me.passwordPolicy ?? {}, [me.email, me.name]);
  const status = h("p", { class: "policy-status", role: "status" });
  const form = h("form", { novalidate: true, "data-change-password": "" }, currentField, password.wrapper, status, h("button", { type: "submit" }, t("people.changePassword")));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const answer = await api("POST", "/me/password", { currentPassword: current.value, newPassword: password.input.value });
    if (answer.status === 422 && answer.body?.error === "invalid_password") return password.showIssues(answer.body.issues);
    if (answer.status === 401 && answer.body?.error === "invalid_credentials") {
      current.setAttribute("aria-invalid", "true");
      status.textContent = t("people.wrongCurrent");
      return;
    }
    if (!answer.ok) return (status.textContent = t("people.failed", answer));
    current.value = "";
    password.input.value = "";
    password.element.check();
    status.textContent = t("people.passwordChanged");
  });
  return form;
}

/** The server's QR code (an SVG document), parsed as SVG, never as HTML. */
function qrCode(svgText, label) {
  const svg = new DOMParser().parseFromString(svgText ?? "", "image/svg+xml").documentElement;
  if (svg?.nodeName !== "svg") return h("span");
  const node = document.importNode(svg, true);
  node.setAttribute("role", "img");
  node.setAttribute("aria-label", label);
  return h("div", { class: "policy-totp-qr" }, node);
}

/** "Two-factor authentication" in the profile: enrol with a QR code, or turn it off. */
function twoFactorCard(me) {
  const body = h("div", { "data-two-factor": "" });
  const status = h("p", { class: "policy-status", role: "status" });
  const codeForm = (buttonKey, onCode) => {
    const [codeField, code] = field("people.code", { type: "text", inputmode: "numeric", autocomplete: "one-time-code", name: "code" });
    const form = h("form", { novalidate: true }, codeField, h("button", { type: "submit" }, t(buttonKey)));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      await onCode(code.value.trim(), code);
    });
    return form;
  };
  const showOff = () => {
    const start = h("button", { type: "button" }, t("people.twoFactorStart"));
    start.addEventListener("click", async () => {
      const answer = await api("POST", "/me/two-factor");
      if (!answer.ok) return (status.textContent = t("people.failed", answer));
      body.replaceChildren(
        h("p", {}, t("people.twoFactorScan")),
        qrCode(answer.body.qrSvg, answer.body.otpauthUri),
        h("p", {}, t("people.key"), " ", h("code", { "data-totp-key": "" }, answer.body.secret)),
        codeForm("people.confirm", async (code, input) => {
          const confirmed = await api("POST", "/me/two-factor/confirm", { code });
          if (!confirmed.ok) {
            input.setAttribute("aria-invalid", "true");
            return (status.textContent = t("people.wrongCode"));
          }
          status.textContent = "";
          body.replaceChildren(
            h("p", {}, t("people.recoveryCodes")),
            h("ul", { "data-recovery-codes": "" }, ...confirmed.body.recoveryCodes.map((c) => h("li", {}, h("code", {}, c)))),
            h("p", {}, t("people.twoFactorOn")),
          );
        }),
      );
    });
    body.replaceChildren(h("p", {}, t("people.twoFactorOff")), start);
  };
  const showOn = () => {
    body.replaceChildren(
      h("p", {}, t("people.twoFactorOn")),
      codeForm("people.disable", async (code, input) => {
        const removed = await api("DELETE", "/me/two-factor", { code });
        if (removed.status === 409) return (status.textContent = t("people.enforced"));
        if (!removed.ok) {
          input.setAttribute("aria-invalid", "true");
          return (status.textContent = t("people.wrongCode"));
        }
        status.textContent = "";
        showOff();
      }),
    );
  };
  if (me.twoFactor?.enabled) showOn();
  else showOff();
  return card("people.twoFactorHeading", body, status);
}

/** The "Members" card for admins. */
function membersCard() {
  const list = h("table", { class: "people-members" });
  const status = h("p", { class: "policy-status", role: "status" });
  const [emailField, email] = field("people.email", { type: "email", name: "email", required: true });
  const [nameField, name] = field("people.name", { type: "text", name: "name", required: true });
  const role = h("select", { name: "role", id: "people-invite-role" },
    h("option", { value: "member" }, t("people.roleMember")),
    h("option", { value: "admin" }, t("people.roleAdmin")));
  const roleField = h("div", { class: "policy-field" }, h("label", { for: role.id }, t("people.role")), role);
  const invitation = h("p", { "data-invitation-url": "", hidden: true });
  const form = h("form", { novalidate: true, "data-invite": "", class: "grid" }, emailField, nameField, roleField, h("div", {}, h("button", { type: "submit" }, t("people.invite"))));
  const explain = (answer) =>
    answer.body?.error === "last_admin" ? t("people.lastAdmin") : answer.body?.error === "email_taken" ? t("people.emailTaken") : answer.body?.message ?? t("people.failed", answer);

  async function refresh() {
    const answer = await api("GET", "/members");
    if (!answer.ok) return (status.textContent = t("people.failed", answer));
    list.replaceChildren(
      ...answer.body.members.map((member) => {
        const select = h("select", { "aria-label": `${t("people.role")}: ${member.email}` },
          h("option", { value: "member" }, t("people.roleMember")),
          h("option", { value: "admin" }, t("people.roleAdmin")));
        select.value = member.role;
        select.addEventListener("change", async () => {
          const changed = await api("PATCH", `/members/${member.id}`, { role: select.value });
          status.textContent = changed.ok ? "" : explain(changed);
          await refresh();
        });
        const remove = h("button", { type: "button", "aria-label": `${t("people.remove")}: ${member.email}` }, t("people.remove"));
        remove.addEventListener("click", async () => {
          if (!confirm(t("people.removeConfirm", { email: member.email }))) return;
          const removed = await api("DELETE", `/members/${member.id}`);
          status.textContent = removed.ok ? "" : explain(removed);
          await refresh();
        });
        const state = member.status === "invited" ? ` (${t("people.statusInvited")})` : "";
        const reset = member.twoFactor?.enabled
          ? h("button", { type: "button", "aria-label": `${t("people.reset2fa")}: ${member.email}` }, t("people.reset2fa"))
          : null;
        reset?.addEventListener("click", async () => {
          const done = await api("POST", `/members/${member.id}/two-factor/reset`);
          status.textContent = done.ok ? "" : explain(done);
          await refresh();
        });
        return h("tr", { "data-member": member.email },
          h("td", {}, member.name), h("td", {}, member.email + state), h("td", {}, select), h("td", {}, remove, reset ? " " : null, reset));
      }),
    );
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const answer = await api("POST", "/members", { email: email.value, name: name.value, role: role.value });
    if (!answer.ok) return (status.textContent = explain(answer));
    status.textContent = "";
    invitation.hidden = false;
    const expires = new Date(answer.body.invitation.expiresAt).toLocaleString(root.lang);
    invitation.replaceChildren(
      t("people.invited", { email: answer.body.member.email, expires }),
      h("br"),
      h("code", { "data-url": "" }, answer.body.invitation.url),
    );
    email.value = "";
    name.value = "";
    await refresh();
  });
  const section = card("people.membersHeading", list, status, form, invitation);
  section.dataset.members = "";
  return { section, refresh };
}

/** The signed-in member's bar and cards; admins get the Members and API tokens cards too. */
export async function signedInViews(main, settingsForm) {
  const session = await api("GET", "/session");
  if (!session.ok || !session.body?.member) return;
  csrfToken = session.body.csrfToken;
  const me = await api("GET", "/me");
  if (!me.ok) return;
  document.querySelector("[data-people]")?.remove();
  const holder = h("div", { "data-people": "" });
  const signOut = h("button", { type: "button", "data-sign-out": "" }, t("people.signOut"));
  signOut.addEventListener("click", async () => {
    await api("DELETE", "/session");
    location.reload();
  });
  const role = t(me.body.role === "admin" ? "people.roleAdmin" : "people.roleMember");
  holder.append(h("p", { class: "people-whoami" }, t("people.signedInAs", { email: me.body.email, role }), " ", signOut));
  if (session.body.role === "admin") {
    const members = membersCard();
    const tokens = apiTokensCard({ api, t, card, field });
    holder.append(members.section, tokens.section);
    await Promise.all([members.refresh(), tokens.refresh()]);
  } else {
    settingsForm.hidden = true;
  }
  holder.append(passwordCard(me.body), twoFactorCard(me.body));
  main.append(holder);
}
