/** Escape text for HTML element content and double-quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/**
 * Wrap already-escaped body HTML in the broker's minimal page: no external resources, no scripts.
 * `title` (plain text, escaped here) defaults to "netID dev broker"; the embedded Duende-style
 * provider passes its own.
 */
export function renderPage(bodyHtml: string, title = 'netID dev broker'): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body{font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.4rem}code{background:#f3f3f3;padding:0 .25rem}
form{margin:1rem 0}select,button{font-size:1rem;padding:.4rem .8rem}select{max-width:100%}
.hint{color:#666;font-size:.9rem}
</style>
</head>
<body>
${bodyHtml}
</body>
</html>
`;
}
