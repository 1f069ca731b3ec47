import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { USER_LINK_REL, escapeHtml, renderPlainText, renderUserText } from '../../src/server/content/render.ts';
import { unsafeHtmlProblems, xssPayloads } from '../fixtures/xss-payloads.ts';

function assertSafeHtml(html: string): void {
  expect(unsafeHtmlProblems(html, USER_LINK_REL), html).toEqual([]);
}

describe('the safety checker itself', () => {
  it.each([
    '<script>x</script>',
    '<img src=x>',
    '<p onclick="x">a</p>',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href="data:text/html,x">x</a>',
    '<a href="/relative">x</a>',
    '<a href="https://ok.example" rel="opener">x</a>',
    '<p style="x">a</p>',
    '<p>a <</p>',
  ])('flags %j', (html) => {
    expect(unsafeHtmlProblems(html, USER_LINK_REL)).not.toEqual([]);
  });

  it('passes the renderer\'s own vocabulary', () => {
    expect(
      unsafeHtmlProblems(
        `<p><strong>a</strong><em>b</em><code>c</code><br /></p><ul><li>d</li></ul><blockquote><p>e</p></blockquote><a href="https://ok.example/?a=1&amp;b=2" rel="${USER_LINK_REL}">f</a>`,
        USER_LINK_REL,
      ),
    ).toEqual([]);
  });
});

describe('XSS corpus', () => {
  it('has at least 60 payloads', () => {
    expect(xssPayloads.length).toBeGreaterThanOrEqual(60);
  });

  describe.each(xssPayloads.map((p) => [p] as const))('%j', (payload) => {
    it('renders to safe html', () => {
      assertSafeHtml(renderUserText(payload).html);
    });

    it('is safe inside surrounding text and markdown', () => {
      assertSafeHtml(renderUserText(`前文 **粗体** ${payload} 后文\n\n- ${payload}\n> ${payload}`).html);
    });

    it('re-renders stably from the stored source', () => {
      const first = renderUserText(payload);
      const second = renderUserText(first.source);
      expect(second.source).toBe(first.source);
      expect(second.html).toBe(first.html);
    });

    it('plain-text rendering carries no markup', () => {
      expect(renderPlainText(payload)).not.toMatch(/[<>]/);
    });
  });
});

describe('markdown subset', () => {
  it.each([
    ['一段文字', '<p>一段文字</p>'],
    ['第一段\n\n第二段', '<p>第一段</p>\n<p>第二段</p>'],
    ['第一行\n第二行', '<p>第一行<br />\n第二行</p>'],
    ['**很快**到账', '<p><strong>很快</strong>到账</p>'],
    ['*推荐*', '<p><em>推荐</em></p>'],
    ['`ABC`', '<p><code>ABC</code></p>'],
    ['`**not bold**`', '<p><code>**not bold**</code></p>'],
    ['- 话费\n- 点卡', '<ul>\n<li>话费</li>\n<li>点卡</li>\n</ul>'],
    ['1. 话费\n2. 点卡', '<ol>\n<li>话费</li>\n<li>点卡</li>\n</ol>'],
    ['> 客服说会退款\n> 结果没有', '<blockquote>\n<p>客服说会退款<br />\n结果没有</p>\n</blockquote>'],
    ['# 不是标题', '<p># 不是标题</p>'],
    ['&amp; 照原样', '<p>&amp;amp; 照原样</p>'],
    ['__下划线__ 和 mod_lin_fan', '<p><strong>下划线</strong> 和 mod_lin_fan</p>'],
    ['价格 5 * 3 = 15', '<p>价格 5 * 3 = 15</p>'],
    ['** 不是粗体 **', '<p>** 不是粗体 **</p>'],
    ['a < b & c > d', '<p>a &lt; b &amp; c &gt; d</p>'],
  ] as const)('%j', (source, html) => {
    expect(renderUserText(source).html).toBe(html);
  });

  it('autolinks http(s) URLs with the user-link rel and leaves trailing punctuation out', () => {
    const { html } = renderUserText('官网 https://kami.example/item/1。很好');
    expect(html).toBe(
      `<p>官网 <a href="https://kami.example/item/1" rel="${USER_LINK_REL}">https://kami.example/item/1</a>。很好</p>`,
    );
  });

  it('renders [text](https://…) links and escapes the query', () => {
    const { html } = renderUserText('[官网](https://kami.example/a?b=1&c=2)');
    expect(html).toBe(`<p><a href="https://kami.example/a?b=1&amp;c=2" rel="${USER_LINK_REL}">官网</a></p>`);
  });

  it.each(['[x](javascript:alert(1))', '[x](ftp://files.example/a)', '[x](/relative)', '[x](mailto:a@b.example)'])(
    'leaves %j as literal text',
    (source) => {
      const { html } = renderUserText(source);
      expect(html).not.toContain('<a');
      expect(html).toContain('[x](');
    },
  );

  // Issue 16, item 9: what the hand-written subset got wrong.
  it('links a URL with parentheses whole', () => {
    expect(renderUserText('见 https://example.com/a_(b) 说明').html).toBe(
      `<p>见 <a href="https://example.com/a_(b)" rel="${USER_LINK_REL}">https://example.com/a_(b)</a> 说明</p>`,
    );
  });

  it('nests emphasis as CommonMark does', () => {
    expect(renderUserText('**x *y** z*').html).toBe('<p><em><em>x <em>y</em></em> z</em></p>');
    expect(renderUserText('**粗 *斜* 粗**').html).toBe('<p><strong>粗 <em>斜</em> 粗</strong></p>');
  });

  it('does not guess links without a scheme, nor e-mail addresses', () => {
    expect(renderUserText('www.example.com a@b.example https://intranet/x').html).not.toContain('<a');
  });

  it('does not link URLs with credentials', () => {
    expect(renderUserText('https://user:pw@kami.example/').html).not.toContain('<a');
  });

  it('shows HTML in the source as text', () => {
    expect(renderUserText('<b>hi</b>').html).toBe('<p>&lt;b&gt;hi&lt;/b&gt;</p>');
  });

  it('escapeHtml escapes the five specials', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });
});

