#!/usr/bin/env python3
"""Edit-to-visible latency of `samkort serve` for several kinds of edit (standard library only).

  bench/live_edits.py SITE [--port 18500] [--rounds 3] [--bin target/release/samkort]

Starts `samkort serve` on SITE (a site built by gen_corpus.py --flavor plain with
bench/samkort.toml), then makes each kind of edit ROUNDS times and polls the page where the edit
must show until it does:

  body      append a sentence to a card             -> that card's page
  title     rename a card that many cards link to   -> the page of a card that links to it
  link      add a wikilink from card A to card C    -> C's page lists A under its backlinks
  new card  write a new card that links to A        -> the new card's page

Prints the median latency of each kind in milliseconds (it includes the file-watch debounce of
about 5 ms and the polling interval of 2 ms). Every file is restored at the end.
"""
import argparse, json, re, subprocess, sys, time, urllib.request
from pathlib import Path


def get(url):
    try:
        return urllib.request.urlopen(url, timeout=5).read().decode("utf-8", "replace")
    except Exception:
        return None


def wait_for(url, needle, limit=60):
    start = time.time()
    while needle not in (get(url) or ""):
        if time.time() - start > limit:
            raise SystemExit(f"{needle!r} never showed on {url}")
        time.sleep(0.002)
    return time.time() - start


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("site")
    ap.add_argument("--port", type=int, default=18500)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--bin", default=str(Path(__file__).resolve().parent.parent / "target/release/samkort"))
    a = ap.parse_args()
    site = Path(a.site).resolve()
    base = f"http://127.0.0.1:{a.port}/"
    log = open("/tmp/samkort-live-edits.log", "w")
    server = subprocess.Popen([a.bin, "serve", "--root", str(site), "--port", str(a.port), "--timings"],
                              stdout=log, stderr=subprocess.STDOUT)
    saved = {}

    def remember(p):
        if p not in saved:
            saved[p] = p.read_bytes() if p.exists() else None

    try:
        start = time.time()
        while get(base + "graph.json") is None:
            if server.poll() is not None or time.time() - start > 600:
                raise SystemExit("the server did not come up; see /tmp/samkort-live-edits.log")
            time.sleep(0.1)
        print(f"ready after {time.time() - start:.1f} s", file=sys.stderr)
        graph = json.loads(get(base + "graph.json"))
        nodes = {n["id"]: n for n in graph["nodes"]}
        slugs = [n["id"] for n in graph["nodes"]]
        mention = graph["types"].index("mention")
        mentions = {}
        for source, target, ty in graph["links"]:
            if ty == mention:
                mentions.setdefault(slugs[target], []).append(slugs[source])
        file_of = lambda slug: site / "content" / nodes[slug]["url"].replace(".html", ".md")
        # The card most linked to by body links, and one card that links to it.
        popular = max(sorted(mentions), key=lambda s: len(mentions[s]))
        linker = sorted(mentions[popular])[0]
        a_slug = sorted(nodes)[0]
        c_candidates = [s for s in sorted(nodes) if a_slug not in mentions.get(s, []) and s != a_slug]
        results = {"body": [], "title": [], "link": [], "new card": []}
        for r in range(a.rounds):
            marker = f"Maalemarkoer{r}x{int(start)}"
            # body
            p = file_of(a_slug); remember(p)
            with open(p, "a", encoding="utf-8") as f:
                f.write(f"\n{marker} er en ny sætning.\n")
            t = time.time(); wait_for(base + nodes[a_slug]["url"], marker); results["body"].append(time.time() - t)
            time.sleep(0.5)
            # title
            p = file_of(popular); remember(p)
            text = p.read_text(encoding="utf-8")
            new = re.sub(r"^title: .*$", f"title: Titel {marker}", text, count=1, flags=re.M)
            p.write_text(new, encoding="utf-8")
            t = time.time(); wait_for(base + nodes[linker]["url"], f"Titel {marker}"); results["title"].append(time.time() - t)
            time.sleep(0.5)
            # link
            c = c_candidates[r]
            p = file_of(a_slug)
            with open(p, "a", encoding="utf-8") as f:
                f.write(f"\nSe også [[{c}]].\n")
            t = time.time(); wait_for(base + nodes[c]["url"], f"../{nodes[a_slug]['url']}")
            results["link"].append(time.time() - t)
            time.sleep(0.5)
            # new card
            folder = nodes[a_slug]["url"].split("/")[0]
            p = site / "content" / folder / f"ny-{marker.lower()}.md"; remember(p)
            p.write_text(f"---\ntitle: Nyt kort {marker}\nsummary: Et nyt kort.\n---\nSe [[{a_slug}]].\n", encoding="utf-8")
            t = time.time(); wait_for(base + f"{folder}/ny-{marker.lower()}.html", f"Nyt kort {marker}")
            results["new card"].append(time.time() - t)
            time.sleep(0.5)
        print("| edit | median (ms) | all (ms) |\n| --- | --- | --- |")
        for kind, xs in results.items():
            ms = sorted(x * 1000 for x in xs)
            print(f"| {kind} | {ms[len(ms) // 2]:.0f} | {' '.join(f'{x:.0f}' for x in ms)} |")
    finally:
        for p, data in saved.items():
            if data is None:
                p.unlink(missing_ok=True)
            else:
                p.write_bytes(data)
        time.sleep(0.5)
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
