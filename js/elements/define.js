// Registers every element under its default tag: <policy-password>, <policy-origins>,
// <policy-token>, <policy-settings-form>. Import the classes from index.js to pick other tags.
import { defineAll } from "./index.js";

export { defineAll };

defineAll();
