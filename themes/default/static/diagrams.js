// Draws the page's Mermaid diagrams (`pre.mermaid`, written by guildhall
// from ```mermaid blocks) with the Mermaid build guildhall writes beside
// this file, in the reader's light or dark scheme. `securityLevel: strict`:
// diagrams come from contributors, so no HTML labels and no click handlers.
(() => {
  "use strict";
  const mermaid = window.mermaid;
  if (!mermaid) return;
  const dark = window.matchMedia("(prefers-color-scheme: dark)").matches;
  mermaid.initialize({ startOnLoad: false, securityLevel: "strict", theme: dark ? "dark" : "default" });
  mermaid.run({ querySelector: "pre.mermaid" }).catch((error) => console.warn("guildhall: a diagram could not be drawn:", error));
})();
