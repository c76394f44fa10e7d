import MarkdownIt from 'markdown-it';
import { createRequire } from 'node:module';
import type sanitizeHtmlType from 'sanitize-html';

// Loaded on first use (with htmlparser2 and postcss, about 2 MB of heap): an engine that renders no
// lesson does not carry it.
const require = createRequire(import.meta.url);
let sanitizeHtml: typeof sanitizeHtmlType | undefined;

// markdown-it, not marked: marked's inline and block rules take quadratic time or more on inputs such
// as `*a_` repeated (10,000 characters: 10 s of one core; 190,000: longer than an hour) and overflow the
// stack on 5,000 nested `>`, which a teacher's request could send; markdown-it runs the CommonMark
// pathological cases in time proportional to their length and caps nesting (`maxNesting`, 100: what is
// nested deeper is dropped, what follows it is kept). CommonMark with raw HTML (sanitized below), GFM
// tables and strikethrough, and bare https URLs linked.
const markdown = new MarkdownIt({ html: true, linkify: true, breaks: false });
// Every URL becomes a link and the sanitizer alone decides which survive (a `javascript:` link keeps its
// text and loses its href), as for links written in raw HTML: one gate, not two that could disagree.
markdown.validateLink = () => true;

const LINK_REL = 'noopener nofollow';
const HTTPS_URL = /^\s*https:\/\//i;

const lessonHtmlOptions: sanitizeHtmlType.IOptions = {
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
  const html = markdown.render(md);
  sanitizeHtml ??= require('sanitize-html') as typeof sanitizeHtmlType;
  return sanitizeHtml(html, lessonHtmlOptions);
}
