// The words of a search: folding, the Danish stemmer and typo distance, as the index was made
// (src/words.rs, src/text.rs, src/search.rs). Used by search.js in the browser and by the tests
// under node, which hold it to the Rust side.
(function (root) {
  "use strict";

  // Letters folded as src/text.rs folds them: æ, ø, å stay; ä, ö, ü are the Danish æ, ø, y;
  // any other letter loses its accents (é -> e, ř -> r).
  var FOLD = { "ä": "æ", "ö": "ø", "ü": "y", "ß": "ss" };
  // How æ, ø, å are spelled in ASCII, the Danish way (src/text.rs, danish_ascii).
  var ASCII = { "æ": "ae", "ø": "oe", "å": "aa" };

  function foldChar(c) {
    return FOLD[c] || c.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  function fold(text) {
    return text.toLowerCase().replace(/[^\u0000-\u007fæøå]/g, foldChar);
  }

  function ascii(word) {
    return word.replace(/[æøå]/g, function (c) { return ASCII[c]; });
  }

  // The words of a text, each with where it stands in the text ([word, start, end]): runs of
  // letters and digits, a colon between two letters joining them ("SAM:BO" is `sambo`), at
  // least two letters long. Words are folded; positions are those of the text as written.
  var LETTER = /[\p{L}\p{N}]/u;
  function words(text) {
    var out = [];
    var word = "";
    var start = 0;
    var end = 0;
    function finish() {
      if (word.length >= 2) out.push([word, start, end]);
      word = "";
    }
    var chars = Array.from(text);
    var at = 0;
    for (var i = 0; i < chars.length; i++) {
      var c = chars[i];
      if (LETTER.test(c)) {
        var f = fold(c);
        for (var k = 0; k < f.length; k++) {
          if (LETTER.test(f[k])) {
            if (!word) start = at;
            word += f[k];
            end = at + c.length;
          } else {
            finish();
          }
        }
      } else if (c === ":" && word && /\p{L}/u.test(word[word.length - 1]) && i + 1 < chars.length && /\p{L}/u.test(chars[i + 1])) {
        // a colon between letters: the word goes on
      } else {
        finish();
      }
      at += c.length;
    }
    finish();
    return out;
  }

  // The Danish stemmer of Snowball (snowballstem.org/algorithms/danish), as the rust-stemmers
  // crate has it.
  var V = "aeiouyæåø";
  var C = "bcdfghjklmnpqrstvwxz";
  var S_ENDING = "abcdfghjklmnoprtvyzå";
  var MAIN = ["hed", "ethed", "ered", "e", "erede", "ende", "erende", "ene", "erne", "ere", "en", "heden", "eren",
    "er", "heder", "erer", "heds", "es", "endes", "erendes", "enes", "ernes", "eres", "ens", "hedens", "erens", "ers",
    "ets", "erets", "et", "eret", "s"].sort(function (a, b) { return b.length - a.length; });
  var OTHER = ["elig", "løst", "lig", "els", "ig"];

  function isV(c) { return V.indexOf(c) >= 0; }

  // The longest of `list` that ends `w` and starts at `p1` or later.
  function among(w, p1, list) {
    for (var i = 0; i < list.length; i++) {
      var s = list[i];
      if (w.length - s.length >= p1 && w.slice(-s.length) === s) return s;
    }
    return null;
  }

  function consonantPair(w, p1) {
    return among(w, p1, ["gd", "dt", "gt", "kt"]) ? w.slice(0, -1) : w;
  }

  function stem(word) {
    var w = word;
    var p1 = w.length;
    if (w.length >= 3) {
      var i = 0;
      while (i < w.length && !isV(w[i])) i++;
      while (i < w.length && isV(w[i])) i++;
      if (i < w.length) p1 = Math.max(i + 1, 3);
    }
    var s = among(w, p1, MAIN);
    if (s === "s") {
      if (w.length >= 2 && S_ENDING.indexOf(w[w.length - 2]) >= 0) w = w.slice(0, -1);
    } else if (s) {
      w = w.slice(0, -s.length);
    }
    w = consonantPair(w, p1);
    if (/igst$/.test(w)) w = w.slice(0, -2);
    s = among(w, p1, OTHER);
    if (s === "løst") w = w.slice(0, -1);
    else if (s) w = consonantPair(w.slice(0, -s.length), p1);
    var last = w[w.length - 1];
    if (w.length - 1 >= p1 && C.indexOf(last) >= 0 && w[w.length - 2] === last) w = w.slice(0, -1);
    return w;
  }

  // The search term of a folded word: its stem on a Danish site, in ASCII.
  function term(word, lang) {
    return ascii(lang === "da" ? stem(word) : word);
  }

  // A word typed in ASCII may mean æ, ø or å (`graenser`, `tvaers`): the word as typed, and
  // with ae, oe, aa read as æ, ø, å.
  function variants(word) {
    var danish = word.replace(/ae/g, "æ").replace(/oe/g, "ø").replace(/aa/g, "å");
    return danish === word ? [word] : [word, danish];
  }

  // Whether a and b are at most one edit apart: a letter inserted, deleted, changed, or two
  // neighbours swapped.
  function oneEdit(a, b) {
    if (a === b) return true;
    var la = a.length;
    var lb = b.length;
    if (Math.abs(la - lb) > 1) return false;
    var i = 0;
    while (i < la && i < lb && a[i] === b[i]) i++;
    if (la === lb) {
      if (a.slice(i + 1) === b.slice(i + 1)) return true;
      return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
    }
    return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }

  // How well an index term matches a query word, from best to least: the same term; a term
  // that starts with the word as typed (`tillids...`, or a word not typed to its end); from
  // four letters, a compound whose last part is the word (`sundhedsaftale`) or that has the
  // word inside; from five letters, a term one typo away.
  var EXACT = 1;
  var PREFIX = 0.8;
  var PART = 0.5;
  var TYPO = 0.3;

  // The terms of `terms` that the folded query word `word` matches, best first, each
  // [term, quality]; at most `max`.
  function candidates(word, terms, lang, max) {
    var stems = [];
    variants(word).forEach(function (v) {
      var t = term(v, lang);
      if (stems.indexOf(t) < 0) stems.push(t);
    });
    var typed = ascii(word);
    var letters = Array.from(word).length;
    var out = [];
    for (var i = 0; i < terms.length; i++) {
      var t = terms[i];
      var q = 0;
      if (stems.indexOf(t) >= 0) q = EXACT;
      else if (t.lastIndexOf(typed, 0) === 0) q = PREFIX;
      else if (letters >= 4 && (t.indexOf(typed) > 0 || stems.some(function (s) {
        return s.length >= 3 && t.length > s.length && t.slice(-s.length) === s;
      }))) q = PART;
      else if (letters >= 5 && (oneEdit(typed, t) || stems.some(function (s) { return oneEdit(s, t); }))) q = TYPO;
      if (q) out.push([t, q]);
    }
    out.sort(function (a, b) { return b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0); });
    return out.slice(0, max || 200);
  }

  // Numbers as written by src/search.rs (`encode`): base 32, each digit but the last from
  // MORE, the last from LAST. `numbers` reads them as they are; `decode` reads postings, card
  // number (the difference to the one before) and weight in turn, and returns
  // [card, weight, card, weight, ...].
  var DIGIT = {};
  "0123456789abcdefghijklmnopqrstuv".split("").forEach(function (c, i) { DIGIT[c] = i; });
  "wxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_".split("").forEach(function (c, i) { DIGIT[c] = 32 + i; });
  function numbers(s) {
    var out = [];
    var n = 0;
    var shift = 0;
    for (var i = 0; i < s.length; i++) {
      var d = DIGIT[s[i]];
      if (d >= 32) {
        n += (d - 32) * Math.pow(2, shift);
        shift += 5;
        continue;
      }
      out.push(n + d * Math.pow(2, shift));
      n = 0;
      shift = 0;
    }
    return out;
  }

  function decode(s) {
    var out = numbers(s);
    var card = 0;
    for (var i = 0; i < out.length; i += 2) {
      card += out[i];
      out[i] = card;
    }
    return out;
  }

  root.samkortText = {
    FOLD: FOLD,
    ASCII: ASCII,
    fold: fold,
    ascii: ascii,
    words: words,
    stem: stem,
    term: term,
    variants: variants,
    oneEdit: oneEdit,
    candidates: candidates,
    EXACT: EXACT,
    numbers: numbers,
    decode: decode,
  };
})(typeof window !== "undefined" ? window : globalThis);
