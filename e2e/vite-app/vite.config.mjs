// The default Vite setup a user would have; `build.target` allows the top-level await in main.js.
export default {
  build: { target: "es2022" },
  logLevel: "warn",
};
