import { describe, expect, it } from 'vitest';
import { renderLessonMarkdown } from '../src/content/markdown.ts';
import { normalizeVideoUrl } from '../src/content/video-url.ts';
import { slugify } from '../src/content/slug.ts';

const ALLOWED_TAGS = new Set([
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'br', 'hr', 'ul', 'ol', 'li', 'blockquote', 'pre', 'code',
  'em', 'strong', 'del', 'a', 'img', 'table', 'thead', 'tbody', 'tr', 'th', 'td',
]);

function tagsIn(html: string): Array<{ name: string; attrs: string }> {
  return [...html.matchAll(/<\/?([a-zA-Z][\w-]*)([^>]*)>/g)].map(([, name = '', attrs = '']) => ({ name: name.toLowerCase(), attrs }));
}

// Checks every tag of the output, so a payload cannot pass by merely changing its spelling.
function expectSafeHtml(html: string): void {
  expect(html).not.toMatch(/<(script|style|iframe|svg|math|object|embed|form)/i);
  for (const { name, attrs } of tagsIn(html)) {
    expect(ALLOWED_TAGS.has(name), `tag <${name}>`).toBe(true);
    expect(attrs).not.toMatch(/\son[a-z]*\s*=/i);
    expect(attrs).not.toMatch(/\sstyle\s*=/i);
    for (const [, attr, value] of attrs.matchAll(/\s(href|src)="([^"]*)"/g)) {
      expect(value, `${attr} of <${name}>`).toMatch(name === 'img' ? /^https:\/\// : /^(https?:\/\/|mailto:)/);
    }
  }
}

const XSS_PAYLOADS: Array<[string, string]> = [
  ['script tag', '<script>alert(1)</script>'],
  ['img onerror', '<img src=x onerror=alert(1)>'],
  ['markdown javascript link', '[x](javascript:alert(1))'],
  ['mixed-case javascript link', '[x](JaVaScRiPt:alert(1))'],
  ['javascript link with leading space', '[x]( javascript:alert(1))'],
  ['entity-encoded javascript href', '<a href="&#106;avascript:alert(1)">x</a>'],
  ['hex entity and &colon; href', '<a href="&#x6A;avascript&colon;alert(1)">x</a>'],
  ['tab inside the scheme', '<a href="java&#x09;script:alert(1)">x</a>'],
  ['vbscript link', '[x](vbscript:msgbox(1))'],
  ['svg onload', '<svg onload=alert(1)><circle r="1"/></svg>'],
  ['iframe', '<iframe src="https://evil.example"></iframe>'],
  ['iframe srcdoc', '<iframe srcdoc="<script>alert(1)</script>"></iframe>'],
  ['style attribute', '<p style="background:url(javascript:alert(1))">x</p>'],
  ['style element', '<style>body { display: none }</style>'],
  ['onclick on an allowed tag', '<a href="https://ok.example" onclick="alert(1)">x</a>'],
  ['data: image', '![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)'],
  ['data: link', '[x](data:text/html,<script>alert(1)</script>)'],
  ['data: img tag', '<img src="data:image/png;base64,AAAA">'],
  ['http image', '<img src="http://insecure.example/a.png">'],
  ['protocol-relative image', '![x](//evil.example/a.png)'],
  ['relative image', '![x](/uploads/a.png)'],
  ['mathml href', '<math><mi xlink:href="javascript:alert(1)">x</mi></math>'],
  ['form action', '<form action="javascript:alert(1)"><button>go</button></form>'],
  ['object and embed', '<object data="x.swf"></object><embed src="x.swf">'],
  ['unclosed script in markdown', '# Title\n\n<script>alert(1)'],
  ['meta refresh', '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">'],
];

