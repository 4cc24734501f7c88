// A "Print" button for pages worth printing (new recovery codes); hidden
// without JavaScript, where the browser's own print command does the same.
export function initPrintButtons(root) {
  for (const button of root.querySelectorAll("[data-module='app-print-page']")) {
    button.hidden = false;
    button.addEventListener("click", () => window.print());
  }
}
