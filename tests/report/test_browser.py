"""The report in a real browser (headless Chromium): what a reviewer does, and that hostile text
stays inert. One browser for the module; skipped when Chromium or its driver is absent."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from tests.report.conftest import MANIFEST, N_FILLER
from textmine import schema
from textmine.report import write_report

CHROMIUM, DRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is a dev dependency")
if not (CHROMIUM.exists() and DRIVER.exists()):
    pytest.skip(
        "Chromium and chromedriver are not installed (Debian: apt-get install chromium "
        "chromium-driver; .ci/run does it)",
        allow_module_level=True,
    )

from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

SCREENSHOTS = Path(__file__).resolve().parents[2] / "bench" / "results" / "report-screenshots"


class Page:
    """The report open in Chromium, with what the tests need to drive it."""

    def __init__(self, driver: Any, url: str, downloads: Path) -> None:
        self.d, self.url, self.downloads = driver, url, downloads

    def open(self, route: str) -> None:
        self.d.get(f"{self.url}#/{route}")
        self.wait(lambda d: d.execute_script("return document.documentElement.dataset.ready"))

    def wait(self, condition: Any, timeout: float = 5) -> Any:
        return WebDriverWait(self.d, timeout).until(condition)

    def view(self, name: str) -> Any:
        return self.d.find_element(By.ID, f"view-{name}")

    def count(self, name: str) -> str:
        return self.view(name).find_element(By.CSS_SELECTOR, ".count").text

    def row_ids(self, name: str) -> list[str]:
        rows = self.view(name).find_elements(By.CSS_SELECTOR, "table.list tbody tr")
        return [r.get_attribute("data-id") for r in rows]

    def shot(self, name: str) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.d.save_screenshot(str(SCREENSHOTS / f"{name}.png"))

    def downloaded(self, suffix: str) -> Path:
        def done(_: Any) -> Path | None:
            files = [p for p in self.downloads.glob(f"*{suffix}") if p.stat().st_size]
            return files[0] if files else None

        return self.wait(done)


@pytest.fixture(scope="module")
def page(french_run, tmp_path_factory) -> Iterator[Page]:
    folder = tmp_path_factory.mktemp("report")
    report = write_report(french_run, MANIFEST, folder / "report.html")
    downloads = tmp_path_factory.mktemp("downloads")
    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--window-size=1300,900"):
        options.add_argument(argument)
    options.binary_location = str(CHROMIUM)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    options.add_experimental_option(
        "prefs",
        {"download.default_directory": str(downloads), "download.prompt_for_download": False},
    )
    driver = webdriver.Chrome(service=Service(str(DRIVER)), options=options)
    try:
        yield Page(driver, report.as_uri(), downloads)
    finally:
        driver.quit()


def _type(page: Page, view: str, text: str) -> None:
    box = page.view(view).find_element(By.CSS_SELECTOR, "input.search")
    box.send_keys(Keys.CONTROL, "a")  # typing replaces the selection, as a user would
    box.send_keys(text or Keys.BACKSPACE)


def test_search_finds_the_same_rows_with_or_without_accents_and_case(page: Page):
    page.open("propositions")
    assert page.count("propositions") == f"{N_FILLER + 2} propositions"
    found = {}
    for query in ("préfecture", "prefecture", "PREFECTURE"):
        _type(page, "propositions", query)
        found[query] = page.row_ids("propositions")
    assert found["préfecture"] == found["prefecture"] == found["PREFECTURE"] == ["pguichet"]
    marks = page.view("propositions").find_elements(By.CSS_SELECTOR, "tbody mark")
    assert [m.text for m in marks] == ["préfecture"]  # highlighted in the original spelling
    _type(page, "propositions", "ecologie numerique")
    assert page.count("propositions") == f"{N_FILLER} propositions sur {N_FILLER + 2}"
    page.shot("propositions-recherche")


def test_a_facet_filters_and_counts_the_others(page: Page):
    page.open("propositions")
    _type(page, "propositions", "")
    select = Select(
        page.view("propositions").find_element(By.CSS_SELECTOR, "select[data-facet=kind]")
    )
    assert [o.text for o in select.options] == [
        "Tous (120)",
        "liste (118)",
        "numérotée (1)",
        "texte (1)",
    ]
    select.select_by_value("numbered")
    assert page.row_ids("propositions") == ["pguichet"]
    assert page.count("propositions") == "1 proposition sur 120"
    page.open("propositions?cluster=1")  # a cluster's link
    ids = page.row_ids("propositions")
    assert "plogiciel" in ids and "pguichet" not in ids
    assert page.count("propositions") == "60 propositions sur 120"


def test_paging_reaches_the_last_row_and_sorting_reorders(page: Page):
    page.open("propositions?cluster=")  # no cluster: all of them
    view = page.view("propositions")
    assert page.count("propositions") == f"{N_FILLER + 2} propositions"
    assert len(page.row_ids("propositions")) == 50
    view.find_element(By.CSS_SELECTOR, ".pager button.last").click()
    assert view.find_element(By.CSS_SELECTOR, ".pager .page").text == "Page 3 sur 3"
    assert page.row_ids("propositions")[-1] == f"pf{N_FILLER - 1:03d}"  # the table's last row
    page.d.execute_script("window.scrollTo(0, 0)")  # the sticky menu would cover the header
    view.find_element(By.XPATH, ".//th[text()='Identifiant']").click()  # sort: ascending ids
    assert page.row_ids("propositions")[0] == "pf000"
    assert view.find_element(By.CSS_SELECTOR, ".pager .page").text == "Page 1 sur 3"


def test_a_term_opens_its_concordance_which_links_to_the_document(page: Page):
    page.open("termes")
    page.view("termes").find_element(By.LINK_TEXT, "guichet unique").click()
    view = page.view("concordance")
    page.wait(lambda d: view.is_displayed())
    assert "2 occurrences dans 1 document" in view.find_element(By.CSS_SELECTOR, ".count").text
    rows = view.find_elements(By.CSS_SELECTOR, "table.kwic tr[title]")
    assert [r.find_element(By.CSS_SELECTOR, "mark").text for r in rows] == ["guichet unique"] * 2
    assert "Préfecture du Nord propose de créer un" in rows[0].text
    assert "Introduction, p. 1" in rows[0].text and "Recommandations, p. 2" in rows[1].text
    counts = view.find_element(By.CSS_SELECTOR, "table.kwic-counts").text
    assert "Rapport sur la mutualisation 2" in counts
    page.shot("concordance")
    rows[1].find_element(By.LINK_TEXT, "Rapport sur la mutualisation").click()
    doc = page.view("document")
    page.wait(lambda d: doc.is_displayed())
    focused = doc.find_element(By.CSS_SELECTOR, ".sent.flash")
    assert focused.get_attribute("data-sent") == "2"
    assert focused.find_element(By.CSS_SELECTOR, "mark").text == "guichet unique"


def test_a_typed_concordance_ignores_accents_and_case_and_takes_whole_words(page: Page):
    page.open("concordance?q=ECOLOGIE%20numer")
    view = page.view("concordance")
    assert "1 occurrence dans 1 document" in view.find_element(By.CSS_SELECTOR, ".count").text
    assert view.find_element(By.CSS_SELECTOR, "td.pivot mark").text == "écologie numérique"
    page.open("concordance?q=mune")  # from the start of a word only: not inside « communes »
    assert "0 occurrence dans 0 document" in view.find_element(By.CSS_SELECTOR, ".count").text
    page.open("concordance?q=commun")  # to the end of the word
    marks = view.find_elements(By.CSS_SELECTOR, "table.kwic tr[title] mark")
    assert [m.text for m in marks] == ["communes", "communes"]


def test_the_document_view_highlights_entities_proposals_and_decisions(page: Page):
    page.open("document/d1")
    doc = page.view("document")
    entity = doc.find_element(By.CSS_SELECTOR, ".doctext mark.ent.ORG")
    assert entity.text.split("\n")[0].startswith("Préfecture du Nord")
    assert entity.find_element(By.CSS_SELECTOR, ".lbl").text == "ORG"
    pieces = doc.find_elements(By.CSS_SELECTOR, ".doctext .prop[data-proposal=pguichet]")
    assert "guichet unique pour les communes" in "".join(p.text for p in pieces)
    assert "Services publics · 100 %" in doc.text  # its theme
    decisions = doc.find_element(By.CSS_SELECTOR, "table.doc-review").text
    assert "accepter" in decisions and "appliquée" in decisions
    page.shot("document")
    page.open("entites")
    page.view("entites").find_element(By.PARTIAL_LINK_TEXT, "Élisabeth Borne").click()
    view = page.view("concordance")
    page.wait(lambda d: view.is_displayed())
    assert view.find_element(By.CSS_SELECTOR, "td.pivot mark").text == "Élisabeth Borne"


def test_a_point_of_the_map_shows_its_proposal_and_opens_it(page: Page):
    page.open("cartes")
    canvas = page.view("cartes").find_element(By.CSS_SELECTOR, "canvas.proposal-map")
    offset = page.d.execute_script(
        "var c = arguments[0]; c.scrollIntoView({block: 'center'});"
        "var p = window.textmine.map.point('plogiciel'), b = c.getBoundingClientRect();"
        "return [p.x - (b.left + b.width / 2), p.y - (b.top + b.height / 2)];",
        canvas,
    )
    dx, dy = offset
    ActionChains(page.d).move_to_element_with_offset(canvas, int(dx), int(dy)).perform()
    tip = page.view("cartes").find_element(By.CSS_SELECTOR, ".tooltip")
    page.wait(lambda d: tip.is_displayed())
    assert "Mutualiser les logiciels des communes rurales." in tip.text
    assert "plogiciel" in tip.text
    assert page.view("cartes").find_elements(By.CSS_SELECTOR, ".cluster-bubble")  # cluster map
    page.shot("cartes")
    ActionChains(page.d).click().perform()
    page.wait(lambda d: "#/document/d1?p=plogiciel" in d.current_url)


def test_charts_export_svg_png_and_csv(page: Page):
    page.open("graphiques")
    figure = page.d.find_element(By.ID, "fig-tailles-groupes")
    assert (
        "Nombre de propositions par groupe" in figure.find_element(By.TAG_NAME, "figcaption").text
    )
    figure.find_element(By.CSS_SELECTOR, "button.export-svg").click()
    svg = page.downloaded(".svg").read_text(encoding="utf-8")
    assert (
        "<svg" in svg
        and "Logiciels · communes" in svg
        and 'xmlns="http://www.w3.org/2000/svg"' in svg
    )
    figure.find_element(By.CSS_SELECTOR, "button.export-csv").click()
    csv = page.downloaded(".csv").read_text(encoding="utf-8-sig")
    assert csv.splitlines()[0] == "cluster_id;groupe;propositions;documents"
    assert "1;Logiciels · communes;60;2" in csv
    figure.find_element(By.CSS_SELECTOR, "button.export-png").click()
    assert page.downloaded(".png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    for name in ("themes-temps", "reseau-termes", "reseau-entites", "specificites", "changements"):
        assert page.d.find_elements(By.ID, f"fig-{name}") or name == "specificites"
    assert "nouveau document" in page.d.find_element(By.ID, "fig-changements").text
    page.shot("graphiques")


def test_a_report_with_a_data_folder_loads_its_text_when_needed(page: Page, french_run, tmp_path):
    report = write_report(french_run, MANIFEST, tmp_path / "report.html", data_folder=True)
    assert (tmp_path / "report_data" / "sentences.js").exists()
    assert "textmine-sentences" not in report.read_text(encoding="utf-8")  # not in the page
    page.d.get(report.as_uri() + "#/propositions")
    page.wait(lambda d: d.execute_script("return document.documentElement.dataset.ready"))
    assert page.count("propositions") == f"{N_FILLER + 2} propositions"
    assert page.d.execute_script("return 'sentences' in window.TEXTMINE") is False
    assert page.d.execute_script("return 'proposal_map' in window.TEXTMINE") is False
    page.d.get(report.as_uri() + "#/concordance?q=guichet")
    view = page.view("concordance")
    page.wait(lambda d: view.find_elements(By.CSS_SELECTOR, ".count"))  # loaded, then drawn
    assert "3 occurrences dans 2 documents" in view.find_element(By.CSS_SELECTOR, ".count").text
    page.d.get(report.as_uri() + "#/document/d1")
    doc = page.view("document")
    page.wait(lambda d: doc.find_elements(By.CSS_SELECTOR, ".doctext mark.ent.ORG"))
    page.d.get(report.as_uri() + "#/cartes")  # the maps' tables, loaded when the maps open
    maps = page.view("cartes")
    page.wait(lambda d: maps.find_elements(By.CSS_SELECTOR, "canvas.proposal-map"))
    assert maps.find_elements(By.CSS_SELECTOR, ".cluster-bubble")


def _many_proposals(french_run: dict[str, pd.DataFrame], n: int) -> dict[str, pd.DataFrame]:
    """french_run with ``n`` more proposals, the last one spelled with accents, a ligature and a
    typographic apostrophe: more rows than the page folds in one slice of its search index."""
    extra = [(f"pm{k:05d}", f"Mesure {k} : renforcer la santé des élèves.") for k in range(n - 1)]
    extra.append(("pzdernier", "Créer un cœur de réseau pour l’accès à l'Hôpital."))
    more = pd.DataFrame(
        {
            "proposal_id": [e[0] for e in extra],
            "doc_id": "d2",
            "kind": "prose",
            "start_char": 0,
            "end_char": 10,
            "text": [e[1] for e in extra],
            "cluster_id": 2,
        }
    )
    proposals = pd.concat([french_run["proposals"], more], ignore_index=True)
    return {**french_run, "proposals": schema.conform("proposals", proposals)}


def _plain(text: str) -> str:  # French numbers group thousands with a narrow no-break space
    return text.replace("\u202f", " ").replace("\xa0", " ")


def test_a_search_typed_while_the_index_is_built_is_completed_and_ignores_accents(
    page: Page, french_run, tmp_path
):
    tables = _many_proposals(french_run, 12_000)  # three slices of the index (4,000 rows each)
    total = len(tables["proposals"])
    report = write_report(tables, MANIFEST, tmp_path / "report.html")
    page.d.get(report.as_uri())
    page.wait(lambda d: d.execute_script("return document.documentElement.dataset.ready"))
    # The list opened and a query typed in the same task: no row is folded yet.
    first = page.d.execute_script(
        "location.hash = '#/propositions';"
        "window.dispatchEvent(new HashChangeEvent('hashchange'));"
        "var box = document.querySelector('#view-propositions input.search');"
        "box.value = 'COEUR reseau l\\'acces hopital'; box.dispatchEvent(new Event('input'));"
        "return document.querySelector('#view-propositions .count').textContent;"
    )
    assert _plain(first) == f"au moins 0 proposition sur {total:,} (recherche en cours…)".replace(
        ",", " "
    )
    page.wait(lambda d: "en cours" not in page.count("propositions"))
    assert _plain(page.count("propositions")) == f"1 proposition sur {total:,}".replace(",", " ")
    assert page.row_ids("propositions") == ["pzdernier"]
    marks = page.view("propositions").find_elements(By.CSS_SELECTOR, "tbody mark")
    assert [m.text for m in marks] == ["cœur", "réseau", "l’accès", "Hôpital"]
    _type(page, "propositions", "")  # every row again, the last one on the last page
    page.view("propositions").find_element(By.CSS_SELECTOR, ".pager button.last").click()
    assert page.row_ids("propositions")[-1] == "pzdernier"
    _type(page, "propositions", "sante des eleves 11998")  # a row of the last slice, by typing
    assert page.row_ids("propositions") == ["pm11998"]


def test_no_javascript_error_so_far(page: Page):
    errors = [e for e in page.d.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []


def test_hostile_text_stays_inert_and_the_csp_blocks_an_injected_script(page: Page):
    page.open("documents")
    _type(page, "documents", "note")
    assert 'Note <img src="x" onerror="window.__pwned=1">' in page.view("documents").text
    page.open("document/d3")
    assert "<script>window.__pwned=2</script>" in page.view("document").text
    assert page.d.find_elements(By.CSS_SELECTOR, "#view-document img, #view-document script") == []
    page.d.execute_script(
        "var s = document.createElement('script'); s.textContent = 'window.__pwned = 3';"
        "document.body.appendChild(s);"
    )
    time.sleep(0.2)
    assert page.d.execute_script("return window.__pwned === undefined")
    log = [e["message"] for e in page.d.get_log("browser")]
    assert any("Content Security Policy" in m for m in log), log


def test_no_request_leaves_file_urls(page: Page):
    urls = []
    for entry in page.d.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    assert urls, "the performance log recorded no request at all"
    assert [u for u in urls if not u.startswith(("file:", "data:", "blob:"))] == []