describe('renderLessonMarkdown', () => {
  it.each(XSS_PAYLOADS)('neutralises %s', (_, payload) => {
    const html = renderLessonMarkdown(payload);
    expectSafeHtml(html);
    expect(html).not.toMatch(/javascript:|vbscript:|data:/i);
  });

  it('drops script content entirely instead of leaving it as text', () => {
    expect(renderLessonMarkdown('<script>alert(1)</script>Hello')).not.toContain('alert');
  });

  it('renders ordinary prose', () => {
    const html = renderLessonMarkdown([
      '# Heading', '', 'Some *em* and **strong** text with `code`.', '',
      '- one', '- two', '', '1. first', '', '> quoted', '', '```ts', 'const a = 1 < 2;', '```', '',
      '| a | b |', '|---|--:|', '| 1 | 2 |', '', '---', '', '![alt](https://cdn.example/a.png)',
    ].join('\n'));
    for (const tag of ['<h1>', '<em>', '<strong>', '<code>', '<ul>', '<ol>', '<li>', '<blockquote>', '<pre>', '<table>', '<th', '<td', '<hr']) {
      expect(html).toContain(tag);
    }
    expect(html).toContain('<code class="language-ts">const a = 1 &lt; 2;');
    expect(html).toContain('<img alt="alt" src="https://cdn.example/a.png" />');
    expectSafeHtml(html);
  });

  it('gives every link rel="noopener nofollow" and keeps target only when it is _blank', () => {
    const html = renderLessonMarkdown(
      '[md](https://a.example) <a href="https://b.example" rel="opener" target="_blank">b</a> <a href="https://c.example" target="_top">c</a>',
    );
    const links = tagsIn(html).filter((t) => t.name === 'a' && t.attrs !== '');
    expect(links).toHaveLength(3);
    for (const { attrs } of links) expect(attrs).toContain('rel="noopener nofollow"');
    expect(html).not.toContain('opener"');
    expect(html).toContain('<a href="https://b.example" rel="noopener nofollow" target="_blank">b</a>');
    expect(html).not.toContain('_top');
  });

  it('keeps mailto and http links', () => {
    expect(renderLessonMarkdown('[m](mailto:a@b.example) [h](http://h.example)')).toBe(
      '<p><a href="mailto:a@b.example" rel="noopener nofollow">m</a> <a href="http://h.example" rel="noopener nofollow">h</a></p>\n',
    );
  });

  it('sanitizes raw HTML blocks inside the markdown', () => {
    const html = renderLessonMarkdown('Intro\n\n<div onclick="x()"><p style="color:red">Para</p><script>bad()</script></div>\n\nOutro');
    expect(html).toContain('<p>Para</p>');
    expect(html).not.toContain('bad()');
    expectSafeHtml(html);
  });
});

describe('renderLessonMarkdown on hostile input', () => {
  // With marked 18, the first overflowed the stack (a 500 from the lesson routes) and the others held the
  // event loop for minutes (`*a_` × 3,333: 10 s of one core; 190,000 characters of it: over an hour).
  it('renders 5,000 nested block quotes, keeping what follows them', () => {
    const html = renderLessonMarkdown(`${'>'.repeat(5000)} deep\n\nafter`);
    expect(html).toContain('<p>after</p>');
    expectSafeHtml(html);
  });

  it.each([
    ['unmatched emphasis', '*a_'.repeat(7000)],
    ['alternating underscores', '_a'.repeat(10000)],
    ['a deep list', Array.from({ length: 300 }, (_, i) => `${'  '.repeat(i)}- x`).join('\n')],
  ])('renders %s (CommonMark pathological input)', (_, md) => {
    const html = renderLessonMarkdown(md);
    expect(html.length).toBeGreaterThan(0);
    expectSafeHtml(html);
  });
});

