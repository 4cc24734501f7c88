// Progressive enhancement: the plain-English advice beside a public text is
// refreshed as the officer types (without this script, the "Check the wording"
// button shows the same advice). Each slot names its field and the staff
// address that checks a text; a request goes once typing pauses.
const PAUSE_MS = 800;

function watch(slot) {
  const field = document.getElementById(slot.dataset.field);
  const form = field && field.form;
  if (!form) {
    return;
  }
  const token = form.querySelector("input[name='csrfmiddlewaretoken']");
  let timer = null;
  let pending = null;
  field.addEventListener("input", () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(async () => {
      if (pending) {
        pending.abort();
      }
      pending = new AbortController();
      const body = new URLSearchParams({
        text: field.value,
        label: slot.dataset.label,
        advice_id: slot.dataset.adviceId,
        easy_read: slot.dataset.easyRead,
      });
      try {
        const response = await fetch(slot.dataset.wordingUrl, {
          method: "POST",
          body,
          credentials: "same-origin",
          headers: { "X-CSRFToken": token ? token.value : "" },
          signal: pending.signal,
        });
        if (response.ok) {
          // Rendered and escaped by the portal, like the page itself.
          slot.innerHTML = (await response.json()).html;
        }
      } catch {
        // Offline or superseded: the button still checks the wording.
      }
    }, PAUSE_MS);
  });
}

export function initWordingAdvice(root) {
  root.querySelectorAll("[data-wording-url]").forEach(watch);
}
