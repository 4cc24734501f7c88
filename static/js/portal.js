// Progressive enhancement only: every page works without this script.
import { initAll } from "../dist/govuk-frontend.min.js";
import { initPrintButtons } from "./print-page.js";
import { initSessionTimeout } from "./session-timeout.js";
import { initWordingAdvice } from "./wording-advice.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
initPrintButtons(document);
initWordingAdvice(document);
const timeoutDialog = document.querySelector("[data-module='app-session-timeout']");
if (timeoutDialog) {
  initSessionTimeout(timeoutDialog);
}
