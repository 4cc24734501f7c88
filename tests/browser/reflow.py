"""Reflow checks run in the page (WCAG 1.4.10 and 1.4.4): nothing wider than
the screen, and charts whose words stay readable.

A 320 CSS px wide viewport is what a 1280 px screen shows at 400% zoom, so the
same checks cover both. Each problem names the element by a short selector and
its first words, so a failure says where to look.
"""

from playwright.sync_api import Page

# Shared by both checks: a short, readable selector for an element.
_SELECTOR = """
const selectorOf = (element) => {
  const parts = [];
  for (let e = element; e && e !== document.body && parts.length < 4; e = e.parentElement) {
    let part = e.tagName.toLowerCase();
    if (e.id) { parts.unshift(`${part}#${e.id}`); break; }
    const classes = [...e.classList].filter((c) => !c.startsWith('govuk-!-')).slice(0, 2);
    if (classes.length) part += '.' + classes.join('.');
    const siblings = e.parentElement
      ? [...e.parentElement.children].filter((s) => s.tagName === e.tagName) : [];
    if (siblings.length > 1) part += `:nth-of-type(${siblings.indexOf(e) + 1})`;
    parts.unshift(part);
  }
  const words = (element.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 40);
  return parts.join(' > ') + (words ? ` "${words}"` : '');
};
"""

# The page does not scroll sideways; no element reaches past the screen's
# edges, whether it makes the page scroll or is cut off by a box around it;
# and no box scrolls sideways inside the page (a wide table in a scrolling
# region still makes its reader scroll in two directions).
OVERFLOW = (
    "() => {"
    + _SELECTOR
    + """
  const width = document.documentElement.clientWidth;
  const TWO_DIMENSIONAL = '.app-table-scroll--two-dimensional';
  const scroller = document.scrollingElement;
  const problems = [];
  if (scroller.scrollWidth > scroller.clientWidth) {
    problems.push(`the page scrolls sideways by ${scroller.scrollWidth - scroller.clientWidth}px`);
  }
  const hidden = (e) => {
    // Visually hidden text (1 px, clipped) and closed disclosures are not shown.
    const r = e.getBoundingClientRect();
    return r.width <= 1 || r.height <= 1 || e.closest('details:not([open]) > :not(summary)');
  };
  const overflows = (e) => {
    const r = e.getBoundingClientRect();
    return r.right > width + 0.5 || r.left < -0.5;
  };
  for (const e of document.body.querySelectorAll('*')) {
    const style = getComputedStyle(e);
    if (style.display === 'none' || style.visibility === 'hidden' || hidden(e)) continue;
    if (['auto', 'scroll'].includes(style.overflowX) && e.scrollWidth > e.clientWidth + 1
        && !e.matches(TWO_DIMENSIONAL)) {
      problems.push(`${selectorOf(e)} scrolls sideways by ${e.scrollWidth - e.clientWidth}px`);
      continue;
    }
    // Report the outermost element that reaches past the edge, not each of its children.
    if (!overflows(e) || (e.parentElement && overflows(e.parentElement))) continue;
    const r = e.getBoundingClientRect();
    const past = Math.round(Math.max(r.right - width, -r.left));
    let clip = e.parentElement;
    while (clip && clip !== document.body && getComputedStyle(clip).overflowX === 'visible') {
      clip = clip.parentElement;
    }
    if (!clip || clip === document.body) {
      problems.push(`${selectorOf(e)} reaches ${past}px past the screen`);
    } else if (!hidden(clip) && !['auto', 'scroll'].includes(getComputedStyle(clip).overflowX)) {
      // A box that scrolls is reported above; one that hides its overflow cuts this off.
      problems.push(`${selectorOf(e)} is cut off ${past}px past the screen`);
    }
  }
  return problems;
}"""
)

# Every chart's words at least 12 px on the screen (an SVG's text shrinks with
# its viewBox, so its font size is scaled by the drawing's transform) and in a
# sans-serif font; every chart with its figures as a table beside it.
CHARTS = (
    "() => {"
    + _SELECTOR
    + """
  const problems = [];
  const charts = [...document.querySelectorAll('.app-chart, svg')].filter(
    (e) => e.querySelector('text') || e.classList.contains('app-chart'));
  const shown = (e) => e.getClientRects().length > 0
    && getComputedStyle(e).visibility !== 'hidden';
  for (const chart of charts) {
    const figure = chart.closest('figure, .report-chart') || chart;
    if (!figure.querySelector('table, .report-trend')) {
      problems.push(`${selectorOf(chart)} has no table of its figures`);
    }
    if (!shown(chart)) continue;
    const texts = [...chart.querySelectorAll('text')];
    if (chart.tagName.toLowerCase() !== 'svg') {
      texts.push(...[...chart.querySelectorAll('*')].filter(
        (e) => !e.closest('svg') && [...e.childNodes].some(
          (n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim())));
    }
    for (const text of texts) {
      if (!shown(text) || text.closest('table, details, .govuk-visually-hidden')) continue;
      const style = getComputedStyle(text);
      const matrix = text.getScreenCTM ? text.getScreenCTM() : null;
      const scale = matrix ? Math.hypot(matrix.a, matrix.b) : 1;
      const size = parseFloat(style.fontSize) * scale;
      const family = style.fontFamily;
      if (size < 12 - 0.05) {
        problems.push(`${selectorOf(text)} is ${size.toFixed(1)}px`);
      }
      if (!/sans-serif/i.test(family) || /^["']?(serif|times|gds transport)/i.test(family)) {
        problems.push(`${selectorOf(text)} is in ${family}`);
      }
    }
  }
  return problems;
}"""
)


def overflow_problems(page: Page) -> list[str]:
    """What reaches past the screen's sides or scrolls sideways, by selector."""
    return list(page.evaluate(OVERFLOW))


def chart_problems(page: Page) -> list[str]:
    """Chart words under 12 px or not sans-serif; charts without a table."""
    return list(page.evaluate(CHARTS))


def reflow_problems(page: Page) -> list[str]:
    return overflow_problems(page) + chart_problems(page)
