// A tiny app that uses the package as an npm dependency through Vite: the elements, their
// stylesheet, and the functions.
import "policy-widget/elements/define";
import "policy-widget/elements/elements.css";
import init, { passwordRules } from "policy-widget";

await init();
document.getElementById("from-function").textContent = passwordRules({ minLength: 10 });
