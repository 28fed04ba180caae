// Starts the admin page's people views (people.js) without loading them: the listeners are
// registered at once, and people.js, with api-tokens.js, is fetched only when a view is
// needed: after a sign-in, for a member refused the settings, or on an invitation link. A
// visitor who has not signed in never downloads them (bench/README.md: the interactive budget).

const views = () => import("./people.js");

/** Shows the signed-in member's views once the settings form has signed them in. */
export function followSignIn(main, settingsForm) {
  const show = () => views().then((people) => people.signedInViews(main, settingsForm));
  settingsForm.addEventListener("policy-settings-load", show);
  // A member (not an admin) is refused the settings: show their own views instead.
  settingsForm.addEventListener("policy-settings-error", (event) => {
    if (event.detail?.status === 403) show();
  });
}

/** Starts the people views on the admin page. */
export function startPeople() {
  const main = document.querySelector("main");
  const settingsForm = document.querySelector("policy-settings-form");
  const invite = /^#invite=(.+)$/.exec(location.hash);
  if (invite) {
    settingsForm.hidden = true;
    return views().then((people) => people.invitationPage(decodeURIComponent(invite[1]), main, settingsForm));
  }
  followSignIn(main, settingsForm);
}
