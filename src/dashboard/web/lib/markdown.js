// Artifacts are Markdown written by agents: rendered with marked, then sanitised with DOMPurify before they
// reach the page. This is the only place the page turns store text into markup. Both libraries load the first
// time an artifact is shown, so the first load of the page stays small.

let loading = null;

function load() {
  loading ??= Promise.all([import('../vendor/marked.js'), import('../vendor/purify.js')]).then(([{ marked }, { default: DOMPurify }]) => {
    // Links open outside the dashboard and never hand it the referrer or a window handle.
    DOMPurify.addHook('afterSanitizeAttributes', (node) => {
      if (node.tagName === 'A' && node.getAttribute('href')) {
        node.setAttribute('target', '_blank');
        node.setAttribute('rel', 'noopener noreferrer');
      }
    });
    return { marked, DOMPurify };
  });
  return loading;
}

/** Markdown to safe HTML: no script, no event handlers, no forms, no styles, no frames. */
export async function renderMarkdown(text) {
  const { marked, DOMPurify } = await load();
  const raw = marked.parse(text, { async: false, gfm: true, breaks: false });
  return DOMPurify.sanitize(raw, {
    USE_PROFILES: { html: true },
    FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'iframe', 'object', 'embed'],
    FORBID_ATTR: ['style'],
  });
}