describe('normalizeVideoUrl', () => {
  const youtube = {
    url: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
    provider: 'youtube',
    embedUrl: 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ',
  };
  const vimeo = { url: 'https://vimeo.com/76979871', provider: 'vimeo', embedUrl: 'https://player.vimeo.com/video/76979871' };

  it.each([
    ['https://www.youtube.com/watch?v=dQw4w9WgXcQ', youtube],
    ['https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42s', youtube],
    ['https://youtube.com/watch?feature=share&v=dQw4w9WgXcQ', youtube],
    ['https://m.youtube.com/watch?v=dQw4w9WgXcQ', youtube],
    ['https://youtu.be/dQw4w9WgXcQ', youtube],
    ['https://youtu.be/dQw4w9WgXcQ?t=10', youtube],
    ['https://www.youtube.com/shorts/dQw4w9WgXcQ', youtube],
    ['https://www.youtube.com/embed/dQw4w9WgXcQ?start=5', youtube],
    ['https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ', youtube],
    ['  https://YOUTU.BE/dQw4w9WgXcQ  ', youtube],
    ['https://vimeo.com/76979871', vimeo],
    ['https://www.vimeo.com/76979871?share=copy', vimeo],
    ['https://player.vimeo.com/video/76979871', vimeo],
    ['https://player.vimeo.com/video/76979871?autoplay=1', vimeo],
    ['https://vimeo.com/76979871/3a9f0c2b1d', {
      url: 'https://vimeo.com/76979871/3a9f0c2b1d', provider: 'vimeo', embedUrl: 'https://player.vimeo.com/video/76979871?h=3a9f0c2b1d',
    }],
    ['https://cdn.example.com/videos/intro.mp4', {
      url: 'https://cdn.example.com/videos/intro.mp4', provider: 'file', embedUrl: 'https://cdn.example.com/videos/intro.mp4',
    }],
    ['https://cdn.example.com/v/a.webm?token=abc&exp=1', {
      url: 'https://cdn.example.com/v/a.webm?token=abc&exp=1', provider: 'file', embedUrl: 'https://cdn.example.com/v/a.webm?token=abc&exp=1',
    }],
    ['https://cdn.example.com/a.OGG', { url: 'https://cdn.example.com/a.OGG', provider: 'file', embedUrl: 'https://cdn.example.com/a.OGG' }],
    ['https://stream.example.com/hls/master.m3u8', {
      url: 'https://stream.example.com/hls/master.m3u8', provider: 'file', embedUrl: 'https://stream.example.com/hls/master.m3u8',
    }],
  ])('%s', (input, expected) => {
    expect(normalizeVideoUrl(input)).toEqual(expected);
  });

  it.each([
    'http://www.youtube.com/watch?v=dQw4w9WgXcQ',
    'http://cdn.example.com/a.mp4',
    'javascript:alert(1)',
    'JAVASCRIPT:alert(1)//.mp4',
    'data:video/mp4;base64,AAAA',
    '/videos/a.mp4',
    'videos/a.mp4',
    '//cdn.example.com/a.mp4',
    '',
    'not a url',
    'https://www.youtube.com/watch?v=tooShort',
    'https://www.youtube.com/watch?list=PL123',
    'https://www.youtube.com/@channel',
    'https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ',
    'https://evil.example/watch?v=dQw4w9WgXcQ',
    'https://vimeo.com/channels/staffpicks',
    'https://player.vimeo.com/video/abc',
    'https://user:pass@vimeo.com/76979871',
    'https://cdn.example.com/a.mp4.html',
    'https://cdn.example.com/page?file=a.mp4',
    'https://example.com/',
  ])('rejects %j', (input) => {
    expect(normalizeVideoUrl(input)).toBeNull();
  });
});

describe('slugify', () => {
  it.each([
    ['Kubernetes Networking in Practice', 'kubernetes-networking-in-practice'],
    ['Crème Brûlée für Anfänger', 'creme-brulee-fur-anfanger'],
    ['Straße & Łódź', 'strasse-and-lodz'],
    ['İstanbul ÆØ Ðiện', 'istanbul-aeo-dien'],
    ['  --Hello,   World!--  ', 'hello-world'],
    ['C++ / C# in 2025', 'c-c-in-2025'],
    ['', 'course'],
    ['日本語', 'course'],
    ['!!!', 'course'],
  ])('%j -> %j', (input, expected) => {
    expect(slugify(input)).toBe(expected);
  });

  it('caps the length at 80, cutting at a word boundary', () => {
    const slug = slugify('word '.repeat(40));
    expect(slug.length).toBeLessThanOrEqual(80);
    expect(slug).toMatch(/^word(-word)*$/);
    expect(slugify('x'.repeat(200))).toBe('x'.repeat(80));
  });

  it('always returns lowercase ascii words joined by single dashes', () => {
    for (const title of ['Ünïcödé Tïtlé', '---', 'Ω mega', 'A  B\tC', `${'é'.repeat(100)} end`]) {
      expect(slugify(title)).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(slugify(title).length).toBeLessThanOrEqual(80);
    }
  });
});
