import { describe, expect, it } from 'vitest';
import { FIRST_WORD, UNK } from '../../src/sequence/vocabulary.js';
import {
  MALFORMED_REQUEST_TOKEN,
  NO_REQUEST_TOKEN,
  RequestVocabulary,
  normalizePath,
  requestToken,
  statusClass,
} from '../../src/weblog/tokens.js';

describe('normalizePath', () => {
  it('drops the query and fragment and collapses identifier-like segments', () => {
    expect(normalizePath('/articles/2015/05/hello.html?utm=x#top')).toBe('/articles/{num}/{num}/hello.html');
    expect(normalizePath('/user/123e4567-e89b-12d3-a456-426614174000/edit')).toBe('/user/{uuid}/edit');
    expect(normalizePath('/static/0123456789abcdef0123/app.js')).toBe('/static/{hex}/app.js');
    expect(normalizePath('/dl/Netsparker025f32629f514988a31ea2296b72354d')).toBe('/dl/{b64}');
    expect(normalizePath('/t/QUJDREVGR0hJSktMTU5PUFFSU1RVVldY0123==')).toBe('/t/{b64}');
  });

  it('leaves words, short hex and hyphenated titles alone', () => {
    expect(normalizePath('/presentations/logstash-puppetconf-2013/')).toBe('/presentations/logstash-puppetconf-2013/');
    expect(normalizePath('/blog/geekery/installing-fedora-linux-via-pxe-x86-64')).toBe(
      '/blog/geekery/installing-fedora-linux-via-pxe-x86-64',
    );
    expect(normalizePath('/c0ffee/deadbeef')).toBe('/c0ffee/deadbeef');
    expect(normalizePath('/v2/2015.png')).toBe('/v2/2015.png');
    expect(normalizePath('/')).toBe('/');
  });

  it('normalizes 10 MB path segments of every kind without overflowing the stack', () => {
    const huge = 10_000_000;
    expect(normalizePath(`/x/${'a'.repeat(huge)}`)).toBe('/x/{hex}');
    expect(normalizePath(`/${'7'.repeat(huge)}?q`)).toBe('/{num}');
    expect(normalizePath(`/${'xY3'.repeat(huge / 3)}`)).toBe('/{b64}');
    expect(normalizePath(`/${'z'.repeat(huge)}`)).toHaveLength(huge + 1);
  });

  it('follows its settings', () => {
    expect(normalizePath('/a/12?x=1#f', { dropQuery: false })).toBe('/a/{num}?x=1#f');
    expect(normalizePath('/a/12', { collapseNumbers: false })).toBe('/a/12');
    expect(normalizePath('/a/0123456789abcdef0123', { collapseIds: false })).toBe('/a/0123456789abcdef0123');
    expect(normalizePath('/a/12', { collapseIds: false })).toBe('/a/{num}');
    expect(() => normalizePath('/', { minCount: 0 })).toThrow(/minCount must be a whole number >= 1/);
  });
});

describe('requestToken', () => {
  it('joins method and normalized path, and names missing or malformed requests', () => {
    expect(requestToken({ request: 'POST /join_form?x=1 HTTP/1.1', method: 'POST', target: '/join_form?x=1' })).toBe(
      'POST /join_form',
    );
    expect(requestToken({ request: null, method: null, target: null })).toBe(NO_REQUEST_TOKEN);
    expect(requestToken({ request: '\\x16\\x03', method: null, target: null })).toBe(MALFORMED_REQUEST_TOKEN);
  });

  it('holds the path kind and the status class when asked', () => {
    const probe = { request: 'GET /wp-login.php?x HTTP/1.1', method: 'GET', target: '/wp-login.php?x', status: 404 };
    expect(requestToken(probe)).toBe('GET /wp-login.php');
    expect(requestToken(probe, { status: true })).toBe('GET /wp-login.php 4xx');
    expect(requestToken(probe, { target: 'kind' })).toBe('GET kind:script');
    expect(requestToken(probe, { target: 'kind', status: true })).toBe('GET kind:script 4xx');
    expect(requestToken({ ...probe, status: Number.NaN }, { status: true })).toBe('GET /wp-login.php -');
    expect(requestToken({ ...probe, status: 999 }, { status: true })).toBe('GET /wp-login.php -');
    expect(requestToken({ request: null, method: null, target: null, status: 400 }, { status: true })).toBe(
      `${NO_REQUEST_TOKEN} 4xx`,
    );
    expect(statusClass(200)).toBe('2xx');
    expect(statusClass(undefined)).toBe('-');
    expect(() => requestToken(probe, { target: 'host' as 'kind' })).toThrow(/target must be 'path' or 'kind'/);
  });
});

describe('RequestVocabulary', () => {
  const tokens = ['GET /', 'GET /a', 'GET /', 'GET /b', 'GET /a', 'GET /', 'POST /c'];

  it('gives ids after the special tokens by descending count, then name', () => {
    const vocabulary = RequestVocabulary.fit(tokens);
    expect(vocabulary.size).toBe(FIRST_WORD + 4);
    expect([0, 1, 2, 3].map((i) => vocabulary.tokenOf(FIRST_WORD + i))).toEqual([
      'GET /',
      'GET /a',
      'GET /b',
      'POST /c',
    ]);
    expect(vocabulary.idOf('GET /a')).toBe(FIRST_WORD + 1);
    expect(vocabulary.countOf(FIRST_WORD)).toBe(3);
    expect(vocabulary.countOf(UNK)).toBe(0);
    expect(vocabulary.tokenOf(UNK)).toBe('[UNK]');
    expect(vocabulary.idOf('GET /never')).toBe(UNK);
    expect(vocabulary.has('GET /never')).toBe(false);
  });

  it('sends tokens seen fewer than minCount times to UNK', () => {
    const vocabulary = RequestVocabulary.fit(tokens, 2);
    expect(vocabulary.size).toBe(FIRST_WORD + 2);
    expect(vocabulary.idOf('GET /b')).toBe(UNK);
    expect(vocabulary.idOf('GET /a')).toBe(FIRST_WORD + 1);
    expect(() => RequestVocabulary.fit(tokens, 1.5)).toThrow(/minCount/);
  });

  it('round-trips through JSON and rejects damaged JSON', () => {
    const vocabulary = RequestVocabulary.fit(tokens, 2);
    const restored = RequestVocabulary.fromJSON(JSON.parse(JSON.stringify(vocabulary.toJSON())));
    expect(restored.toJSON()).toEqual(vocabulary.toJSON());
    expect(restored.idOf('GET /a')).toBe(FIRST_WORD + 1);
    expect(restored.minCount).toBe(2);
    const json = vocabulary.toJSON();
    expect(() => RequestVocabulary.fromJSON({ ...json, format: 'x' } as never)).toThrow(
      /not a zeekseq web-log vocabulary/,
    );
    expect(() => RequestVocabulary.fromJSON({ ...json, words: [json.words[0], json.words[0]] })).toThrow(
      /word 1 is not a distinct/,
    );
    expect(() => vocabulary.tokenOf(99)).toThrow(/id 99 is outside 0..6/);
  });
});
