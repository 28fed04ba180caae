// The standalone demo: registers the elements straight from the package and logs their events.
import "/pkg/elements/define.js";

const log = document.getElementById("events");
for (const type of ["policy-password-change", "policy-origins-change", "policy-token-change"]) {
  document.addEventListener(type, (event) => {
    const { report } = event.detail;
    log.textContent = `${type}: ok=${report.ok}, ${report.issues.length} issue(s)\n${log.textContent}`.slice(0, 2000);
  });
}
document.getElementById("signup").addEventListener("submit", (event) => event.preventDefault());
