import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';

// A private instance, so nothing here changes the global `marked` another module may use.
const markdown = new Marked({ gfm: true, breaks: false, async: false });

const LINK_REL = 'noopener nofollow';
const HTTPS_URL = /^\s*https:\/\//i;

const lessonHtmlOptions: sanitizeHtml.IOptions = {
  allowedTags: [
    'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'br', 'hr',
    'ul', 'ol', 'li', 'blockquote', 'pre', 'code', 'em', 'strong', 'del',
    'a', 'img', 'table', 'thead', 'tbody', 'tr', 'th', 'td',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'target', 'rel'],
    img: ['src', 'alt', 'title', 'width', 'height'],
    code: ['class'],
    th: ['align'],
    td: ['align'],
    ol: ['start'],
  },
  allowedClasses: { code: ['language-*'] },
  allowedSchemes: ['https', 'http', 'mailto'],
  allowedSchemesByTag: { img: ['https'] },
  allowedSchemesAppliedToAttributes: ['href', 'src'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: {
    a: (tagName, attribs) => {
      const { target, ...rest } = attribs;
      return {
        tagName,
        attribs: { ...rest, rel: LINK_REL, ...(target === '_blank' ? { target } : {}) },
      };
    },
    // Relative image URLs carry no scheme, so the scheme allow-list alone would let them through.
    img: (tagName, attribs) => {
      const { src, ...rest } = attribs;
      return { tagName, attribs: src !== undefined && HTTPS_URL.test(src) ? { ...rest, src } : rest };
    },
  },
  exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs.src,
};

/** Renders lesson markdown (raw HTML included) to HTML that is safe to insert into a page. */
export function renderLessonMarkdown(md: string): string {
  const html = markdown.parse(md, { async: false });
  return sanitizeHtml(html, lessonHtmlOptions);
}

const plainTextOptions: sanitizeHtml.IOptions = {
  allowedTags: [],
  allowedAttributes: {},
  disallowedTagsMode: 'discard',
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'title'],
};

const decodeEscapes = (s: string): string =>
  s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');

/**
 * Plain text for titles and descriptions: all tags are stripped (script/style contents dropped),
 * entities are decoded, horizontal whitespace is collapsed and the ends trimmed.
 *
 * The result is text, not HTML: renderers must still escape it (Lit, Astro and JSON do).
 * Entity-encoded markup (`&lt;script&gt;`) is decoded and stripped again until nothing changes,
 * and a `<` that could still open a tag is dropped, so the output never holds a tag even if it
 * is mistakenly inserted as HTML. A lone `<` as in `a < b` is kept.
 */
export function sanitizePlainText(s: string): string {
  let text = s;
  for (let i = 0; i < 5; i++) {
    const next = decodeEscapes(sanitizeHtml(text, plainTextOptions));
    if (next === text) break;
    text = next;
  }
  return text
    .replace(/<(?=[a-z!/?])/gi, '')
    .replace(/[\u0000-\u0008\u000e-\u001f\u007f]/g, '')
    .replace(/[^\S\n]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .trim();
}
