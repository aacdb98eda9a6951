/** Branded transactional email: one layout for every message, as text and as HTML. */
export interface EmailBranding {
  businessName: string;
  primaryColor: string;
}

export interface EmailContent {
  subject: string;
  greeting: string;
  paragraphs: string[];
  action?: { label: string; url: string };
  /** Text to keep exactly as it is (a digest's JSON): its own lines in the text part, a `<pre>` in the HTML. */
  block?: string;
  footnote?: string;
}

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function renderEmail(branding: EmailBranding, content: EmailContent): { subject: string; text: string; html: string } {
  const subject = `${content.subject} · ${branding.businessName}`;
  const text = [
    content.greeting,
    '',
    ...content.paragraphs.flatMap((p) => [p, '']),
    ...(content.block ? [content.block, ''] : []),
    ...(content.action ? [`${content.action.label}: ${content.action.url}`, ''] : []),
    ...(content.footnote ? [content.footnote, ''] : []),
    `— ${branding.businessName}`,
  ].join('\n');
  const color = /^#[0-9a-f]{6}$/i.test(branding.primaryColor) ? branding.primaryColor : '#2f5bd3';
  const html = `<!doctype html><html><body style="margin:0;background:#f5f6f8;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1d2330">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td align="center" style="padding:32px 16px">
<table role="presentation" width="560" cellpadding="0" cellspacing="0" style="max-width:560px;background:#fff;border-radius:12px;border:1px solid #e3e6ec">
<tr><td style="padding:20px 28px;border-bottom:4px solid ${color};font-weight:700;font-size:18px">${escapeHtml(branding.businessName)}</td></tr>
<tr><td style="padding:28px">
<p style="margin:0 0 16px">${escapeHtml(content.greeting)}</p>
${content.paragraphs.map((p) => `<p style="margin:0 0 16px;line-height:1.5">${escapeHtml(p)}</p>`).join('\n')}
${content.block ? `<pre style="margin:0 0 16px;padding:12px;background:#f5f6f8;border-radius:8px;font-size:12px;white-space:pre-wrap;word-break:break-all">${escapeHtml(content.block)}</pre>` : ''}
${content.action ? `<p style="margin:24px 0"><a href="${escapeHtml(content.action.url)}" style="background:${color};color:#fff;padding:12px 20px;border-radius:8px;text-decoration:none;font-weight:600">${escapeHtml(content.action.label)}</a></p>
<p style="margin:0 0 16px;font-size:13px;color:#5b6475">Or paste this link into your browser: ${escapeHtml(content.action.url)}</p>` : ''}
${content.footnote ? `<p style="margin:16px 0 0;font-size:13px;color:#5b6475">${escapeHtml(content.footnote)}</p>` : ''}
</td></tr></table></td></tr></table></body></html>`;
  return { subject, text, html };
}