describe('renderUserText source and notices', () => {
  it('cleans the source: invisible characters, CRLF, surrounding blank lines', () => {
    const r = renderUserText('\r\n  好\u200B评\u202E！\r\n\r\n\r\n\r\n第二段  \r\n');
    expect(r.source).toBe('好评！\n\n第二段');
  });

  it('masks card keys in source and html and reports a notice', () => {
    const r = renderUserText('卡密是 ABCD-EFGH-1234-5678，另一张 A1B2C3D4E5F6G7H8J9');
    expect(r.source).toBe('卡密是 ABCD••••••••78，另一张 A1B2••••••••J9');
    expect(r.html).not.toMatch(/EFGH|5678|E5F6/);
    expect(r.notices).toEqual([{ code: 'card_key_masked', count: 2 }]);
    expect(renderUserText(r.source).notices).toEqual([]);
  });

  it('no notices for ordinary text', () => {
    expect(renderUserText('话费 ¥100 充值 2024-01-15 到账，客服电话 13812345678').notices).toEqual([]);
  });

  it('empty input renders to empty html', () => {
    expect(renderUserText('  \n\u200B ')).toEqual({ source: '', html: '', notices: [] });
  });

  it('renderPlainText is single-line, masked and escaped', () => {
    expect(renderPlainText('标题 <b>\n ABCD-EFGH-1234-5678', 40)).toBe('标题 &lt;b&gt; ABCD••••••••78');
  });
});

describe('properties (fast-check)', () => {
  // Fragments that matter to the renderer, shuffled into random text.
  const fragment = fc.oneof(
    fc.constantFrom(
      '<', '>', '&', '"', "'", '`', '*', '**', '[', ']', '(', ')', '\n', '\n\n', '- ', '> ', ' ',
      'javascript:', 'https://ok.example/', 'http://', 'data:', 'on', 'onerror=', '<script>', '<a href=',
      '&#x6A;', '\u0000', '\u200B', '\u202E', '\uD800', 'ABCD-EFGH-1234-5678', '话费', '卡密', '1. ', '__', '_', '](', '<https://',
    ),
    fc.string({ unit: 'binary', maxLength: 8 }),
    fc.constantFrom(...xssPayloads),
  );
  const userText = fc.array(fragment, { maxLength: 30 }).map((parts) => parts.join(''));

  it('any input renders to safe html', () => {
    fc.assert(
      fc.property(userText, (text) => {
        expect(unsafeHtmlProblems(renderUserText(text).html, USER_LINK_REL)).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  it('rendering the stored source again gives the same source and html', () => {
    fc.assert(
      fc.property(userText, (text) => {
        const first = renderUserText(text);
        const second = renderUserText(first.source);
        expect(second.source).toBe(first.source);
        expect(second.html).toBe(first.html);
        expect(second.notices).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });
});
