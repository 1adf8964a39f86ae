#!/usr/bin/env python3
"""Checks fleet's HTML page in a real headless browser: Playwright driving Debian's chromium
(/usr/bin/chromium; Playwright's own browser download is never used). The page must load with no
request beyond itself, draw one circle per gateway and one line per tunnel in the SVG map, and
each tunnel's link must land on that tunnel's findings.

Usage: check-fleet-html.py PAGE GATEWAY_A GATEWAY_B
"""
import os
import sys

os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
from playwright.sync_api import sync_playwright  # noqa: E402


def main():
    page_path, gw_a, gw_b = sys.argv[1], sys.argv[2], sys.argv[3]
    url = "file://" + os.path.abspath(page_path)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                    args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        requests = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto(url)
        assert requests == [url], f"the page fetched more than itself: {requests}"
        circles = page.locator("svg#map a.gateway circle")
        lines = page.locator("svg#map a.tunnel line")
        assert circles.count() == 3, circles.count()
        n_lines = lines.count()
        assert n_lines >= 1, "no tunnel drawn"
        box = page.locator("svg#map").bounding_box()
        assert box and box["width"] > 100 and box["height"] > 100, box
        tunnels = page.locator("svg#map a.tunnel")
        found = False
        for i in range(tunnels.count()):
            link = tunnels.nth(i)
            href = link.get_attribute("href")
            title = link.locator("title").text_content()
            # click the drawn line itself: what a user does
            link.locator("line").click(force=True)
            assert page.evaluate("location.hash") == href, (page.evaluate("location.hash"), href)
            section = page.locator(f"section{href}")
            assert section.is_visible(), href
            text = section.inner_text()
            if gw_a in title and gw_b in title:
                found = True
                assert gw_a in text and gw_b in text, text
                colour = page.evaluate("e => getComputedStyle(e).stroke", link.locator("line").element_handle())
                state = link.get_attribute("data-state")
                expected = {"up": "rgb(46, 158, 79)", "problem": "rgb(208, 2, 27)", "warning": "rgb(245, 166, 35)", "down": "rgb(153, 153, 153)"}[state]
                assert colour == expected, (state, colour)
        assert found, f"no tunnel between {gw_a} and {gw_b} on the map"
        # each gateway circle links to its diagnosis
        gw = page.locator("svg#map a.gateway").first
        gw.locator("circle").click(force=True)
        assert page.locator(f"section{gw.get_attribute('href')}").is_visible()
        browser.close()
    print(f"fleet-test: HTML checked in chromium: 3 gateways, {n_lines} tunnel(s), links land on their findings")


if __name__ == "__main__":
    main()
